import pytest
from django.core.management import call_command
from django.db.models import Q

from chuyende.archive.enums import BuildStatus
from chuyende.archive.models import SearchEntry, Volume
from chuyende.archive.search import search
from chuyende.papers.enums import PaperState
from chuyende.papers.models import PaperVersion, SessionAgendaItem

pytestmark = pytest.mark.django_db


def test_demo_volume_binds_the_finalized_papers_in_session_order_and_is_searchable():
    call_command("demo")
    volume = Volume.objects.get(year=2016)
    papers = [key for key in volume.item_keys if key.startswith("paper:")]
    versions = PaperVersion.objects.in_bulk([int(key.split(":")[1]) for key in papers])
    assert papers and all(v.paper.state == PaperState.FINALIZED for v in versions.values())
    order = dict(SessionAgendaItem.objects.values_list("paper_id", "position"))
    positions = [order.get(versions[int(key.split(":")[1])].paper_id, 999) for key in papers]
    assert positions == sorted(positions)
    assert volume.builds.get().status == BuildStatus.DONE
    indexed = set(SearchEntry.objects.values_list("kind", flat=True).distinct())
    assert indexed >= {"document", "paper", "minutes", "volume"}
    hits = search("tu dien bien", scope=~Q(pk__in=[]), limit=50)
    assert f"volume:{volume.pk}" in {hit.item_key for hit in hits}

"""How often each manifestation is named in the papers of a committee, per cell and overall."""

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count

from chuyende.orgs.models import Organization
from chuyende.orgs.rules import subtree_q

from ..enums import PaperState
from ..models import Manifestation, PositionPaper, TagSet


@dataclass
class ManifestationCount:
    manifestation: Manifestation
    total: int = 0
    by_cell: dict[int, int] = field(default_factory=dict)


def manifestation_counts(
    organization: Organization, tag_set: TagSet | None = None
) -> list[ManifestationCount]:
    """For each manifestation of `tag_set` (default: the first active set), the number of papers of
    cells under `organization` that name it (drafts excluded), overall and per cell id. The counts
    come from one aggregate query."""
    tag_set = tag_set or TagSet.objects.filter(is_active=True).first()
    if tag_set is None:
        return []
    through = PositionPaper.manifestations.through
    rows = (
        through.objects.filter(subtree_q([organization.path], field="positionpaper__organization__path"))
        .filter(manifestation__tag_set=tag_set)
        .exclude(positionpaper__state=PaperState.DRAFT)
        .values("manifestation_id", "positionpaper__organization_id")
        .annotate(n=Count("positionpaper_id", distinct=True))
    )
    by_manifestation: dict[int, dict[int, int]] = defaultdict(dict)
    for row in rows:
        by_manifestation[row["manifestation_id"]][row["positionpaper__organization_id"]] = row["n"]
    return [
        ManifestationCount(m, sum(by_manifestation[m.pk].values()), by_manifestation[m.pk])
        for m in tag_set.manifestations.order_by("order")
    ]

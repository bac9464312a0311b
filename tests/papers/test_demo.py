from django.core.management import call_command

from chuyende.papers.enums import CommentChannel, CommentTarget
from chuyende.papers.models import PaperComment, PositionPaper, SessionAgendaItem


def test_demo_gives_every_cell_a_tagged_paper_with_comments_and_session(db):
    call_command("demo", verbosity=0)
    call_command("demo", verbosity=0)  # idempotent
    papers = PositionPaper.objects.all()
    assert papers.count() == 5
    assert all(p.manifestations.count() == 3 for p in papers)
    assert all(p.assignment_id is not None for p in papers)
    assert sorted(papers.values_list("state", flat=True)) == ["finalized"] * 2 + ["presented"] * 3
    assert SessionAgendaItem.objects.count() == 5
    assert PaperComment.objects.filter(channel=CommentChannel.AT_SESSION).count() == 5
    assert PaperComment.objects.filter(target=CommentTarget.CELL).count() == 5
    assert PaperComment.objects.exclude(disposition="pending").count() == 6

import pytest

from chuyende.common.errors import DomainError, NotAllowed
from chuyende.papers import domain
from chuyende.papers.enums import CommentChannel, PaperState
from chuyende.papers.models import Manifestation

from .helpers import committee_meeting, key, paper, submitted_paper


def tags(*codes):
    return list(Manifestation.objects.filter(code__in=codes))


def test_reference_data_has_27_manifestations_in_three_groups(db):
    assert Manifestation.objects.count() == 27
    assert sorted(Manifestation.objects.order_by().values_list("group_code", flat=True).distinct()) == [
        "CT",
        "DB",
        "DD",
    ]
    assert list(
        Manifestation.objects.filter(official_wording_verified=True).values_list("code", flat=True)
    ) == ["CT1"]


def test_manifestation_counts_per_cell_and_overall(world, django_assert_num_queries):
    a = paper(world)
    domain.update_paper(
        actor=world.users["member"], paper=a, version=a.version, manifestations=tags("CT5", "CT8")
    )
    domain.set_paper_state(actor=world.users["member"], paper=a, state=PaperState.SUBMITTED)
    b = paper(world, cell=world.cell_b, actor=world.users["secretary"], authors=[world.member_b])
    domain.update_paper(
        actor=world.users["secretary"], paper=b, version=b.version, manifestations=tags("CT5", "DD1")
    )
    domain.set_paper_state(actor=world.users["secretary"], paper=b, state=PaperState.SUBMITTED)
    draft = paper(world)  # drafts do not count
    domain.update_paper(
        actor=world.users["member"], paper=draft, version=draft.version, manifestations=tags("CT5")
    )
    x = paper(world, cell=world.cell_x, actor=world.users["outsider"])  # other committee
    domain.update_paper(actor=world.users["outsider"], paper=x, version=x.version, manifestations=tags("CT5"))
    domain.set_paper_state(actor=world.users["outsider"], paper=x, state=PaperState.SUBMITTED)
    with django_assert_num_queries(3):  # tag set, counts, manifestations
        counts = {c.manifestation.code: c for c in domain.manifestation_counts(world.committee)}
    assert len(counts) == 27
    assert counts["CT5"].total == 2
    assert counts["CT5"].by_cell == {world.cell_a.pk: 1, world.cell_b.pk: 1}
    assert (counts["CT8"].total, counts["DD1"].total, counts["CT1"].total) == (1, 1, 0)
    assert domain.manifestation_counts(world.superior)[4].total == 3


def test_session_agenda_comments_aloud_and_presented(world):
    a = submitted_paper(world)
    b = paper(world, cell=world.cell_b, actor=world.users["secretary"], authors=[world.member_b])
    b = domain.set_paper_state(actor=world.users["secretary"], paper=b, state=PaperState.SUBMITTED)
    meeting = committee_meeting(world)
    with pytest.raises(NotAllowed):
        domain.set_session_agenda(actor=world.users["cell_secretary"], meeting=meeting, items=[{"paper": a}])
    items = domain.set_session_agenda(
        actor=world.users["secretary"], meeting=meeting, items=[{"paper": b, "minutes": 15}, {"paper": a}]
    )
    assert [(i.position, i.paper, i.presenter, i.minutes) for i in items] == [
        (1, b, world.member_b, 15),
        (2, a, world.member_a, 10),
    ]
    assert (items[1].starts_at - items[0].starts_at).total_seconds() == 15 * 60
    comment = domain.add_comment(actor=world.users["secretary"], paper=a, meeting=meeting, on_behalf_of=world.member_b,
                                 text="Nói đi đôi với làm.", idempotency_key=key())  # fmt: skip
    assert (comment.channel, comment.author, comment.recorded_by) == (
        CommentChannel.AT_SESSION, world.member_b, world.users["secretary"],
    )  # fmt: skip
    with pytest.raises(DomainError, match="đảng viên của Đảng bộ"):
        domain.add_comment(actor=world.users["secretary"], paper=a, meeting=meeting, on_behalf_of=world.member_x,
                           text="x", idempotency_key=key())  # fmt: skip
    with pytest.raises(NotAllowed):
        domain.add_comment(actor=world.users["member"], paper=a, meeting=meeting, on_behalf_of=world.member_b,
                           text="x", idempotency_key=key())  # fmt: skip
    assert domain.mark_agenda_presented(actor=world.users["secretary"], meeting=meeting) == 2
    a.refresh_from_db()
    assert a.state == PaperState.PRESENTED


def test_agenda_refuses_drafts_and_papers_of_other_committees(world):
    meeting = committee_meeting(world)
    with pytest.raises(DomainError, match="chưa được gửi"):
        domain.set_session_agenda(
            actor=world.users["secretary"], meeting=meeting, items=[{"paper": paper(world)}]
        )
    x = paper(world, cell=world.cell_x, actor=world.users["outsider"])
    x = domain.set_paper_state(actor=world.users["outsider"], paper=x, state=PaperState.SUBMITTED)
    with pytest.raises(DomainError, match="không thuộc chi bộ"):
        domain.set_session_agenda(actor=world.users["secretary"], meeting=meeting, items=[{"paper": x}])

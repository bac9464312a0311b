import pytest

from chuyende.common.errors import DomainError, NotAllowed
from chuyende.papers import domain
from chuyende.papers.enums import CommentTarget, PaperState

from .helpers import key, paper, submitted_paper


def test_full_lifecycle_creates_versions_and_freezes(world):
    p = submitted_paper(world)
    p = domain.set_paper_state(actor=world.users["secretary"], paper=p, state=PaperState.PRESENTED)
    p = domain.update_paper(actor=world.users["member"], paper=p, version=p.version,
                            text="Nội dung đã hoàn thiện sau hội nghị.")  # fmt: skip
    p = domain.set_paper_state(actor=world.users["member"], paper=p, state=PaperState.FINALIZED)
    assert p.state == PaperState.FINALIZED
    assert p.finalized_at is not None
    assert list(p.versions.values_list("number", flat=True)) == [1, 2]
    with pytest.raises(DomainError, match="đã hoàn thiện"):
        domain.update_paper(actor=world.users["member"], paper=p, version=p.version, title="Sửa")
    with pytest.raises(DomainError, match="đã hoàn thiện"):
        domain.set_paper_state(actor=world.users["secretary"], paper=p, state=PaperState.PRESENTED)
    with pytest.raises(NotAllowed):
        domain.add_comment(actor=world.users["cell_secretary"], paper=p, text="Muộn", idempotency_key=key())


def test_finalize_without_changes_keeps_one_version(world):
    p = submitted_paper(world)
    p = domain.set_paper_state(actor=world.users["secretary"], paper=p, state=PaperState.PRESENTED)
    p = domain.set_paper_state(actor=world.users["member"], paper=p, state=PaperState.FINALIZED)
    assert p.versions.count() == 1


@pytest.mark.parametrize(
    ("start", "target"),
    [
        (PaperState.DRAFT, PaperState.PRESENTED),
        (PaperState.DRAFT, PaperState.FINALIZED),
        (PaperState.SUBMITTED, PaperState.FINALIZED),
    ],
)
def test_illegal_transition_is_refused_in_vietnamese(world, start, target):
    p = submitted_paper(world) if start == PaperState.SUBMITTED else paper(world)
    with pytest.raises(DomainError) as error:
        domain.set_paper_state(actor=world.users["secretary"], paper=p, state=target)
    assert error.value.message == (
        f"Không thể chuyển bài tham luận từ “{PaperState(start).label}” sang “{PaperState(target).label}”."
    )


def test_submitted_paper_is_locked_until_returned(world):
    p = submitted_paper(world)
    with pytest.raises(DomainError, match="Bài đã gửi Đảng uỷ"):
        domain.update_paper(actor=world.users["member"], paper=p, version=p.version, title="Sửa")
    p = domain.set_paper_state(actor=world.users["secretary"], paper=p, state=PaperState.DRAFT)
    edited = domain.update_paper(actor=world.users["member"], paper=p, version=p.version, title="Sửa")
    assert (edited.state, edited.title) == (PaperState.DRAFT, "Sửa")


def test_only_committee_leaders_mark_presented(world):
    p = submitted_paper(world)
    for role in ("member", "cell_secretary", "supervisor", "committee_member"):
        with pytest.raises(NotAllowed):
            domain.set_paper_state(actor=world.users[role], paper=p, state=PaperState.PRESENTED)


@pytest.mark.parametrize("role", ["secretary", "clerk", "superior_secretary", "cell_secretary", "member"])
def test_editors_of_the_cells_paper(world, role):
    p = paper(world)
    before = p.version
    edited = domain.update_paper(
        actor=world.users[role], paper=p, version=p.version, causes="Nguyên nhân chủ quan."
    )
    assert (edited.causes, edited.version) == ("Nguyên nhân chủ quan.", before + 1)
    assert type(p).objects.get(pk=p.pk).causes == "Nguyên nhân chủ quan."


@pytest.mark.parametrize("role", ["outsider", "nobody", "supervisor", "committee_member"])
def test_others_cannot_edit_the_cells_paper(world, role):
    p = paper(world)
    with pytest.raises(NotAllowed):
        domain.update_paper(actor=world.users[role], paper=p, version=p.version, causes="x")


def test_a_cell_cannot_edit_another_cells_paper(world):
    # The secretary of cell_b (a member there) writes for cell_b; cell_a's people cannot edit it.
    p = paper(world, cell=world.cell_b, actor=world.users["secretary"], authors=[world.member_b])
    for role in ("member", "cell_secretary"):
        with pytest.raises(NotAllowed):
            domain.update_paper(actor=world.users[role], paper=p, version=p.version, title="Sửa")
    with pytest.raises(NotAllowed):
        paper(world, cell=world.cell_b, actor=world.users["member"])


def test_authors_must_belong_to_the_cell(world):
    with pytest.raises(DomainError, match="không sinh hoạt tại"):
        paper(world, authors=[world.member_b])


@pytest.mark.parametrize(
    ("role", "allowed"),
    [
        ("member", True),  # own cell
        ("secretary", True),  # member of cell_b, same committee
        ("supervisor", False),  # oversees but is no member: nobody to sign as
        ("outsider", False),  # other committee
        ("nobody", False),
    ],
)
def test_who_may_comment(world, role, allowed):
    p = submitted_paper(world)
    call = lambda: domain.add_comment(actor=world.users[role], paper=p, text="Góp ý.", idempotency_key=key())  # noqa: E731
    if allowed:
        assert call().author.user == world.users[role]
    else:
        with pytest.raises(NotAllowed):
            call()


def test_no_comments_on_a_draft(world):
    p = paper(world)
    with pytest.raises(NotAllowed):
        domain.add_comment(actor=world.users["secretary"], paper=p, text="Sớm quá", idempotency_key=key())


def test_retried_comment_is_stored_once(world):
    p = submitted_paper(world)
    k = key()
    first = domain.add_comment(actor=world.users["secretary"], paper=p, text="Góp ý.", idempotency_key=k)
    again = domain.add_comment(actor=world.users["secretary"], paper=p, text="Góp ý.", idempotency_key=k)
    assert again.pk == first.pk
    assert p.comments.count() == 1


def test_cell_comments_are_kept_apart_and_answered(world):
    p = submitted_paper(world)
    c = domain.add_comment(actor=world.users["secretary"], paper=p, text="Chi bộ cần lập lộ trình.",
                           idempotency_key=key(), target=CommentTarget.CELL)  # fmt: skip
    assert (c.target, c.anchor, c.quoted_text) == (CommentTarget.CELL, "", "")
    with pytest.raises(DomainError, match="cần nêu lý do"):
        domain.answer_comment(actor=world.users["member"], comment=c, disposition="rejected")
    with pytest.raises(NotAllowed):
        domain.answer_comment(actor=world.users["secretary"].__class__.objects.get(username="nguoingoai"),
                              comment=c, disposition="accepted")  # fmt: skip
    c = domain.answer_comment(
        actor=world.users["member"], comment=c, disposition="accepted", answer="Đã bổ sung."
    )
    assert (c.disposition, c.answer) == ("accepted", "Đã bổ sung.")

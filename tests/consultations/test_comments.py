from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from chuyende.common.audit import verify
from chuyende.common.errors import ConflictError, DomainError, NotAllowed, NotFound
from chuyende.consultations.anchoring import anchor_comments, verify_anchors
from chuyende.consultations.domain import edit_comment, submit_comment, withdraw_comment
from chuyende.consultations.enums import Channel, CommentStatus, Stance, TargetKind
from chuyende.consultations.models import Comment, Consultation

from .helpers import consultation_for, paragraph


def _submit(world, consultation, user="member", key="k1", **fields):
    values = {"stance": Stance.PROPOSE, "text": "Đề nghị bổ sung cụm từ", "idempotency_key": key}
    values.update(fields)
    return submit_comment(actor=world.users[user], consultation=consultation, **values)


def test_member_comments_on_a_paragraph_with_quoted_text(world):
    consultation = consultation_for(world)
    block = paragraph(consultation, 2)
    comment, created = _submit(world, consultation, target=TargetKind.PARAGRAPH, block_uid=block.uid)
    assert created is True
    assert (comment.block_uid, comment.section_uid, comment.quoted_text) == (
        block.uid,
        block.section_uid,
        block.text,
    )
    assert (comment.cell_id, comment.member_id, comment.channel) == (
        world.cell_a.pk,
        world.member_a.pk,
        "online",
    )
    assert verify()[1] == []


def test_retry_with_the_same_key_returns_the_stored_comment(world):
    consultation = consultation_for(world)
    first, created = _submit(world, consultation, key="retry-1", text="Lần đầu")
    again, created_again = _submit(world, consultation, key="retry-1", text="Gửi lại")
    assert (created, created_again, again.pk, again.text) == (True, False, first.pk, "Lần đầu")
    assert Comment.objects.filter(consultation=consultation).count() == 1
    other, created_other = _submit(world, consultation, user="cell_secretary", key="retry-1")
    assert created_other is True and other.pk != first.pk  # the key is per author


def test_member_outside_the_audience_cannot_comment(world):
    """Who may see the consultation (the office) is told why; anyone else gets the very answer of
    a missing consultation, so an outsider cannot learn which ids exist."""
    consultation = consultation_for(world, organizations=[world.cell_b])
    hidden = "Không tìm thấy đợt lấy ý kiến này hoặc bạn không có quyền xem."
    for name in ("member", "outsider", "nobody"):  # member_a is in cell_a
        with pytest.raises(NotFound) as refused:
            _submit(world, consultation, user=name)
        assert refused.value.message == hidden
    with pytest.raises(NotAllowed, match="không thuộc đối tượng"):
        _submit(world, consultation, user="clerk")  # the office sees it, is not consulted
    assert _submit(world, consultation, user="secretary")[1] is True  # a member of cell_b


def test_channels_refuse_hidden_consultations_as_missing(world):
    consultation = consultation_for(world, organizations=[world.cell_b])
    cell_meeting = {"channel": Channel.CELL_MEETING, "cell": world.cell_a, "agreeing_members": 3}
    written = {"channel": Channel.WRITTEN, "submitter_name": "Ông Lê Văn A"}
    for fields in (cell_meeting, written, {"channel": "fax"}):
        with pytest.raises(NotFound):
            _submit(world, consultation, user="outsider", **fields)
    with pytest.raises(NotAllowed):  # a member of its audience sees it: told the reason
        _submit(world, consultation_for(world), key="w", channel=Channel.WRITTEN, submitter_name="X")
    assert not Comment.objects.exists()


def test_named_member_is_in_the_audience(world):
    consultation = consultation_for(world, members=[world.member_x])
    assert _submit(world, consultation, user="outsider")[1] is True
    with pytest.raises(NotFound):
        _submit(world, consultation, user="member")


def test_edit_and_withdraw_before_close(world):
    consultation = consultation_for(world)
    comment, _ = _submit(world, consultation)
    comment = edit_comment(
        actor=world.users["member"],
        comment=comment,
        stance=Stance.DISAGREE,
        text="Sửa lại",
        expected_revision=1,
    )
    stored = Comment.objects.get(pk=comment.pk)
    assert (stored.stance, stored.text, stored.revision) == ("disagree", "Sửa lại", 2)
    with pytest.raises(ConflictError):
        edit_comment(
            actor=world.users["member"], comment=stored, stance="agree", text="x", expected_revision=1
        )
    with pytest.raises(NotAllowed):
        withdraw_comment(actor=world.users["cell_secretary"], comment=stored)
    withdraw_comment(actor=world.users["member"], comment=stored)
    assert Comment.objects.get(pk=comment.pk).status == CommentStatus.WITHDRAWN


def _close(consultation):
    Consultation.objects.filter(pk=consultation.pk).update(
        opens_at=timezone.now() - timedelta(days=9), closes_at=timezone.now() - timedelta(seconds=1)
    )
    consultation.refresh_from_db()


def test_closed_window_refuses_every_change_with_a_clear_message(world):
    consultation = consultation_for(world)
    comment, _ = _submit(world, consultation)
    _close(consultation)
    comment.refresh_from_db()
    comment.consultation = consultation
    with pytest.raises(DomainError, match="đã kết thúc lúc .* Không thể gửi, sửa hoặc rút"):
        _submit(world, consultation, key="k2")
    with pytest.raises(DomainError, match="đã kết thúc"):
        edit_comment(
            actor=world.users["member"], comment=comment, stance="agree", text="x", expected_revision=1
        )
    with pytest.raises(DomainError, match="đã kết thúc"):
        withdraw_comment(actor=world.users["member"], comment=comment)


def test_window_not_yet_open_refuses(world):
    consultation = consultation_for(world, opens_delta=timedelta(days=1), closes_delta=timedelta(days=3))
    with pytest.raises(DomainError, match="chưa bắt đầu"):
        _submit(world, consultation)


def test_cell_comment_counts_once_with_agreeing_members(world):
    consultation = consultation_for(world)
    comment, _ = _submit(
        world, consultation, user="cell_secretary", channel=Channel.CELL_MEETING, cell=world.cell_a,
        agreeing_members=7,
    )  # fmt: skip
    assert (comment.cell_id, comment.agreeing_members, comment.submitter_name, comment.member_id) == (
        world.cell_a.pk, 7, world.cell_a.name, None,
    )  # fmt: skip
    with pytest.raises(NotAllowed):  # a member is not the cell's secretary
        _submit(
            world, consultation, key="k9", channel=Channel.CELL_MEETING, cell=world.cell_a, agreeing_members=2
        )
    with pytest.raises(NotAllowed):  # another cell's secretary
        _submit(
            world, consultation, user="cell_secretary", key="k8", channel=Channel.CELL_MEETING, cell=world.cell_b,
            agreeing_members=2,
        )  # fmt: skip


def test_written_submission_is_typed_by_the_office_only(world):
    consultation = consultation_for(world)
    comment, _ = _submit(
        world, consultation, user="clerk", channel=Channel.WRITTEN, submitter_name="Ông Lê Văn A"
    )
    assert (comment.channel, comment.submitter_name) == ("written", "Ông Lê Văn A")
    with pytest.raises(NotAllowed):
        _submit(world, consultation, user="member", key="w2", channel=Channel.WRITTEN, submitter_name="X")


def test_submit_is_one_statement_once_the_member_is_known(world):
    consultation = consultation_for(world)
    consultation = Consultation.objects.get(pk=consultation.pk)
    uid = paragraph(consultation).uid
    user = world.users["member"]
    user.refresh_from_db()
    counts = []
    for key in ("q1", "q2"):
        with CaptureQueriesContext(connection) as queries:
            submit_comment(
                actor=user, consultation=consultation, stance="agree", text="Tán thành", idempotency_key=key,
                target=TargetKind.PARAGRAPH, block_uid=uid,
            )  # fmt: skip
        counts.append([q["sql"][:30] for q in queries])
    # first: the member's cell, the paragraph (cached per version), the insert; then the insert only
    assert [len(c) for c in counts] == [3, 1], counts
    assert counts[1][0].startswith("INSERT INTO")


def test_submitted_comments_are_sealed_in_batches_and_tampering_is_detected(world):
    consultation = consultation_for(world)
    for key in ("a1", "a2", "a3"):
        _submit(world, consultation, key=key)
    later = timezone.now() + timedelta(minutes=2)
    [anchor] = anchor_comments(consultation, now=later)
    assert (anchor.count, anchor_comments(consultation, now=later)) == (3, [])
    assert verify_anchors(consultation) == [] and verify()[1] == []
    Comment.objects.filter(idempotency_key="a2").update(submitted_hash="0" * 64)
    assert verify_anchors(consultation) == [anchor]


def test_anchor_command_seals_and_verifies(world):
    from django.core.management import call_command

    consultation = consultation_for(world)
    _submit(world, consultation, key="cmd")
    Comment.objects.update(created_at=timezone.now() - timedelta(minutes=5))
    call_command("anchor_comments", "--verify")
    assert consultation.anchors.get().count == 1
    Comment.objects.update(idempotency_key="changed")
    with pytest.raises(SystemExit):
        call_command("anchor_comments", "--verify")


def test_office_closes_the_window_early_then_comments_are_refused(world):
    from chuyende.consultations.domain import close_early

    consultation = consultation_for(world)
    with pytest.raises(NotAllowed):
        close_early(actor=world.users["member"], consultation=consultation)
    close_early(actor=world.users["clerk"], consultation=consultation)
    with pytest.raises(DomainError, match="đã kết thúc"):
        _submit(world, consultation)


def test_window_closes_at_exactly_closes_at(world):
    """`closes_at` is the first instant when commenting is refused; one microsecond before is open."""
    from chuyende.consultations.domain.comments import check_window

    consultation = consultation_for(world)
    check_window(consultation, now=consultation.closes_at - timedelta(microseconds=1))
    with pytest.raises(DomainError) as refused:
        check_window(consultation, now=consultation.closes_at)
    closed = timezone.localtime(consultation.closes_at).strftime("%H:%M ngày %d/%m/%Y")
    assert refused.value.message == (
        f"Đợt lấy ý kiến đã kết thúc lúc {closed}. Không thể gửi, sửa hoặc rút ý kiến nữa."
    )


def test_window_opens_at_exactly_opens_at(world):
    from chuyende.consultations.domain.comments import check_window

    consultation = consultation_for(world)
    check_window(consultation, now=consultation.opens_at)
    with pytest.raises(DomainError) as refused:
        check_window(consultation, now=consultation.opens_at - timedelta(microseconds=1))
    assert refused.value.message.startswith("Đợt lấy ý kiến chưa bắt đầu; mời đồng chí góp ý từ ")

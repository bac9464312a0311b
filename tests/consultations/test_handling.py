from datetime import timedelta

import pytest
from django.utils import timezone

from chuyende.common.actors import SYSTEM
from chuyende.common.errors import DomainError, NotAllowed
from chuyende.consultations.domain import (
    dispose,
    edit_comment,
    finish_consultation,
    publish_version,
    start_next_version,
    submit_comment,
    unhandled_count,
)
from chuyende.consultations.enums import ConsultationStatus, Decision
from chuyende.consultations.models import Comment, CommentGroup, Consultation, SynthesisRun

from .helpers import consultation_for, paragraph


def _comments(world, consultation, n=3):
    users = ["member", "cell_secretary", "secretary"]
    return [
        submit_comment(
            actor=world.users[users[i]], consultation=consultation, stance="propose", text=f"Ý kiến {i}",
            idempotency_key=f"k{i}", target="paragraph", block_uid=paragraph(consultation).uid,
        )[0]
        for i in range(n)
    ]  # fmt: skip


def _close(consultation):
    Consultation.objects.filter(pk=consultation.pk).update(
        opens_at=timezone.now() - timedelta(days=9), closes_at=timezone.now() - timedelta(seconds=1)
    )
    consultation.refresh_from_db()


def test_only_the_office_handles_comments(world):
    consultation = consultation_for(world)
    comment = _comments(world, consultation, 1)[0]
    for name in ("member", "cell_secretary", "committee_member", "supervisor", "outsider"):
        with pytest.raises(NotAllowed):
            dispose(
                actor=world.users[name], consultation=consultation, decision="accepted",
                explanation="x", comment_ids=[comment.pk],
            )  # fmt: skip
    for name in ("clerk", "secretary", "superior_secretary"):
        dispose(
            actor=world.users[name], consultation=consultation, decision="rejected",
            explanation="Không phù hợp", comment_ids=[comment.pk],
        )  # fmt: skip


def test_explanation_is_mandatory(world):
    consultation = consultation_for(world)
    comment = _comments(world, consultation, 1)[0]
    with pytest.raises(DomainError, match="giải trình"):
        dispose(actor=world.users["clerk"], consultation=consultation, decision="accepted", explanation=" ",
                comment_ids=[comment.pk])  # fmt: skip


def test_group_disposition_applies_to_every_member_and_counter_drops(world):
    consultation = consultation_for(world)
    comments = _comments(world, consultation, 3)
    run = SynthesisRun.objects.create(consultation=consultation)
    group = CommentGroup.objects.create(
        consultation=consultation, run=run, representative=comments[0], representative_text="x", size=2
    )
    Comment.objects.filter(pk__in=[comments[0].pk, comments[1].pk]).update(group=group)
    assert unhandled_count(consultation) == 3
    disposition = dispose(
        actor=world.users["clerk"], consultation=consultation, decision=Decision.COVERED,
        explanation="Dự thảo đã thể hiện", group=group,
    )  # fmt: skip
    assert sorted(disposition.comments.values_list("pk", flat=True)) == [comments[0].pk, comments[1].pk]
    assert unhandled_count(consultation) == 1


def test_handled_comment_cannot_be_edited(world):
    consultation = consultation_for(world)
    comment = _comments(world, consultation, 1)[0]
    dispose(actor=world.users["clerk"], consultation=consultation, decision="later", explanation="Nghiên cứu",
            comment_ids=[comment.pk])  # fmt: skip
    comment.refresh_from_db()
    with pytest.raises(DomainError, match="đã được tiếp thu"):
        edit_comment(
            actor=world.users["member"], comment=comment, stance="agree", text="x", expected_revision=1
        )


def test_accepted_comment_links_to_the_changed_paragraph_of_the_next_version(world):
    consultation = consultation_for(world)
    comment = _comments(world, consultation, 1)[0]
    v2 = start_next_version(actor=SYSTEM, draft=consultation.version.draft)
    with pytest.raises(DomainError, match="Chỉ ý kiến được tiếp thu"):
        dispose(actor=world.users["clerk"], consultation=consultation, decision="rejected", explanation="x",
                comment_ids=[comment.pk], changed_version=v2, changed_block_uid=comment.block_uid)  # fmt: skip
    with pytest.raises(DomainError, match="phiên bản sau"):
        dispose(actor=world.users["clerk"], consultation=consultation, decision="accepted", explanation="x",
                comment_ids=[comment.pk], changed_version=consultation.version,
                changed_block_uid=comment.block_uid)  # fmt: skip
    publish_version(actor=SYSTEM, version=v2)
    disposition = dispose(
        actor=world.users["clerk"], consultation=consultation, decision="accepted", explanation="Đã sửa",
        comment_ids=[comment.pk], changed_version=v2, changed_block_uid=comment.block_uid,
    )  # fmt: skip
    assert (disposition.changed_version_id, disposition.changed_block_uid) == (v2.pk, comment.block_uid)


def test_nothing_closes_while_a_comment_is_unhandled(world):
    consultation = consultation_for(world)
    comments = _comments(world, consultation, 2)
    with pytest.raises(DomainError, match="Chưa hết thời gian"):
        finish_consultation(actor=world.users["clerk"], consultation=consultation)
    _close(consultation)
    dispose(actor=world.users["clerk"], consultation=consultation, decision="accepted", explanation="Tiếp thu",
            comment_ids=[comments[0].pk])  # fmt: skip
    with pytest.raises(DomainError, match="Còn 1 ý kiến chưa được tiếp thu"):
        finish_consultation(actor=world.users["clerk"], consultation=consultation)
    with pytest.raises(NotAllowed):
        finish_consultation(actor=world.users["member"], consultation=consultation)
    dispose(actor=world.users["clerk"], consultation=consultation, decision="rejected", explanation="Không phù hợp",
            comment_ids=[comments[1].pk])  # fmt: skip
    finish_consultation(actor=world.users["clerk"], consultation=consultation)
    assert Consultation.objects.get(pk=consultation.pk).status == ConsultationStatus.HANDLED
    with pytest.raises(DomainError, match="đã kết thúc"):
        dispose(actor=world.users["clerk"], consultation=consultation, decision="accepted", explanation="x",
                comment_ids=[comments[1].pk])  # fmt: skip


def test_final_version_is_issued_as_a_numbered_resolution_and_disseminated(world):
    from datetime import date

    from chuyende.consultations.domain.issuing import issue_resolution
    from chuyende.documents.models import Recipient
    from chuyende.orgs.domain import create_term

    consultation = consultation_for(world)
    comment = _comments(world, consultation, 1)[0]
    term = create_term(actor=SYSTEM, organization=world.committee, name="Nhiệm kỳ 2025 – 2030",
                       starts_on=date(2025, 7, 1))  # fmt: skip
    v2 = start_next_version(actor=SYSTEM, draft=consultation.version.draft)
    publish_version(actor=SYSTEM, version=v2)
    dispose(actor=world.users["clerk"], consultation=consultation, decision="accepted", explanation="Tiếp thu",
            comment_ids=[comment.pk], changed_version=v2, changed_block_uid=comment.block_uid)  # fmt: skip
    with pytest.raises(DomainError, match="kết thúc đợt lấy ý kiến"):
        issue_resolution(
            actor=world.users["clerk"],
            consultation=consultation,
            term=term,
            signer=world.users["secretary"].member,
        )
    _close(consultation)
    finish_consultation(actor=world.users["clerk"], consultation=consultation)
    document = issue_resolution(
        actor=world.users["clerk"], consultation=consultation, term=term, signer=world.users["secretary"].member,
        issued_on=date(2026, 11, 27),
    )  # fmt: skip
    assert document.number_symbol.endswith("-NQ/" + world.committee.body_code)
    assert document.body[0] == {
        "type": "heading",
        "level": 1,
        "number": "Phần I.",
        "text": "ĐÁNH GIÁ TÌNH HÌNH",
    }
    assert Recipient.objects.filter(document=document).count() == 4  # every member of the committee
    assert Consultation.objects.get(pk=consultation.pk).issued_document_id == document.pk
    with pytest.raises(DomainError, match="đã được ban hành"):
        issue_resolution(
            actor=world.users["clerk"],
            consultation=consultation,
            term=term,
            signer=world.users["secretary"].member,
        )


def test_finished_consultation_cannot_move_again(world):
    """Consultation.status has one transition function: open → handled, and nothing after."""
    from chuyende.consultations.domain.consultations import move_consultation

    consultation = consultation_for(world)
    move_consultation(consultation, ConsultationStatus.HANDLED)
    assert Consultation.objects.get(pk=consultation.pk).status == ConsultationStatus.HANDLED
    with pytest.raises(DomainError) as refused:
        move_consultation(consultation, ConsultationStatus.OPEN)
    assert refused.value.message == (
        "Không thể chuyển đợt lấy ý kiến từ “Đã tiếp thu, giải trình xong” sang “Đang lấy ý kiến”."
    )

"""Handling (tiếp thu, giải trình): a disposition for one comment, a few, or a whole group."""

from collections.abc import Sequence

from django.db import transaction
from django.utils.translation import gettext as _

from chuyende.common import audit
from chuyende.common.errors import DomainError, NotAllowed

from ..enums import CHANGING_DECISIONS, CommentStatus, ConsultationStatus, Decision
from ..models import Block, Comment, CommentGroup, Consultation, Disposition, DraftVersion
from ..rules import can_handle_comments


def handling_partition(consultation: Consultation) -> str:
    return f"consultation:{consultation.pk}:handling"


def check_changed_block(
    consultation: Consultation, decision: str, changed_version: DraftVersion | None, uid: str
) -> None:
    """The paragraph an accepted comment changed must be a block of a later version of the draft."""
    if decision not in CHANGING_DECISIONS:
        raise DomainError(_("Chỉ ý kiến được tiếp thu mới gắn với đoạn đã sửa."))
    draft_id = consultation.version.draft_id
    if changed_version is None or changed_version.draft_id != draft_id:
        raise DomainError(_("Phiên bản sửa đổi không thuộc dự thảo này."))
    if changed_version.number <= consultation.version.number:
        raise DomainError(_("Đoạn đã sửa phải thuộc phiên bản sau phiên bản lấy ý kiến."))
    if not Block.objects.filter(version=changed_version, uid=uid).exists():
        raise DomainError(_("Không tìm thấy đoạn đã sửa trong phiên bản mới."))


def link_changed_block(
    *, actor, disposition: Disposition, changed_version: DraftVersion, changed_block_uid: str
) -> Disposition:
    """Links an accepted disposition, after the fact, to the paragraph of the new version that
    carries the change (the office edits the draft after deciding). Changes only the link."""
    consultation = disposition.consultation
    if not can_handle_comments(actor, consultation):
        raise NotAllowed(_("Chỉ văn phòng của tổ chức mới được tiếp thu, giải trình ý kiến."))
    if consultation.status == ConsultationStatus.HANDLED:
        raise DomainError(_("Đợt lấy ý kiến đã kết thúc; không thể thay đổi kết quả xử lý."))
    check_changed_block(consultation, disposition.decision, changed_version, changed_block_uid)
    with transaction.atomic():
        before = {"changed_block_uid": disposition.changed_block_uid}
        disposition.changed_version = changed_version
        disposition.changed_block_uid = changed_block_uid
        disposition.save(update_fields=["changed_version", "changed_block_uid"])
        audit.record(
            "comment.link_change", disposition, actor=actor, partition=handling_partition(consultation),
            changes=audit.diff(disposition, before, ["changed_block_uid"]),
        )  # fmt: skip
    return disposition


def dispose(
    *,
    actor,
    consultation: Consultation,
    decision: str,
    explanation: str,
    comment_ids: Sequence[int] = (),
    group: CommentGroup | None = None,
    changed_version: DraftVersion | None = None,
    changed_block_uid: str = "",
) -> Disposition:
    """Records one disposition and applies it to the listed comments and/or every member of
    `group` (replacing any earlier disposition of those comments). Returns the disposition."""
    if not can_handle_comments(actor, consultation):
        raise NotAllowed(_(_("Chỉ văn phòng của tổ chức mới được tiếp thu, giải trình ý kiến.")))
    if consultation.status == ConsultationStatus.HANDLED:
        raise DomainError(_(_("Đợt lấy ý kiến đã kết thúc; không thể thay đổi kết quả xử lý.")))
    if decision not in Decision.values:
        raise DomainError(_("Hình thức xử lý không hợp lệ."))
    if not explanation.strip():
        raise DomainError(_("Phải ghi nội dung giải trình."))
    if group is not None and group.consultation_id != consultation.pk:
        raise DomainError(_("Nhóm ý kiến không thuộc đợt lấy ý kiến này."))
    if changed_block_uid:
        check_changed_block(consultation, decision, changed_version, changed_block_uid)
    targets = Comment.objects.filter(consultation=consultation, status=CommentStatus.ACTIVE)
    if group is not None and comment_ids:
        targets = targets.filter(pk__in=list(comment_ids)) | targets.filter(group=group)
    elif group is not None:
        targets = targets.filter(group=group)
    else:
        targets = targets.filter(pk__in=list(comment_ids))
    with transaction.atomic():
        disposition = Disposition.objects.create(
            consultation=consultation, decision=decision, explanation=explanation.strip(),
            changed_version=changed_version if changed_block_uid else None,
            changed_block_uid=changed_block_uid, group=group, decided_by=actor if actor.pk else None,
        )  # fmt: skip
        count = targets.update(disposition=disposition)
        if not count:
            raise DomainError(_("Không có ý kiến nào để xử lý."))
        audit.record(
            "comment.dispose", disposition, actor=actor, partition=handling_partition(consultation),
            changes={"decision": decision, "comments": count, "group": group.pk if group else None,
                     "changed_block": changed_block_uid},
        )  # fmt: skip
    return disposition

"""The office corrects the synthesis: merge, split, move a comment, choose the representative,
mark a group "đã xem", confirm or change where a whole-draft comment belongs.

Every correction marks the groups it touches `edited`: a rerun keeps them (and their comments)
as the person left them. Corrections wait while a run is writing, so they cannot be lost."""

from collections.abc import Sequence

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from chuyende.common import audit
from chuyende.common.errors import DomainError, NotAllowed

from ..enums import BlockKind, CommentStatus, RunStatus
from ..models import Block, Comment, CommentGroup, Consultation
from ..rules import can_handle_comments
from ..synthesis.run import refresh_counts
from .handling import handling_partition


def _check(actor, consultation: Consultation) -> None:
    if not can_handle_comments(actor, consultation):
        raise NotAllowed(_("Chỉ văn phòng của tổ chức mới được sửa kết quả tổng hợp."))
    if consultation.runs.filter(status__in=[RunStatus.QUEUED, RunStatus.RUNNING]).exists():
        raise DomainError(_("Đang tổng hợp ý kiến; hãy chờ lần tổng hợp xong rồi sửa."))


def _touch(groups: Sequence[CommentGroup]) -> None:
    ids = [g.pk for g in groups]
    CommentGroup.objects.filter(pk__in=ids).update(edited=True)
    refresh_counts(CommentGroup.objects.filter(pk__in=ids))
    for group in groups:
        group.refresh_from_db()


def _record(action: str, group: CommentGroup, actor, **changes) -> None:
    audit.record(
        action, group, actor=actor, partition=handling_partition(group.consultation), changes=changes
    )


def merge_groups(*, actor, group: CommentGroup, other: CommentGroup) -> CommentGroup:
    """Moves every comment of `other` into `group` and deletes `other`; `group` keeps its
    representative. Groups of different paragraphs or stances may be merged: a person decides."""
    _check(actor, group.consultation)
    if other.consultation_id != group.consultation_id or other.pk == group.pk:
        raise DomainError(_("Chỉ gộp được hai nhóm khác nhau của cùng đợt lấy ý kiến."))
    with transaction.atomic():
        moved = Comment.objects.filter(group=other).update(group=group)
        other_id = other.pk
        other.delete()
        _touch([group])
        _record("synthesis.merge", group, actor, merged=other_id, comments=moved)
    return group


def split_group(*, actor, group: CommentGroup, comment_ids: Sequence[int]) -> CommentGroup:
    """Takes the listed comments out of `group` into a new group (same target); returns it."""
    _check(actor, group.consultation)
    ids = list(
        Comment.objects.filter(group=group, pk__in=list(comment_ids))
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    if not ids:
        raise DomainError(_("Hãy chọn các ý kiến cần tách khỏi nhóm."))
    if len(ids) == group.comments.count():
        raise DomainError(_("Không thể tách tất cả ý kiến; nhóm phải còn ít nhất một ý kiến."))
    first = Comment.objects.get(pk=ids[0])
    with transaction.atomic():
        new = CommentGroup.objects.create(
            consultation_id=group.consultation_id, block_uid=group.block_uid, scope=group.scope,
            stance=first.stance, representative=first, representative_text=first.text, size=len(ids), edited=True,
        )  # fmt: skip
        Comment.objects.filter(pk__in=ids).update(group=new)
        if group.representative_id in ids:
            keep = group.comments.order_by("pk")[0]
            group.representative, group.representative_text = keep, keep.text
            group.save(update_fields=["representative", "representative_text"])
        _touch([group, new])
        _record("synthesis.split", group, actor, new_group=new.pk, comments=ids)
    return new


def move_comment(*, actor, comment: Comment, group: CommentGroup) -> CommentGroup:
    """Moves one comment into another group of its consultation; an emptied group is deleted."""
    _check(actor, group.consultation)
    if comment.consultation_id != group.consultation_id:
        raise DomainError(_("Ý kiến và nhóm không thuộc cùng đợt lấy ý kiến."))
    if comment.group_id == group.pk:
        raise DomainError(_("Ý kiến đã ở trong nhóm này."))
    with transaction.atomic():
        source = CommentGroup.objects.filter(comments__pk=comment.pk).first()
        Comment.objects.filter(pk=comment.pk).update(group=group)
        comment.group = group
        touched = [group]
        if source is not None:
            if not source.comments.exists():
                source.delete()
            else:
                if source.representative_id == comment.pk:
                    keep = source.comments.order_by("pk")[0]
                    source.representative, source.representative_text = keep, keep.text
                    source.save(update_fields=["representative", "representative_text"])
                touched.append(source)
        _touch(touched)
        _record("synthesis.move", group, actor, comment=comment.pk, source=source.pk if source else None)
    return group


def choose_representative(*, actor, group: CommentGroup, comment: Comment) -> CommentGroup:
    """The comment whose text stands for the group in the handling queue and the report."""
    _check(actor, group.consultation)
    if comment.group_id != group.pk:
        raise DomainError(_("Ý kiến đại diện phải thuộc nhóm này."))
    with transaction.atomic():
        group.representative, group.representative_text = comment, comment.text
        group.save(update_fields=["representative", "representative_text"])
        _touch([group])
        _record("synthesis.representative", group, actor, comment=comment.pk)
    return group


def mark_seen(*, actor, group: CommentGroup, seen: bool = True) -> CommentGroup:
    """Marks the group "đã xem" (read by the office) or clears the mark."""
    _check(actor, group.consultation)
    with transaction.atomic():
        group.seen_at = timezone.now() if seen else None
        group.seen_by = actor if seen and actor.pk else None
        group.save(update_fields=["seen_at", "seen_by"])
        _touch([group])
        _record("synthesis.seen", group, actor, seen=seen)
    return group


def place_comment(*, actor, comment: Comment, block_uid: str, group: CommentGroup | None = None) -> Comment:
    """Confirms (same paragraph) or changes the paragraph a whole-draft or section comment belongs
    to. Changed: the comment goes into `group` (a group of that paragraph) or a group of its own."""
    consultation = comment.consultation
    _check(actor, consultation)
    if comment.block_uid or comment.status != CommentStatus.ACTIVE:
        raise DomainError(_("Chỉ ý kiến góp chung cho dự thảo hoặc một mục mới cần chọn đoạn."))
    paragraphs = Block.objects.filter(version_id=consultation.version_id, kind=BlockKind.PARAGRAPH)
    if not paragraphs.filter(uid=block_uid).exists():
        raise DomainError(_("Không tìm thấy đoạn này trong dự thảo."))
    if group is not None and (group.consultation_id != consultation.pk or group.block_uid != block_uid):
        raise DomainError(_("Nhóm được chọn không thuộc đoạn này."))
    with transaction.atomic():
        current = CommentGroup.objects.filter(comments__pk=comment.pk).first()
        Comment.objects.filter(pk=comment.pk).update(suggested_block_uid=block_uid, placement_confirmed=True)
        comment.suggested_block_uid, comment.placement_confirmed = block_uid, True
        if current is None or current.block_uid != block_uid:
            target = group or CommentGroup.objects.create(
                consultation=consultation, block_uid=block_uid, scope=block_uid, stance=comment.stance,
                representative=comment, representative_text=comment.text, size=1, edited=True,
            )  # fmt: skip
            move_comment(actor=actor, comment=comment, group=target)
        else:
            _touch([current])
        audit.record("comment.place", comment, actor=actor, partition=handling_partition(consultation),
                     changes={"block": block_uid})  # fmt: skip
    return comment

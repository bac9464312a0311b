"""Submitting, editing and withdrawing comments: the hot path of a national consultation.

`submit_comment` costs one statement in the common case: `INSERT … ON CONFLICT DO NOTHING
RETURNING id` on the unique (consultation, author, idempotency key), so a retry returns the stored
comment and two racing retries store one row. The submission is not audited one by one: it
carries the hash of what was submitted and `anchoring.anchor_comments` seals comments into the
audit log in batches. Published versions are immutable, so their blocks are cached in the process;
a member's cell is cached for `MEMBER_TTL` seconds (a move or deactivation takes effect after that).
Edits and withdrawals are rare and audited one by one, per (consultation, cell) partition.
"""

import time
from dataclasses import dataclass

from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from chuyende.common import audit
from chuyende.common.errors import ConflictError, DomainError, NotAllowed
from chuyende.common.limits import COMMENT_MAX_CHARS, check_length
from chuyende.orgs.models import Member, Organization

from ..access import can_see_consultation, consultation_not_found
from ..anchoring import submitted_hash
from ..enums import Channel, CommentStatus, ConsultationStatus, Stance, TargetKind
from ..models import Block, Comment, Consultation
from ..rules import can_handle_comments, can_record_for_cell, member_in_audience

MAX_TEXT = COMMENT_MAX_CHARS
MEMBER_TTL = 10.0
_MEMBERS: dict[int, tuple[float, "MemberCard | None"]] = {}
_INSERT: dict[str, tuple[str, list]] = {}


@dataclass(frozen=True)
class MemberCard:
    pk: int
    cell_id: int
    cell_path: str
    is_active: bool


def member_card(user) -> MemberCard | None:
    """The user's member id and cell, cached for MEMBER_TTL seconds in the process."""
    now = time.monotonic()
    cached = _MEMBERS.get(user.pk)
    if cached is not None and cached[0] > now:
        return cached[1]
    row = (
        Member.objects.filter(user_id=user.pk).values_list("pk", "cell_id", "cell__path", "is_active").first()
    )
    card = MemberCard(*row) if row else None
    if len(_MEMBERS) > 100_000:
        _MEMBERS.clear()
    _MEMBERS[user.pk] = (now + MEMBER_TTL, card)
    return card


def forget_member_cards() -> None:
    _MEMBERS.clear()


def _insert_or_ignore(comment: Comment) -> int | None:
    """Inserts the row; None when (consultation, author, key) exists already. One statement,
    autocommitted, on SQLite (≥ 3.35) and PostgreSQL alike."""
    if connection.vendor not in _INSERT:
        fields = [f for f in Comment._meta.concrete_fields if not f.primary_key]
        columns = ", ".join(connection.ops.quote_name(str(f.column)) for f in fields)
        sql = (
            f"INSERT INTO {connection.ops.quote_name(str(Comment._meta.db_table))} ({columns}) "
            f"VALUES ({', '.join(['%s'] * len(fields))}) "
            "ON CONFLICT (consultation_id, author_id, idempotency_key) DO NOTHING RETURNING id"
        )
        _INSERT[connection.vendor] = (sql, fields)
    sql, fields = _INSERT[connection.vendor]
    params = [f.get_db_prep_save(getattr(comment, f.attname), connection) for f in fields]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        row = cursor.fetchone()
    return row[0] if row else None


EDITABLE = ["stance", "text", "proposed_wording"]


def comment_partition(consultation_id: int, cell_id: int | None) -> str:
    return f"consultation:{consultation_id}:cell:{cell_id or 0}"


_BLOCKS: dict[int, dict[str, tuple[str, str, str]]] = {}


def _load_blocks(version_id: int) -> dict[str, tuple[str, str, str]]:
    rows = Block.objects.filter(version_id=version_id).values_list("uid", "kind", "section_uid", "text")
    if len(_BLOCKS) > 64:
        _BLOCKS.clear()
    _BLOCKS[version_id] = {uid: (kind, section, text) for uid, kind, section, text in rows}
    return _BLOCKS[version_id]


def _find_block(version_id: int, uid: str) -> tuple[str, str, str] | None:
    """(kind, section_uid, text) of a block of a published (hence immutable) version, cached per
    process; a miss reloads once, so a cache never hides a block."""
    found = _BLOCKS.get(version_id, {}).get(uid)
    return found if found is not None else _load_blocks(version_id).get(uid)


def check_window(consultation: Consultation, now=None) -> None:
    """Raises the message a member sees when the window is not open."""
    now = now or timezone.now()
    if consultation.status == ConsultationStatus.HANDLED or now >= consultation.closes_at:
        closed = timezone.localtime(consultation.closes_at).strftime("%H:%M ngày %d/%m/%Y")
        raise DomainError(
            _("Đợt lấy ý kiến đã kết thúc lúc %(closed)s. Không thể gửi, sửa hoặc rút ý kiến nữa.")
            % {"closed": closed}
        )
    if now < consultation.opens_at:
        opens = timezone.localtime(consultation.opens_at).strftime("%H:%M ngày %d/%m/%Y")
        raise DomainError(
            _("Đợt lấy ý kiến chưa bắt đầu; mời đồng chí góp ý từ %(opens)s.") % {"opens": opens}
        )


def _target(consultation: Consultation, target: str, block_uid: str) -> tuple[str, str, str]:
    """(block_uid, section_uid, quoted text) of the comment's target."""
    if target == TargetKind.DRAFT:
        return "", "", ""
    found = _find_block(consultation.version_id, block_uid)
    if found is None:
        raise DomainError(_("Không tìm thấy đoạn được góp ý trong dự thảo."))
    kind, section_uid, text = found
    if target == TargetKind.SECTION:
        return "", block_uid if kind != "paragraph" else section_uid, ""
    if target != TargetKind.PARAGRAPH:
        raise DomainError(_("Đối tượng góp ý không hợp lệ."))
    return block_uid, section_uid, text


def _validate(stance: str, text: str, proposed_wording: str, idempotency_key: str) -> None:
    if stance not in Stance.values:
        raise DomainError(_("Hãy chọn: tán thành, không tán thành hoặc đề nghị sửa đổi."))
    if not text.strip() and stance != Stance.AGREE:
        raise DomainError(_("Hãy ghi nội dung góp ý."))
    check_length(text, MAX_TEXT, _("Nội dung góp ý"))
    check_length(proposed_wording, MAX_TEXT, _("Đề xuất sửa câu chữ"))
    if not idempotency_key or len(idempotency_key) > 64:
        raise DomainError(_("Thiếu hoặc sai mã chống gửi trùng (idempotency key)."))


def _refusal(actor, consultation: Consultation, reason: str) -> DomainError:
    """A refused submission: 403 with the reason to someone who may see the consultation (an
    overseer outside the audience), the very "not found" of a missing id to anyone else, so an
    outsider cannot probe which ids exist. Only refusals pay for the scoped query: the common case
    (a member of the audience) stays one statement."""
    if can_see_consultation(actor, consultation):
        return NotAllowed(reason)
    return consultation_not_found()


def audience_member(actor, consultation: Consultation):
    """The actor's member card when they are in the consultation's audience (who may comment
    online); otherwise the refusal of `_refusal`. The comment form asks before reading its fields."""
    member = member_card(actor)
    if member is None or not member_in_audience(member.pk, member.cell_path, member.is_active, consultation):
        raise _refusal(
            actor, consultation, _("Đồng chí không thuộc đối tượng được lấy ý kiến về dự thảo này.")
        )
    return member


def submit_comment(
    *,
    actor,
    consultation: Consultation,
    stance: str,
    text: str,
    idempotency_key: str,
    target: str = TargetKind.DRAFT,
    block_uid: str = "",
    proposed_wording: str = "",
    channel: str = Channel.ONLINE,
    cell: Organization | None = None,
    agreeing_members: int = 0,
    submitter_name: str = "",
) -> tuple[Comment, bool]:
    """Stores a comment and returns (comment, created). A retry with the same idempotency key
    returns the stored comment with created False and writes nothing.

    Channels: ONLINE by a member of the audience; CELL_MEETING by the cell's secretary (or the
    office) on behalf of `cell`, with the number of members who agreed; WRITTEN typed in by the
    office for `submitter_name`.
    """
    # Permission first (who may speak on this consultation, on which channel), then the window and
    # the content: an actor outside the audience learns nothing about the consultation's state.
    now = timezone.now()
    member = None
    cell_id: int | None
    if channel == Channel.ONLINE:
        member = audience_member(actor, consultation)
        cell_id, agreeing_members, submitter_name = member.cell_id, 0, ""
    elif channel == Channel.CELL_MEETING:
        if cell is None or not can_record_for_cell(actor, cell, consultation):
            raise _refusal(
                actor, consultation, _("Chỉ bí thư chi bộ (hoặc văn phòng) được ghi ý kiến thay mặt chi bộ.")
            )
        if agreeing_members < 1:
            raise DomainError(_("Hãy ghi số đảng viên tán thành ý kiến của chi bộ."))
        cell_id, submitter_name = cell.pk, submitter_name or cell.name
    elif channel == Channel.WRITTEN:
        if not can_handle_comments(actor, consultation):
            raise _refusal(actor, consultation, _("Chỉ văn phòng được nhập văn bản góp ý."))
        if not submitter_name.strip():
            raise DomainError(_("Hãy ghi người hoặc đơn vị gửi văn bản góp ý."))
        cell_id, agreeing_members = (cell.pk if cell else None), 0
    else:
        if not can_see_consultation(actor, consultation):
            raise consultation_not_found()
        raise DomainError(_("Kênh góp ý không hợp lệ."))
    check_window(consultation, now)
    _validate(stance, text, proposed_wording, idempotency_key)
    uid, section_uid, quoted = _target(consultation, target, block_uid)
    comment = Comment(
        consultation=consultation, author_id=actor.pk, member_id=member.pk if member else None, cell_id=cell_id,
        channel=channel,
        agreeing_members=agreeing_members, submitter_name=submitter_name.strip()[:300], target=target,
        block_uid=uid, section_uid=section_uid, quoted_text=quoted, stance=stance, text=text.strip(),
        proposed_wording=proposed_wording.strip(), idempotency_key=idempotency_key,
        created_at=now, updated_at=now,
    )  # fmt: skip
    comment.submitted_hash = submitted_hash(
        consultation.pk, actor.pk, idempotency_key, channel, cell_id, agreeing_members, comment.submitter_name,
        target, uid, stance, comment.text, comment.proposed_wording, now.isoformat(),
    )  # fmt: skip
    comment.pk = _insert_or_ignore(comment)
    if comment.pk is None:
        stored = Comment.objects.get(
            consultation=consultation, author_id=actor.pk, idempotency_key=idempotency_key
        )
        return stored, False
    comment._state.adding = False
    return comment, True


def _check_own(actor, comment: Comment) -> None:
    """Permission: only the author edits or withdraws a comment (checked before any state)."""
    if comment.author_id != getattr(actor, "pk", None):
        raise NotAllowed(_("Đồng chí chỉ sửa hoặc rút được ý kiến của mình."))


def _check_active(comment: Comment) -> None:
    if comment.status != CommentStatus.ACTIVE:
        raise DomainError(_("Ý kiến này đã được rút."))
    if comment.disposition_id is not None:
        raise DomainError(_("Ý kiến đã được tiếp thu, giải trình; không thể sửa hoặc rút."))


def edit_comment(
    *, actor, comment: Comment, stance: str, text: str, proposed_wording: str = "", expected_revision: int
) -> Comment:
    """Changes the author's own comment while the window is open; the audit entry keeps the old text."""
    _check_own(actor, comment)
    check_window(comment.consultation)
    _check_active(comment)
    _validate(stance, text, proposed_wording, comment.idempotency_key)
    before = {field: getattr(comment, field) for field in EDITABLE}
    with transaction.atomic():
        comment.stance, comment.text, comment.proposed_wording = (
            stance,
            text.strip(),
            proposed_wording.strip(),
        )
        comment.updated_at = timezone.now()
        updated = Comment.objects.filter(pk=comment.pk, revision=expected_revision).update(
            stance=comment.stance, text=comment.text, proposed_wording=comment.proposed_wording,
            updated_at=comment.updated_at, revision=expected_revision + 1,
        )  # fmt: skip
        if not updated:
            raise ConflictError(_("Ý kiến vừa được sửa ở nơi khác. Hãy tải lại rồi sửa tiếp."))
        comment.revision = expected_revision + 1
        audit.record(
            "comment.edit", comment, actor=actor,
            partition=comment_partition(comment.consultation_id, comment.cell_id),
            changes=audit.diff(comment, before, EDITABLE),
        )  # fmt: skip
    return comment


def withdraw_comment(*, actor, comment: Comment) -> Comment:
    """Withdraws the author's own comment while the window is open: it no longer counts."""
    _check_own(actor, comment)
    check_window(comment.consultation)
    _check_active(comment)
    with transaction.atomic():
        comment.status = CommentStatus.WITHDRAWN
        comment.updated_at = timezone.now()
        comment.save(update_fields=["status", "updated_at"])
        audit.record(
            "comment.withdraw", comment, actor=actor,
            partition=comment_partition(comment.consultation_id, comment.cell_id),
        )  # fmt: skip
    return comment

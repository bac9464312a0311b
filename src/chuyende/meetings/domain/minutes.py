from datetime import datetime

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from chuyende.common.errors import ConflictError, DomainError, NotAllowed
from chuyende.common.limits import MAX_VOTES, MINUTES_MAX_CHARS, check_length, number
from chuyende.orgs.domain.organizations import current_term

from ..enums import AttendanceStatus, MeetingStatus, MinutesState
from ..models import Meeting, Minutes
from ..rules import can_write_minutes
from ._common import record
from .attendance import attendance_summary, ensure_started
from .status import move_meeting

EDITABLE = [
    "content",
    "proceedings",
    "conclusion",
    "votes_agree",
    "votes_disagree",
    "votes_other",
    "closed_at",
]


def current_minutes(meeting: Meeting) -> Minutes | None:
    """The latest version of the meeting's minutes (the correction, once there is one)."""
    return meeting.minutes.order_by("-number").first()


def legacy_draft_lines(meeting: Meeting) -> set[str]:
    """The agenda and totals lines earlier drafts copied into `content`. The BB prints both from
    the data (agenda, attendance), so `minutes_document` leaves these lines out instead of printing
    them twice."""
    summary = attendance_summary(meeting)
    lines = {"Chương trình sinh hoạt:", "(chưa nhập)"}
    lines |= {f"{i}. {item}" for i, item in enumerate(meeting.agenda, start=1)}
    lines.add(
        f"Tổng số đảng viên: {summary.total}; có mặt: {summary.attended}"
        f" (đến muộn: {summary.count(AttendanceStatus.LATE)}); vắng: {summary.absent}"
        f" (có lý do: {summary.count(AttendanceStatus.EXCUSED)},"
        f" không lý do: {summary.count(AttendanceStatus.UNEXCUSED)}); miễn sinh hoạt: {summary.exempt}."
    )
    return lines


def check_can_write_minutes(actor, meeting: Meeting) -> None:
    """Refuses (NotAllowed) whoever may not write the minutes of `meeting` (draft or edit them)."""
    if not can_write_minutes(actor, meeting):
        raise NotAllowed(_("Bạn không có quyền ghi biên bản buổi sinh hoạt này."))


def draft_minutes(*, actor, meeting: Meeting) -> Minutes:
    """Creates the first, empty draft of the minutes (returns the existing minutes if there are
    some). The agenda, attendance, topic, presenter and lead paper come from the data when the BB
    is printed; `content` holds only what the secretary writes."""
    check_can_write_minutes(actor, meeting)
    existing = current_minutes(meeting)
    if existing is not None:
        return existing
    if meeting.status == MeetingStatus.CANCELLED:
        raise DomainError(_("Buổi sinh hoạt đã huỷ."))
    ensure_started(meeting)
    with transaction.atomic():
        minutes = Minutes.objects.create(meeting=meeting)
        record("minutes.draft", minutes, actor=actor, organization=meeting.organization)
    return minutes


def _clean(changes: dict) -> dict:
    unknown = set(changes) - set(EDITABLE)
    if unknown:
        raise TypeError(f"unknown minutes fields: {sorted(unknown)}")
    for key in ("content", "conclusion"):
        check_length(changes.get(key), MINUTES_MAX_CHARS, _("Nội dung biên bản"))
    proceedings = changes.get("proceedings") or []
    check_length("".join(str(e.get("text", "")) for e in proceedings if isinstance(e, dict)), MINUTES_MAX_CHARS,
                 _("Phần ý kiến phát biểu"))  # fmt: skip
    for entry in proceedings:
        if not str(entry.get("speaker", "")).strip() or not str(entry.get("text", "")).strip():
            raise DomainError(_("Mỗi ý kiến phát biểu phải ghi rõ người phát biểu và nội dung."))
    for key in ("votes_agree", "votes_disagree", "votes_other"):
        if key in changes and (changes[key] is None or not 0 <= int(changes[key]) <= MAX_VOTES):
            raise DomainError(
                _("Số phiếu biểu quyết phải là số nguyên từ 0 đến %(max)s.") % {"max": number(MAX_VOTES)}
            )
    return changes


def update_minutes(*, actor, minutes: Minutes, version: int, **changes) -> Minutes:
    """Saves the secretary's edits to a draft. `version` is the one the editor read: if someone saved
    in between, nothing is written and ConflictError tells the editor to reload."""
    meeting = minutes.meeting
    check_can_write_minutes(actor, meeting)
    if minutes.state != MinutesState.DRAFT:
        raise DomainError(_("Biên bản đã được thông qua, không sửa được. Hãy lập bản đính chính."))
    changes = _clean(changes)
    with transaction.atomic():
        updated = Minutes.objects.filter(pk=minutes.pk, version=version, state=MinutesState.DRAFT).update(
            version=version + 1, updated_at=timezone.now(), **changes
        )
        if not updated:
            raise ConflictError(_("Biên bản vừa được người khác sửa. Hãy tải lại trang rồi sửa tiếp."))
        minutes.refresh_from_db()
        record("minutes.update", minutes, actor=actor, organization=meeting.organization, changes=changes)
    return minutes


def approve_minutes(*, actor, minutes: Minutes, version: int, at: datetime | None = None) -> Minutes:
    """Records that the minutes were read back and approved: they are locked from now on. A
    correction's approval supersedes the version it corrects. Stamps the meeting as held with
    approved minutes."""
    meeting = minutes.meeting
    if not can_write_minutes(actor, meeting):
        raise NotAllowed(_("Bạn không có quyền thông qua biên bản này."))
    if minutes.state != MinutesState.DRAFT:
        raise DomainError(_("Biên bản này đã được thông qua."))
    if not minutes.conclusion.strip():
        raise DomainError(_("Biên bản chưa có kết luận."))
    ensure_started(meeting)
    at = at or timezone.now()
    with transaction.atomic():
        updated = Minutes.objects.filter(pk=minutes.pk, version=version, state=MinutesState.DRAFT).update(
            state=MinutesState.APPROVED, approved_at=at, approved_by=_user(actor), version=version + 1
        )
        if not updated:
            raise ConflictError(_("Biên bản vừa được người khác sửa. Hãy tải lại trang rồi thông qua."))
        if minutes.corrects_id:
            Minutes.objects.filter(pk=minutes.corrects_id).update(state=MinutesState.SUPERSEDED)
        move_meeting(meeting, MeetingStatus.HELD, minutes_approved_at=at)
        minutes.refresh_from_db()
        # The BB is dated the meeting's day, so the term covering that day numbers it.
        _number_and_freeze(minutes, timezone.localdate(meeting.starts_at))
        record("minutes.approve", minutes, actor=actor, organization=meeting.organization,
               changes={"number_symbol": minutes.number_symbol})  # fmt: skip
    return minutes


def _term_for(organization, day):  # type: ignore[no-untyped-def]
    """The cell's own term covering `day`, else the nearest superior's (a cell often records none)."""
    while organization is not None:
        term = current_term(organization, day)
        if term is not None:
            return term
        organization = organization.parent
    return None


def _number_and_freeze(minutes: Minutes, day) -> None:  # type: ignore[no-untyped-def]
    """Gives approved minutes the next number of the cell's BB register for the term (when a term
    is recorded) and stores the PDF and DOCX rendered now, inside the approving transaction."""
    from chuyende.documents.domain.numbering import allocate_number
    from chuyende.documents.models import DocumentType
    from chuyende.documents.rendering.docx import render_docx
    from chuyende.documents.rendering.model import format_number_symbol
    from chuyende.documents.rendering.pdf import render_pdf

    from ..documents import minutes_document  # the document builder imports this module

    organization = minutes.meeting.organization
    term = _term_for(organization, day)
    if term is not None:
        number = allocate_number(
            organization=organization, document_type=DocumentType.objects.get(code="BB"), term=term
        )
        minutes.number_symbol = format_number_symbol(number, "BB", organization.body_code)
    document = minutes_document(minutes.meeting, minutes)
    stem = f"bien-ban-{minutes.meeting_id}-{minutes.number}"
    minutes.pdf_file.save(f"{stem}.pdf", ContentFile(render_pdf(document)), save=False)
    minutes.docx_file.save(f"{stem}.docx", ContentFile(render_docx(document)), save=False)
    minutes.save(update_fields=["number_symbol", "pdf_file", "docx_file"])


def correct_minutes(*, actor, minutes: Minutes, reason: str, **changes) -> Minutes:
    """Opens a correction of approved minutes: a new draft version (number + 1) with the reason,
    copied from the approved one plus `changes`. The approved version stays as it was."""
    meeting = minutes.meeting
    if not can_write_minutes(actor, meeting):
        raise NotAllowed(_("Bạn không có quyền đính chính biên bản này."))
    if minutes.state != MinutesState.APPROVED:
        raise DomainError(_("Chỉ đính chính biên bản đã được thông qua."))
    if Minutes.objects.filter(corrects=minutes).exists():
        raise DomainError(_("Biên bản này đã có bản đính chính."))
    if not reason.strip():
        raise DomainError(_("Hãy ghi lý do đính chính."))
    changes = _clean(changes)
    data = {key: getattr(minutes, key) for key in EDITABLE} | changes
    with transaction.atomic():
        correction = Minutes.objects.create(
            meeting=meeting,
            number=minutes.number + 1,
            corrects=minutes,
            correction_reason=reason.strip(),
            **data,
        )
        record(
            "minutes.correct",
            correction,
            actor=actor,
            organization=meeting.organization,
            changes={"corrects": minutes.pk, "reason": reason.strip()},
        )
    return correction


def _user(actor):
    return actor if getattr(actor, "is_authenticated", False) else None

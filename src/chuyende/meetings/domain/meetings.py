import secrets
from datetime import date, datetime, time, timedelta
from pathlib import PurePath

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from chuyende.common import audit
from chuyende.common.errors import DomainError, NeedsConfirmation, NotAllowed
from chuyende.common.outbox import MessageDraft, prepare_messages
from chuyende.orgs.enums import Role
from chuyende.orgs.models import Member, Organization
from chuyende.orgs.rules import in_any_subtree, role_paths

from ..checks import Warning, check_meeting_in_plan, check_notice
from ..enums import MeetingKind, MeetingStatus
from ..models import CalendarFeed, Material, Meeting, TopicAssignment
from ..rules import can_manage_meeting
from ._common import record, save_changes
from .plans import plan_issued_on
from .status import move_meeting

REGULAR_MEETING_DAY = 3  # Directive 50-CT/TW: every cell meets on the 3rd of the month
DEFAULT_START = time(14, 0)
MEETING_FIELDS = [
    "title",
    "starts_at",
    "ends_at",
    "place",
    "agenda",
    "chair",
    "secretary",
    "guests",
    "supervisor",
]
# File kinds members can open on a phone; anything else is refused with the list below.
MATERIAL_TYPES = {
    ".pdf": "application/pdf",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".doc": "application/msword",
    ".odt": "application/vnd.oasis.opendocument.text",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    ".txt": "text/plain",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".png": "image/png",
}


def regular_meeting_start(month: date) -> datetime:
    """The default start of a regular meeting in the month of `month`: the 3rd, 14:00 local time."""
    day = date(month.year, month.month, REGULAR_MEETING_DAY)
    return timezone.make_aware(datetime.combine(day, DEFAULT_START))


def default_duration(kind: str) -> timedelta:
    return timedelta(minutes=90 if kind == MeetingKind.REGULAR else 120)


def _check_people(organization: Organization, fields: dict) -> None:
    for key in ("chair", "secretary"):
        person: Member | None = fields.get(key)
        if person is not None and not person.cell.path.startswith(organization.path):
            raise DomainError(
                _("%(member)s không sinh hoạt tại %(organization)s.")
                % {"member": person.full_name, "organization": organization.name}
            )
    supervisor = fields.get("supervisor")
    if (
        supervisor is not None
        and organization.is_cell
        and not in_any_subtree(organization.path, role_paths(supervisor, {Role.SUPERVISOR}))
    ):
        raise DomainError(_("Người dự phải là cấp uỷ viên cấp trên được phân công theo dõi chi bộ."))
    agenda = fields.get("agenda")
    if agenda is not None and not all(isinstance(item, str) for item in agenda):
        raise DomainError(_("Chương trình sinh hoạt phải là danh sách các nội dung."))


def check_can_schedule(actor, organization: Organization) -> None:
    """Refuses (NotAllowed) whoever may not schedule meetings of `organization`: the scheduling
    page asks before reading its form, the domain again before saving."""
    if not can_manage_meeting(actor, organization):
        raise NotAllowed(_("Bạn không có quyền lên lịch sinh hoạt cho tổ chức này."))


def check_can_add_material(actor, meeting: Meeting) -> None:
    if not can_manage_meeting(actor, meeting.organization):
        raise NotAllowed(_("Bạn không có quyền đăng tài liệu cho buổi sinh hoạt này."))


def check_can_publish_materials(actor, meeting: Meeting) -> None:
    if not can_manage_meeting(actor, meeting.organization):
        raise NotAllowed(_("Bạn không có quyền phát hành tài liệu cho buổi sinh hoạt này."))


def check_can_cancel(actor, meeting: Meeting) -> None:
    if not can_manage_meeting(actor, meeting.organization):
        raise NotAllowed(_("Bạn không có quyền huỷ buổi sinh hoạt này."))


def schedule_meeting(
    *,
    actor,
    organization: Organization,
    kind: str,
    title: str,
    starts_at: datetime | None = None,
    ends_at: datetime | None = None,
    month: date | None = None,
    assignment: TopicAssignment | None = None,
    confirm_short_notice: bool = False,
    confirm_outside_plan: bool = False,
    **fields,
) -> Meeting:
    """Creates a scheduled meeting. A regular meeting without a start defaults to the 3rd of `month`
    (or of the current month). A thematic meeting for a topic assignment becomes the assignment's
    current meeting. A start already past or less than a day ahead (materials cannot reach the
    members in time) needs `confirm_short_notice`; a day outside the plan's period for the topic
    (before the plan was issued, after the cell's deadline) needs `confirm_outside_plan`. All the
    warnings that apply are given together in one NeedsConfirmation."""
    check_can_schedule(actor, organization)
    if kind not in MeetingKind.values:
        raise DomainError(_("Loại buổi sinh hoạt không hợp lệ."))
    unknown = set(fields) - set(MEETING_FIELDS)
    if unknown:
        raise TypeError(f"unknown meeting fields: {sorted(unknown)}")
    if not title.strip():
        raise DomainError(_("Nội dung buổi sinh hoạt không được để trống."))
    if starts_at is None:
        if kind != MeetingKind.REGULAR:
            raise DomainError(_("Hãy chọn thời gian bắt đầu."))
        starts_at = regular_meeting_start(month or timezone.localdate())
    ends_at = ends_at or starts_at + default_duration(kind)
    if ends_at <= starts_at:
        raise DomainError(_("Giờ kết thúc phải sau giờ bắt đầu."))
    if assignment is not None:
        if assignment.cell_id != organization.pk:
            raise DomainError(_("Chuyên đề này được phân công cho chi bộ khác."))
        if assignment.current_meeting_id is not None:
            raise DomainError(_("Chi bộ đã lên lịch sinh hoạt cho chuyên đề này."))
    _check_people(organization, fields)
    warnings = []
    if not confirm_short_notice and (warning := check_notice(starts_at, timezone.now())) is not None:
        warnings.append(warning)
    if assignment is not None and not confirm_outside_plan:
        warnings += [w for w in [outside_plan_warning(assignment, starts_at)] if w is not None]
    if warnings:
        raise NeedsConfirmation(" ".join(w.message for w in warnings))
    with transaction.atomic():
        meeting = Meeting.objects.create(
            organization=organization,
            kind=kind,
            title=title.strip(),
            starts_at=starts_at,
            ends_at=ends_at,
            assignment=assignment,
            plan_id=assignment.plan_id if assignment else None,
            **fields,
        )
        if assignment is not None:
            TopicAssignment.objects.filter(pk=assignment.pk).update(current_meeting=meeting)
            assignment.current_meeting = meeting
        record(
            "meeting.schedule",
            meeting,
            actor=actor,
            organization=organization,
            changes={"kind": kind, "title": meeting.title, "starts_at": starts_at, "ends_at": ends_at},
        )
    return meeting


def outside_plan_warning(assignment: TopicAssignment, starts_at: datetime) -> Warning | None:
    """The rule "a thematic meeting falls inside its plan's period" for a meeting of `assignment`."""
    return check_meeting_in_plan(
        timezone.localdate(starts_at), due_on=assignment.due_on, issued_on=plan_issued_on(assignment.plan)
    )


def update_meeting(*, actor, meeting: Meeting, **changes) -> Meeting:
    """Changes the time, place, agenda or people of a meeting that has not been held."""
    if not can_manage_meeting(actor, meeting.organization):
        raise NotAllowed(_("Bạn không có quyền sửa buổi sinh hoạt này."))
    if meeting.status != MeetingStatus.SCHEDULED:
        raise DomainError(_("Buổi sinh hoạt đã tổ chức hoặc đã huỷ, không sửa được."))
    _check_people(meeting.organization, changes)
    before = audit.set_fields(meeting, changes, MEETING_FIELDS)
    if meeting.ends_at <= meeting.starts_at:
        raise DomainError(_("Giờ kết thúc phải sau giờ bắt đầu."))
    save_changes(meeting, before, MEETING_FIELDS, action="meeting.update", actor=actor)
    return meeting


def add_material(
    *, actor, meeting: Meeting, upload, title: str = "", is_lead_paper: bool = False
) -> Material:
    """Stores an uploaded file for the meeting after checking its size and kind. Members see it once
    the materials are published."""
    check_can_add_material(actor, meeting)
    name = PurePath(upload.name or "").name
    suffix = PurePath(name).suffix.lower()
    if upload.size == 0:
        raise DomainError(_("Tệp “%(name)s” rỗng.") % {"name": name})
    limit = settings.CHUYENDE_MAX_UPLOAD_BYTES
    if upload.size > limit:
        raise DomainError(
            _("Tệp “%(name)s” quá lớn: tối đa %(megabytes)s MB.")
            % {"name": name, "megabytes": limit // (1024 * 1024)}
        )
    if suffix not in MATERIAL_TYPES:
        kinds = ", ".join(sorted(MATERIAL_TYPES))
        raise DomainError(
            _("Không nhận loại tệp “%(kind)s”. Chỉ nhận: %(kinds)s.")
            % {"kind": suffix or name, "kinds": kinds}
        )
    with transaction.atomic():
        material = Material.objects.create(
            meeting=meeting,
            title=title.strip() or name,
            file=upload,
            content_type=MATERIAL_TYPES[suffix],
            size=upload.size,
            is_lead_paper=is_lead_paper,
            uploaded_by=actor if getattr(actor, "is_authenticated", False) else None,
        )
        record(
            "meeting.material",
            material,
            actor=actor,
            organization=meeting.organization,
            changes={"meeting": meeting.pk, "name": name, "size": upload.size},
        )
    return material


def publish_materials(*, actor, meeting: Meeting, at: datetime | None = None) -> Meeting:
    """Publishes the meeting's materials to its members and stamps `materials_published_at`
    (the first publication counts for the 1-day rule)."""
    check_can_publish_materials(actor, meeting)
    if not meeting.materials.exists():
        raise DomainError(_("Chưa có tài liệu nào để phát hành."))
    if meeting.materials_published_at is not None:
        return meeting
    with transaction.atomic():
        meeting.materials_published_at = at or timezone.now()
        meeting.save(update_fields=["materials_published_at"])
        _prepare_materials_messages(actor, meeting)
        record(
            "meeting.publish_materials",
            meeting,
            actor=actor,
            organization=meeting.organization,
            changes={"materials_published_at": meeting.materials_published_at},
        )
    return meeting


def _prepare_materials_messages(actor, meeting: Meeting) -> int:
    """Queues (for review in the outbox) a message to every member with an e-mail address and to
    the supervising committee member: Guideline 42-HD/BTCTW wants both told before the meeting."""
    start = timezone.localtime(meeting.starts_at)
    subject = f"Tài liệu sinh hoạt: {meeting.title}"[:255]
    body = (
        f"{meeting.organization.name} sinh hoạt lúc {start:%H:%M} ngày {start:%d/%m/%Y}"
        f" tại {meeting.place or meeting.organization.name}.\nNội dung: {meeting.title}.\n"
        "Tài liệu đã được phát hành; đề nghị đồng chí nghiên cứu trước buổi sinh hoạt."
    )
    people = list(
        Member.objects.filter(cell__path__startswith=meeting.organization.path, is_active=True).exclude(
            email=""
        )
    )
    supervisor = getattr(meeting.supervisor, "member", None) if meeting.supervisor_id else None
    if supervisor is not None and supervisor.email and supervisor not in people:
        people.append(supervisor)
    drafts = [MessageDraft(member=m, to_email=m.email, subject=subject, body=body) for m in people]
    return prepare_messages(
        actor=actor,
        organization=meeting.organization,
        topic=f"meetings.materials:{meeting.pk}",
        drafts=drafts,
    )


def calendar_feed_for(member: Member) -> CalendarFeed:
    """The member's personal feed, created with a fresh secret on first use."""
    feed, _ = CalendarFeed.objects.get_or_create(member=member, defaults={"token": secrets.token_urlsafe(24)})
    return feed


def cancel_meeting(*, actor, meeting: Meeting, reason: str) -> Meeting:
    """Cancels a meeting that has not been held. A cancelled thematic session no longer counts for
    its topic assignment, so the cell can schedule another one."""
    check_can_cancel(actor, meeting)
    if meeting.status != MeetingStatus.SCHEDULED:
        raise DomainError(_("Chỉ huỷ được buổi sinh hoạt chưa tổ chức."))
    if not reason.strip():
        raise DomainError(_("Hãy ghi lý do huỷ."))
    with transaction.atomic():
        move_meeting(meeting, MeetingStatus.CANCELLED)
        if meeting.assignment_id:
            TopicAssignment.objects.filter(pk=meeting.assignment_id, current_meeting=meeting).update(
                current_meeting=None
            )
        record("meeting.cancel", meeting, actor=actor, organization=meeting.organization,
               changes={"reason": reason.strip()})  # fmt: skip
    return meeting

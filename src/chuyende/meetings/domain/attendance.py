from dataclasses import dataclass, field
from datetime import timedelta

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from chuyende.common.errors import DomainError, NotAllowed
from chuyende.orgs.models import Member
from chuyende.orgs.rules import subtree_q

from ..enums import ATTENDED, AttendanceStatus, MeetingStatus, MinutesState
from ..models import Attendance, Meeting, Minutes
from ..rules import can_record_attendance
from ._common import record
from .status import move_meeting


def expected_members(meeting: Meeting) -> QuerySet[Member]:
    """Active members who should attend: the cell's members, or everyone under a committee."""
    return Member.objects.filter(subtree_q([meeting.organization.path], field="cell__path"), is_active=True)


# Attendance may be taken as members arrive, a little before the start; minutes once it began.
EARLY_ATTENDANCE = timedelta(minutes=30)


def ensure_started(meeting: Meeting, *, early: timedelta = timedelta(0), now=None) -> None:
    """Refuses what only happens at or after a meeting (attendance, minutes) while it has not
    started yet (`early` before the start is accepted)."""
    now = now or timezone.now()
    if now < meeting.starts_at - early:
        raise DomainError(
            _("Buổi sinh hoạt chưa bắt đầu (bắt đầu lúc %(time)s); chưa điểm danh hay ghi biên bản được.")
            % {"time": timezone.localtime(meeting.starts_at).strftime("%H:%M ngày %d/%m/%Y")}
        )


def attendance_locked(meeting: Meeting) -> bool:
    """Attendance is locked with the approved minutes, and open again while a correction of them
    is being written: the approved BB keeps its frozen bytes, the correction records the fix (the
    way back for a secretary who ticked the wrong member, rule 4: changes make a new version)."""
    if meeting.minutes_approved_at is None:
        return False
    return not Minutes.objects.filter(
        meeting=meeting, state=MinutesState.DRAFT, corrects__isnull=False
    ).exists()


def record_attendance(
    meeting: Meeting, member: Member, status: str, *, actor, reason: str = ""
) -> Attendance:
    """Sets one member's attendance. Recording the same status again changes nothing (one tap per
    member, safe to retry). The first record marks the meeting as held."""
    if not can_record_attendance(actor, meeting):
        raise NotAllowed(_("Bạn không có quyền điểm danh buổi sinh hoạt này."))
    if status not in AttendanceStatus.values:
        raise DomainError(_("Trạng thái điểm danh không hợp lệ."))
    if meeting.status == MeetingStatus.CANCELLED:
        raise DomainError(_("Buổi sinh hoạt đã huỷ."))
    if attendance_locked(meeting):
        raise DomainError(_(
            "Biên bản đã được thông qua, không sửa điểm danh được. Muốn sửa, hãy lập bản đính chính biên bản: điểm danh mở lại cho tới khi bản đính chính được thông qua."
        ))  # fmt: skip
    ensure_started(meeting, early=EARLY_ATTENDANCE)
    if not member.is_active or not member.cell.path.startswith(meeting.organization.path):
        raise DomainError(
            _("%(member)s không sinh hoạt tại %(organization)s.")
            % {"member": member.full_name, "organization": meeting.organization.name}
        )
    reason = reason.strip()
    if status == AttendanceStatus.EXCUSED and not reason:
        raise DomainError(_("Hãy ghi lý do vắng của %(full_name)s.") % {"full_name": member.full_name})
    if status in ATTENDED:
        reason = ""
    with transaction.atomic():
        attendance, created = Attendance.objects.select_for_update().get_or_create(
            meeting=meeting,
            member=member,
            defaults={"status": status, "reason": reason, "recorded_by": _user(actor)},
        )
        old = None if created else (attendance.status, attendance.reason)
        if old is not None and old == (status, reason):
            return attendance
        if old is not None:
            attendance.status, attendance.reason, attendance.recorded_by = status, reason, _user(actor)
            attendance.save(update_fields=["status", "reason", "recorded_by", "updated_at"])
        if meeting.status == MeetingStatus.SCHEDULED:
            move_meeting(meeting, MeetingStatus.HELD)
        record(
            "meeting.attendance",
            attendance,
            actor=actor,
            organization=meeting.organization,
            changes={"member": member.pk, "status": [old[0] if old else None, status], "reason": reason},
        )
    return attendance


def _user(actor):
    return actor if getattr(actor, "is_authenticated", False) else None


@dataclass
class AttendanceSummary:
    total: int = 0  # expected active members, exempt included
    rows: list[tuple[Member, Attendance | None]] = field(default_factory=list)
    by_status: dict[str, list[tuple[Member, Attendance]]] = field(default_factory=dict)
    unrecorded: list[Member] = field(default_factory=list)

    def count(self, status: str) -> int:
        return len(self.by_status.get(status, []))

    @property
    def exempt(self) -> int:
        return self.count(AttendanceStatus.EXEMPT)

    @property
    def required(self) -> int:
        """Members who must attend: exempt members do not count."""
        return self.total - self.exempt

    @property
    def attended(self) -> int:
        return self.count(AttendanceStatus.PRESENT) + self.count(AttendanceStatus.LATE)

    @property
    def absent(self) -> int:
        return self.count(AttendanceStatus.EXCUSED) + self.count(AttendanceStatus.UNEXCUSED)

    @property
    def rate(self) -> float | None:
        """Share of required members present or late, 0–100; None when nobody is required."""
        return round(100 * self.attended / self.required, 1) if self.required else None


def attendance_summary(meeting: Meeting) -> AttendanceSummary:
    """Every expected member with their attendance, in two queries."""
    members = list(expected_members(meeting).select_related("cell").order_by("sort_key", "pk"))
    records = {a.member_id: a for a in meeting.attendances.all()}
    summary = AttendanceSummary(total=len(members))
    for member in members:
        attendance = records.get(member.pk)
        summary.rows.append((member, attendance))
        if attendance is None:
            summary.unrecorded.append(member)
        else:
            summary.by_status.setdefault(attendance.status, []).append((member, attendance))
    return summary

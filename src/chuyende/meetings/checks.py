"""Rule checks from Guideline 42-HD/BTCTW and 12-HD/BTCTW, shown as warnings (never refusals).

Pure functions over plain values, so each rule is tested with a table; `meeting_warnings` gathers
them for one meeting.
"""

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.utils import timezone
from django.utils.translation import gettext as _

from .enums import MeetingKind

MIN_MINUTES = 90
MIN_MINUTES_THEMATIC = 120
MATERIALS_LEAD = timedelta(days=1)
MIN_ATTENDANCE_RATE = 85.0  # the rate must be above this


@dataclass(frozen=True)
class Warning:
    code: str
    message: str


def check_duration(kind: str, starts_at: datetime, ends_at: datetime) -> Warning | None:
    """≥ 90 minutes; ≥ 120 when a thematic session is held in the sitting."""
    minimum = MIN_MINUTES if kind == MeetingKind.REGULAR else MIN_MINUTES_THEMATIC
    minutes = int((ends_at - starts_at).total_seconds() // 60)
    if minutes < minimum:
        return Warning(
            "duration",
            _("Buổi sinh hoạt dự kiến %(minutes)s phút, ít hơn %(minimum)s phút theo Hướng dẫn 42-HD/BTCTW.")
            % {"minutes": minutes, "minimum": minimum},
        )
    return None


def check_materials(starts_at: datetime, published_at: datetime | None, now: datetime) -> Warning | None:
    """Materials reach members at least one day before the meeting."""
    if published_at is None:
        if now > starts_at - MATERIALS_LEAD:
            return Warning(
                "materials", _("Tài liệu chưa được gửi tới đảng viên trước buổi sinh hoạt ít nhất 1 ngày.")
            )
        return None
    if starts_at - published_at < MATERIALS_LEAD:
        return Warning("materials", _("Tài liệu được gửi tới đảng viên chưa đủ 1 ngày trước buổi sinh hoạt."))
    return None


def check_notice(starts_at: datetime, now: datetime) -> Warning | None:
    """When scheduling: a start already past, or too soon for the materials to reach members one
    day before (the same lead as `check_materials`)."""
    if starts_at <= now:
        return Warning(
            "past",
            _(
                "Thời gian bắt đầu %(start)s đã qua. Chỉ xác nhận nếu đồng chí đang ghi lại một buổi đã diễn ra."
            )
            % {"start": timezone.localtime(starts_at).strftime("%H:%M %d/%m/%Y")},
        )
    if starts_at - now < MATERIALS_LEAD:
        return Warning(
            "notice",
            _(
                "Buổi sinh hoạt bắt đầu sau chưa đầy 1 ngày: tài liệu không kịp gửi tới đảng viên trước ít nhất 1 ngày theo Hướng dẫn 42-HD/BTCTW."
            ),
        )
    return None


def _day(value: date) -> str:
    return value.strftime("%d/%m/%Y")


def check_plan_dates(
    cell_sessions_before: date | None, committee_session_on: date | None, today: date
) -> list[Warning]:
    """When writing a plan: a date already past is usually a typo (a wrong year). `None` means the
    date was not entered or not changed, so there is nothing to ask about."""
    warnings = []
    if cell_sessions_before is not None and cell_sessions_before < today:
        warnings.append(Warning("plan_past", _(
            "Hạn sinh hoạt của các chi bộ (%(day)s) đã qua. Hãy kiểm tra lại năm, hoặc xác nhận nếu đúng là vậy."
        ) % {"day": _day(cell_sessions_before)}))  # fmt: skip
    if committee_session_on is not None and committee_session_on < today:
        warnings.append(Warning("plan_past", _(
            "Ngày sinh hoạt cấp Đảng bộ (%(day)s) đã qua. Hãy kiểm tra lại năm, hoặc xác nhận nếu đúng là vậy."
        ) % {"day": _day(committee_session_on)}))  # fmt: skip
    return warnings


def check_assignment_due(cell_name: str, due_on: date, issued_on: date | None, today: date) -> Warning | None:
    """A cell's deadline before the plan's issue date (or, for a plan not issued yet, already past):
    the cell would be late on the day it learns of its topic."""
    if issued_on is not None and due_on < issued_on:
        return Warning("assignment_before_issue", _(
            "Hạn sinh hoạt của %(cell)s (%(due)s) trước ngày ban hành kế hoạch (%(issued)s): chi bộ chưa nhận được kế hoạch đã quá hạn."
        ) % {"cell": cell_name, "due": _day(due_on), "issued": _day(issued_on)})  # fmt: skip
    if issued_on is None and due_on < today:
        return Warning("assignment_past", _(
            "Hạn sinh hoạt của %(cell)s (%(due)s) đã qua, trong khi kế hoạch chưa ban hành: chi bộ nhận kế hoạch khi đã quá hạn."
        ) % {"cell": cell_name, "due": _day(due_on)})  # fmt: skip
    return None


def check_meeting_in_plan(starts_on: date, *, due_on: date, issued_on: date | None) -> Warning | None:
    """A meeting for a plan's topic falls inside the plan's period: not before the plan was issued,
    not after the cell's deadline."""
    if starts_on > due_on:
        return Warning("after_plan", _(
            "Ngày sinh hoạt %(day)s sau hạn %(due)s mà kế hoạch giao cho chi bộ: chi bộ sẽ bị tính là chậm."
        ) % {"day": _day(starts_on), "due": _day(due_on)})  # fmt: skip
    if issued_on is not None and starts_on < issued_on:
        return Warning("before_plan", _(
            "Ngày sinh hoạt %(day)s trước ngày ban hành kế hoạch (%(issued)s). Chỉ xác nhận nếu đồng chí đang ghi lại một buổi đã diễn ra."
        ) % {"day": _day(starts_on), "issued": _day(issued_on)})  # fmt: skip
    return None


def check_attendance(rate: float | None, unexcused: int) -> list[Warning]:
    """Attendance above 85 % of members who must attend, and no unexcused absence."""
    warnings = []
    if rate is not None and rate <= MIN_ATTENDANCE_RATE:
        warnings.append(
            Warning(
                "attendance",
                _("Tỷ lệ đảng viên dự họp %(rate)s%%, chưa đạt trên 85%%.") % {"rate": format(rate, "g")},
            )
        )
    if unexcused:
        warnings.append(
            Warning(
                "unexcused", _("Có %(unexcused)s đảng viên vắng không có lý do.") % {"unexcused": unexcused}
            )
        )
    return warnings


def quarter_of(day: date) -> tuple[int, int]:
    return day.year, (day.month - 1) // 3 + 1


def check_thematic_quarter(
    thematic_quarters: set[tuple[int, int]], quarter: tuple[int, int]
) -> Warning | None:
    """At least one thematic session per quarter."""
    if quarter not in thematic_quarters:
        year, number = quarter
        return Warning(
            "quarter",
            _("Quý %(number)s/%(year)s chưa có buổi sinh hoạt chuyên đề.") % {"number": number, "year": year},
        )
    return None


def meeting_warnings(meeting, summary, now: datetime, thematic_quarters: set | None = None) -> list[Warning]:
    """All warnings for one meeting; `summary` is its attendance summary (None before it is held)."""
    warnings = [
        check_duration(meeting.kind, meeting.starts_at, meeting.ends_at),
        check_materials(meeting.starts_at, meeting.materials_published_at, now),
    ]
    if summary is not None and summary.by_status:
        warnings += check_attendance(summary.rate, summary.count("unexcused"))
    if thematic_quarters is not None:
        warnings.append(
            check_thematic_quarter(thematic_quarters, quarter_of(timezone.localtime(meeting.starts_at)))
        )
    return [w for w in warnings if w is not None]

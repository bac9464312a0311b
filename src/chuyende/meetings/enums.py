from django.db import models
from django.utils.translation import gettext_lazy as _


class PlanState(models.TextChoices):
    DRAFT = "draft", _("Dự thảo")
    PUBLISHED = "published", _("Đã ban hành")
    CLOSED = "closed", _("Đã kết thúc")


# Allowed plan transitions: state → states it may move to.
PLAN_TRANSITIONS: dict[str, set[str]] = {
    PlanState.DRAFT: {PlanState.PUBLISHED},
    PlanState.PUBLISHED: {PlanState.CLOSED},
    PlanState.CLOSED: set(),
}


class MeetingKind(models.TextChoices):
    REGULAR = "regular", _("Sinh hoạt định kỳ")
    THEMATIC = "thematic", _("Sinh hoạt chuyên đề")
    COMMITTEE = "committee", _("Sinh hoạt chuyên đề cấp Đảng bộ")


class MeetingStatus(models.TextChoices):
    SCHEDULED = "scheduled", _("Đã lên lịch")
    HELD = "held", _("Đã tổ chức")
    CANCELLED = "cancelled", _("Đã huỷ")


# Allowed meeting transitions (`meetings.domain.status.move_meeting` is the only writer of
# Meeting.status): a scheduled meeting is held (attendance recorded or minutes approved) or
# cancelled; approving minutes or a correction of a held meeting stamps it held again.
MEETING_TRANSITIONS: dict[str, set[str]] = {
    MeetingStatus.SCHEDULED: {MeetingStatus.HELD, MeetingStatus.CANCELLED},
    MeetingStatus.HELD: {MeetingStatus.HELD},
    MeetingStatus.CANCELLED: set(),
}


class AttendanceStatus(models.TextChoices):
    PRESENT = "present", _("Có mặt")
    LATE = "late", _("Đến muộn")
    EXCUSED = "excused", _("Vắng có lý do")
    UNEXCUSED = "unexcused", _("Vắng không lý do")
    EXEMPT = "exempt", _("Miễn sinh hoạt")


ATTENDED = frozenset({AttendanceStatus.PRESENT, AttendanceStatus.LATE})


class MinutesState(models.TextChoices):
    DRAFT = "draft", _("Dự thảo")
    APPROVED = "approved", _("Đã thông qua")
    SUPERSEDED = "superseded", _("Đã được đính chính")


class EvaluationState(models.TextChoices):
    PROPOSED = "proposed", _("Chi bộ đề xuất")
    CONFIRMED = "confirmed", _("Đã xác nhận")


# Grades are out of 100 (the scoring templates' totals): a plan's pass score lies in 0…MAX_SCORE.
MAX_SCORE = 100

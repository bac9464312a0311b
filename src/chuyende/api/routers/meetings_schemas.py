"""Request and response schemas of the meetings API."""

from datetime import date, datetime
from typing import Annotated

from ninja import Field, Schema

from chuyende.api.schemas import InputSchema, stale_schema
from chuyende.common.limits import MAX_VOTES

Votes = Annotated[int, Field(ge=0, le=MAX_VOTES)]


class PlanIn(InputSchema):
    organization_id: int
    theme: str
    basis: str = ""
    purpose: str = ""
    requirements: str = ""
    cell_sessions_before: date
    committee_session_on: date | None = None
    pass_score: int = 50
    confirm_dates: bool = False  # a date already past is refused unless confirmed


class PlanOut(Schema):
    id: int
    organization_id: int
    theme: str
    basis: str
    purpose: str
    requirements: str
    cell_sessions_before: date
    committee_session_on: date | None
    pass_score: int
    state: str


class AssignmentIn(InputSchema):
    cell_id: int
    topic: str
    due_on: date | None = None
    presenter_ids: list[int] = []
    confirm_dates: bool = False  # a deadline before the plan's issue date (or already past) needs it


class AssignmentOut(Schema):
    id: int
    cell_id: int
    topic: str
    due_on: date
    current_meeting_id: int | None


class PlanStateIn(InputSchema):
    state: str


class MeetingIn(InputSchema):
    organization_id: int
    kind: str
    title: str
    starts_at: datetime | None = None
    ends_at: datetime | None = None
    month: date | None = None
    assignment_id: int | None = None
    place: str = ""
    agenda: list[str] = []
    chair_id: int | None = None
    secretary_id: int | None = None
    guests: str = ""
    confirm_short_notice: bool = (
        False  # a start already past or less than a day ahead is refused unless confirmed
    )
    confirm_outside_plan: bool = False  # a day outside the plan's period (topic meetings) needs it


class MeetingOut(Schema):
    id: int
    organization_id: int
    kind: str
    title: str
    starts_at: datetime
    ends_at: datetime
    place: str
    agenda: list[str]
    chair_id: int | None
    secretary_id: int | None
    guests: str
    supervisor_id: int | None
    status: str
    plan_id: int | None
    assignment_id: int | None
    materials_published_at: datetime | None
    minutes_approved_at: datetime | None
    score: int | None
    grade: str
    passed: bool | None
    needs_rerun: bool
    rerun_of_id: int | None


class WarningOut(Schema):
    code: str
    message: str


class AttendanceRowOut(Schema):
    member_id: int
    full_name: str
    status: str | None
    reason: str


class MeetingDetailOut(MeetingOut):
    warnings: list[WarningOut]
    attendance_rate: float | None
    attendance: list[AttendanceRowOut]


class AttendanceIn(InputSchema):
    status: str
    reason: str = ""


class MinutesOut(Schema):
    id: int
    number: int
    state: str
    content: str
    proceedings: list[dict]
    conclusion: str
    votes_agree: int
    votes_disagree: int
    votes_other: int
    correction_reason: str
    version: int
    approved_at: datetime | None


class PlanAssignmentCurrent(Schema):
    cell_id: int
    topic: str
    due_on: date
    presenter_ids: list[int]


class PlanCurrent(PlanOut):
    """A plan as stored, for the side-by-side view of a stale save."""

    version: int
    assignments: list[PlanAssignmentCurrent]


class MeetingCurrent(MeetingOut):
    """A meeting as stored, with the lead paper's presenters, for a stale save."""

    version: int
    presenter_ids: list[int]


class MinutesCurrent(MinutesOut):
    updated_at: datetime


PlanStale = stale_schema("PlanStale", PlanCurrent)
MeetingStale = stale_schema("MeetingStale", MeetingCurrent)
MinutesStale = stale_schema("MinutesStale", MinutesCurrent)


class MinutesPatch(InputSchema):
    version: int
    content: str | None = None
    proceedings: list[dict] | None = None
    conclusion: str | None = None
    votes_agree: Votes | None = None
    votes_disagree: Votes | None = None
    votes_other: Votes | None = None


class VersionIn(InputSchema):
    version: int


class CorrectionIn(MinutesPatch):
    version: int = 0
    reason: str


class GradeIn(InputSchema):
    scores: dict[str, int]
    note: str = ""


class ConfirmIn(InputSchema):
    scores: dict[str, int] | None = None


class EvaluationOut(Schema):
    meeting_id: int
    scores: dict
    total: int
    grade: str
    state: str


class MeetingPatch(InputSchema):
    title: str | None = None
    starts_at: datetime | None = None
    ends_at: datetime | None = None
    place: str | None = None
    agenda: list[str] | None = None
    guests: str | None = None


class CancelIn(InputSchema):
    reason: str

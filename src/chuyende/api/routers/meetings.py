"""Plans, meetings, attendance, minutes and grading. Endpoints parse, call the domain, serialize."""

from datetime import date, datetime

from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, File, Router, Schema
from ninja.files import UploadedFile
from ninja.pagination import paginate

from chuyende.api.schemas import BoundedPageNumberPagination, Year, changes_of, stale
from chuyende.common.downloads import download_name, stored_file_response
from chuyende.common.errors import ConflictError, NotFound
from chuyende.meetings import domain, rules
from chuyende.meetings.access import (
    get_assignment_for,
    get_material_for,
    get_meeting_for,
    get_plan_for,
    meetings_for,
    plans_for,
)
from chuyende.meetings.checks import meeting_warnings
from chuyende.meetings.interfaces import dashboard
from chuyende.meetings.models import Meeting, Minutes
from chuyende.orgs.access import get_member_for, get_organization_for

from .meetings_schemas import (
    AssignmentIn,
    AssignmentOut,
    AttendanceIn,
    AttendanceRowOut,
    CancelIn,
    ConfirmIn,
    CorrectionIn,
    EvaluationOut,
    GradeIn,
    MeetingDetailOut,
    MeetingIn,
    MeetingOut,
    MeetingPatch,
    MeetingStale,
    MinutesOut,
    MinutesPatch,
    MinutesStale,
    PlanIn,
    PlanOut,
    PlanStale,
    PlanStateIn,
    VersionIn,
)

router = Router(tags=["meetings"])


def _member(user, member_id):
    return get_member_for(user, member_id) if member_id else None


def _minutes(meeting: Meeting) -> Minutes:
    minutes = domain.current_minutes(meeting)
    if minutes is None:
        raise NotFound(_("Buổi sinh hoạt chưa có biên bản."))
    return minutes


@router.get("/plans", response=list[PlanOut])
@paginate(BoundedPageNumberPagination, page_size=50)
def list_plans(request):
    return plans_for(request.user)


@router.post("/plans", response={201: PlanOut})
def create_plan(request, payload: PlanIn):
    data = payload.dict()
    organization = get_organization_for(request.user, data.pop("organization_id"))
    return 201, domain.create_plan(actor=request.user, organization=organization, **data)


@router.get("/plans/{plan_id}", response=PlanOut)
def get_plan(request, plan_id: int):
    return get_plan_for(request.user, plan_id)


@router.get("/plans/{plan_id}/assignments", response=list[AssignmentOut])
def list_assignments(request, plan_id: int):
    return get_plan_for(request.user, plan_id).assignments.order_by("cell__path")


@router.post("/plans/{plan_id}/assignments", response={201: AssignmentOut})
def assign_topic(request, plan_id: int, payload: AssignmentIn):
    plan = get_plan_for(request.user, plan_id)
    cell = get_organization_for(request.user, payload.cell_id)
    presenters = [get_member_for(request.user, pk) for pk in payload.presenter_ids]
    assignment = domain.assign_topic(
        actor=request.user,
        plan=plan,
        cell=cell,
        topic=payload.topic,
        due_on=payload.due_on,
        presenters=presenters,
        confirm_dates=payload.confirm_dates,
    )
    return 201, assignment


class PlanIssueIn(Schema):
    issued_on: date | None = None
    signer_member_id: int
    confirm_dates: bool = False  # a cell deadline before the issue date is refused unless confirmed


@router.post("/plans/{plan_id}/issue", response=PlanOut)
def issue_plan(request, plan_id: int, payload: PlanIssueIn):
    """Issues the plan as a KH document signed by `signer_member_id` (who must hold a signing role
    on the committee; the caller may be the clerk acting on their instruction) and disseminates it."""
    plan = get_plan_for(request.user, plan_id)
    signer = get_member_for(request.user, payload.signer_member_id)
    return domain.issue_plan(actor=request.user, plan=plan, signer=signer, issued_on=payload.issued_on,
                             confirm_dates=payload.confirm_dates)  # fmt: skip


@router.post("/plans/{plan_id}/state", response=PlanOut)
def set_plan_state(request, plan_id: int, payload: PlanStateIn):
    return domain.set_plan_state(
        actor=request.user, plan=get_plan_for(request.user, plan_id), state=payload.state
    )


@router.get("/plans/{plan_id}/dashboard")
def plan_dashboard(request, plan_id: int):
    """Counts of cells at each stage and the first 100 late cells."""
    plan = get_plan_for(request.user, plan_id)
    today = timezone.localdate()
    late = dashboard.plan_rows(plan, today, late_only=True, limit=100)
    return {
        "counts": dashboard.plan_counts(plan, today),
        "late": [{"cell_id": r.assignment.cell_id, "cell_name": r.assignment.cell.name,
                  "due_on": r.assignment.due_on} for r in late],
    }  # fmt: skip


def _rollup_organization(user, organization_id):
    organization = get_organization_for(user, organization_id)
    if not rules.can_view_rollup(user, organization):
        raise NotFound(_("Không tìm thấy tổ chức này hoặc bạn không có quyền xem."))
    return organization


@router.get("/organizations/{organization_id}/rollup")
def rollup(request, organization_id: int, year: Year | None = None):
    """Stage counts of all published plans below an organization, by direct child."""
    organization = _rollup_organization(request.user, organization_id)
    rows = dashboard.rollup(organization, timezone.localdate(), year=year)
    return [{"organization_id": o.pk, "name": o.name, **counts} for o, counts in rows]


@router.get("/organizations/{organization_id}/yearly-grades")
def yearly_grades(request, organization_id: int, year: Year):
    """Yearly grade of each direct child of an organization (its whole subtree's graded regular
    meetings of the year; for a cell, its own yearly grade); ask again with a child's id to drill
    down to its children, down to the cells."""
    organization = _rollup_organization(request.user, organization_id)
    return [
        {
            "organization_id": org.pk,
            "name": org.name,
            "is_cell": org.is_cell,
            "average": average,
            "graded": graded,
            "grade": label,
        }
        for org, average, graded, label in dashboard.yearly_grades(organization, year)
    ]


@router.get("", response=list[MeetingOut])
@paginate(BoundedPageNumberPagination, page_size=50)
def list_meetings(request, organization_id: int | None = None):
    meetings = meetings_for(request.user).order_by("-starts_at", "pk")
    if organization_id is not None:
        meetings = meetings.filter(organization_id=organization_id)
    return meetings


@router.post("", response={201: MeetingOut})
def schedule_meeting(request, payload: MeetingIn):
    data = payload.dict()
    user = request.user
    organization = get_organization_for(user, data.pop("organization_id"))
    assignment = None
    if assignment_id := data.pop("assignment_id"):
        assignment = get_assignment_for(user, assignment_id, organization=organization)
    data["chair"] = _member(user, data.pop("chair_id"))
    data["secretary"] = _member(user, data.pop("secretary_id"))
    meeting = domain.schedule_meeting(actor=user, organization=organization, assignment=assignment, **data)
    return 201, meeting


@router.get("/{meeting_id}", response=MeetingDetailOut)
def get_meeting(request, meeting_id: int):
    """The meeting with its rule warnings and attendance."""
    meeting = get_meeting_for(request.user, meeting_id)
    summary = domain.attendance_summary(meeting)
    warnings = meeting_warnings(
        meeting, summary, timezone.now(), dashboard.thematic_quarters(meeting.organization)
    )
    data = MeetingOut.from_orm(meeting).dict()
    data.update(
        warnings=[{"code": w.code, "message": w.message} for w in warnings],
        attendance_rate=summary.rate,
        attendance=[
            {
                "member_id": m.pk,
                "full_name": m.full_name,
                "status": a.status if a else None,
                "reason": a.reason if a else "",
            }
            for m, a in summary.rows
        ],  # fmt: skip
    )
    return data


@router.patch("/{meeting_id}", response=MeetingOut)
def update_meeting(request, meeting_id: int, payload: MeetingPatch):
    meeting = get_meeting_for(request.user, meeting_id)
    return domain.update_meeting(actor=request.user, meeting=meeting, **changes_of(payload, Meeting))


@router.post("/{meeting_id}/cancel", response=MeetingOut)
def cancel_meeting(request, meeting_id: int, payload: CancelIn):
    meeting = get_meeting_for(request.user, meeting_id)
    return domain.cancel_meeting(actor=request.user, meeting=meeting, reason=payload.reason)


@router.post("/{meeting_id}/materials", response={201: dict})
def add_material(
    request, meeting_id: int, file: File[UploadedFile], title: str = "", is_lead_paper: bool = False
):
    meeting = get_meeting_for(request.user, meeting_id)
    material = domain.add_material(
        actor=request.user, meeting=meeting, upload=file, title=title, is_lead_paper=is_lead_paper
    )
    return 201, {"id": material.pk, "title": material.title, "size": material.size}


@router.post("/{meeting_id}/materials/publish", response=MeetingOut)
def publish_materials(request, meeting_id: int):
    return domain.publish_materials(actor=request.user, meeting=get_meeting_for(request.user, meeting_id))


@router.put("/{meeting_id}/attendance/{member_id}", response=AttendanceRowOut)
def record_attendance(request, meeting_id: int, member_id: int, payload: AttendanceIn):
    """Idempotent: sending the same status again changes nothing."""
    meeting = get_meeting_for(request.user, meeting_id)
    member = get_member_for(request.user, member_id)
    attendance = domain.record_attendance(
        meeting, member, payload.status, actor=request.user, reason=payload.reason
    )
    return {"member_id": member.pk, "full_name": member.full_name, "status": attendance.status,
            "reason": attendance.reason}  # fmt: skip


@router.get("/{meeting_id}/minutes", response=MinutesOut)
def get_minutes(request, meeting_id: int):
    return _minutes(get_meeting_for(request.user, meeting_id))


@router.post("/{meeting_id}/minutes", response={201: MinutesOut})
def draft_minutes(request, meeting_id: int):
    return 201, domain.draft_minutes(actor=request.user, meeting=get_meeting_for(request.user, meeting_id))


@router.patch("/{meeting_id}/minutes", response={200: MinutesOut, 409: MinutesStale})
def update_minutes(request, meeting_id: int, payload: MinutesPatch):
    """Saves the draft minutes; 409 with the stored minutes when someone saved since `version`."""
    meeting = get_meeting_for(request.user, meeting_id)
    changes = changes_of(payload, Minutes, exclude={"version"})
    try:
        return domain.update_minutes(
            actor=request.user, minutes=_minutes(meeting), version=payload.version, **changes
        )
    except ConflictError as error:
        return stale(error, _minutes(meeting))


@router.post("/{meeting_id}/minutes/approve", response={200: MinutesOut, 409: MinutesStale})
def approve_minutes(request, meeting_id: int, payload: VersionIn):
    """Approves the minutes read at `version`; 409 with the stored minutes when they changed since."""
    meeting = get_meeting_for(request.user, meeting_id)
    try:
        return domain.approve_minutes(actor=request.user, minutes=_minutes(meeting), version=payload.version)
    except ConflictError as error:
        return stale(error, _minutes(meeting))


@router.post("/{meeting_id}/minutes/correct", response={201: MinutesOut})
def correct_minutes(request, meeting_id: int, payload: CorrectionIn):
    minutes = _minutes(get_meeting_for(request.user, meeting_id))
    changes = changes_of(payload, Minutes, exclude={"version", "reason"})
    return 201, domain.correct_minutes(actor=request.user, minutes=minutes, reason=payload.reason, **changes)


def _evaluation_out(evaluation) -> dict:
    return {"meeting_id": evaluation.meeting_id, "scores": evaluation.scores, "total": evaluation.total,
            "grade": evaluation.grade, "state": evaluation.state}  # fmt: skip


@router.post("/{meeting_id}/grade", response=EvaluationOut)
def propose_grade(request, meeting_id: int, payload: GradeIn):
    meeting = get_meeting_for(request.user, meeting_id)
    return _evaluation_out(
        domain.propose_grade(actor=request.user, meeting=meeting, scores=payload.scores, note=payload.note)
    )


@router.post("/{meeting_id}/grade/confirm", response=EvaluationOut)
def confirm_grade(request, meeting_id: int, payload: ConfirmIn):
    meeting = get_meeting_for(request.user, meeting_id)
    return _evaluation_out(domain.confirm_grade(actor=request.user, meeting=meeting, scores=payload.scores))


@router.get("/materials/{material_id}", response={200: None})
def download_material(request, material_id: int):
    """A meeting's material, for whoever may open the meeting (once published)."""
    material = get_material_for(request.user, material_id)
    return stored_file_response(material.file, download_name(material.title, material.file.name or ""))


# --- editing drafts (optimistic locking with `expected_version`) ---------------------------------
class PlanEditIn(Schema):
    expected_version: int
    theme: str | None = None
    basis: str | None = None
    purpose: str | None = None
    requirements: str | None = None
    cell_sessions_before: date | None = None
    committee_session_on: date | None = None
    pass_score: int | None = None
    assignments: list[AssignmentIn] = []
    confirm_dates: bool = False  # a date changed to one already past is refused unless confirmed


class RescheduleIn(Schema):
    expected_version: int
    starts_at: datetime
    ends_at: datetime
    place: str = Field("", max_length=255)
    confirm_outside_plan: bool = False  # a day outside the plan's period is refused unless confirmed


class PresentersIn(Schema):
    expected_version: int
    member_ids: list[int]


class EditedOut(Schema):
    id: int
    version: int


def _plan_current(plan) -> dict:
    """The plan as stored now, with each cell's topic, deadline and presenters."""
    plan.refresh_from_db()
    assignments = [
        {"cell_id": a.cell_id, "topic": a.topic, "due_on": a.due_on,
         "presenter_ids": [p.pk for p in a.presenters.all()]}
        for a in plan.assignments.prefetch_related("presenters").order_by("cell__path")
    ]  # fmt: skip
    return {**PlanOut.from_orm(plan).dict(), "version": plan.version, "assignments": assignments}


def _meeting_current(meeting) -> dict:
    meeting.refresh_from_db()
    presenters = (
        list(meeting.assignment.presenters.values_list("pk", flat=True)) if meeting.assignment_id else []
    )
    return {**MeetingOut.from_orm(meeting).dict(), "version": meeting.version, "presenter_ids": presenters}


@router.post("/plans/{plan_id}/edit", response={200: EditedOut, 409: PlanStale})
def edit_plan(request, plan_id: int, payload: PlanEditIn):
    """Edits a draft plan and its topic assignments; 409 when someone saved since the version read,
    with the plan as stored now (`current`)."""
    from chuyende.meetings.domain.editing import edit_draft_plan

    plan = get_plan_for(request.user, plan_id)
    changes = payload.dict(exclude={"expected_version", "assignments", "confirm_dates"}, exclude_none=True)
    assignments = [
        {"cell": get_organization_for(request.user, a.cell_id), "topic": a.topic, "due_on": a.due_on,
         "presenters": [get_member_for(request.user, pk) for pk in a.presenter_ids]}
        for a in payload.assignments
    ]  # fmt: skip
    try:
        edit_draft_plan(actor=request.user, plan=plan, expected_version=payload.expected_version, changes=changes,
                        assignments=assignments, confirm_dates=payload.confirm_dates)  # fmt: skip
    except ConflictError as error:
        return stale(error, _plan_current(plan))
    return plan


@router.post("/{meeting_id}/reschedule", response={200: EditedOut, 409: MeetingStale})
def reschedule(request, meeting_id: int, payload: RescheduleIn):
    """Moves a scheduled meeting; members are told through the outbox. 409 when someone saved since
    `expected_version`, with the meeting as stored now (`current`)."""
    from chuyende.meetings.domain.editing import reschedule_meeting

    meeting = get_meeting_for(request.user, meeting_id)
    try:
        return reschedule_meeting(actor=request.user, meeting=meeting, **payload.dict())
    except ConflictError as error:
        return stale(error, _meeting_current(meeting))


@router.put("/{meeting_id}/presenters", response={200: EditedOut, 409: MeetingStale})
def presenters(request, meeting_id: int, payload: PresentersIn):
    """Who presents the lead paper of a scheduled thematic meeting; 409 as for rescheduling."""
    from chuyende.meetings.domain.editing import set_lead_presenters

    meeting = get_meeting_for(request.user, meeting_id)
    people = [get_member_for(request.user, pk) for pk in payload.member_ids]
    try:
        return set_lead_presenters(actor=request.user, meeting=meeting, presenters=people,
                                   expected_version=payload.expected_version)  # fmt: skip
    except ConflictError as error:
        return stale(error, _meeting_current(meeting))

"""Commitments API: the same domain functions as the pages. Endpoints parse, call, serialize."""

from datetime import date

from django.db.models import prefetch_related_objects
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import File, Form, Router, Schema, Status
from ninja.files import UploadedFile

from chuyende.api.schemas import InputSchema, stale, stale_schema
from chuyende.commitments import rules
from chuyende.commitments.access import (
    commitments_for,
    get_commitment_for,
    get_commitment_links_for,
    get_commitment_owner_for,
    get_evidence_for,
    get_item_for,
    get_report_for,
)
from chuyende.commitments.domain import (
    ItemInput,
    create_commitment,
    member_lines,
    preference_for,
    review_report,
    revise_commitment,
    rollup_for,
    set_state,
    submit_report,
    update_preferences,
)
from chuyende.commitments.status import derive_status
from chuyende.common.downloads import download_name, stored_file_response
from chuyende.common.errors import ConflictError, NotAllowed
from chuyende.orgs.access import get_member_for, get_organization_for
from chuyende.orgs.rules import member_of
from chuyende.papers.domain import manifestations_by_code

router = Router(tags=["commitments"])


class ItemIn(InputSchema):
    id: int | None = None
    shortcoming: str
    remedy: str
    sign_of_done: str
    deadline: date
    responsible_id: int | None = None
    manifestation_codes: list[str] = []


class CommitmentIn(InputSchema):
    cell_id: int | None = None  # a cell's own commitment (drafted by its secretary)
    title: str
    plan_id: int | None = None
    resolution_id: int | None = None
    items: list[ItemIn]
    confirm_past_deadlines: bool = False  # a deadline already past is refused unless confirmed


class CommitmentItemOut(Schema):
    id: int
    shortcoming: str
    remedy: str
    sign_of_done: str
    deadline: date
    responsible_id: int | None
    manifestation_codes: list[str]
    accepted_percent: int
    verified: bool
    status: str


class CommitmentOut(Schema):
    id: int
    cell_id: int
    owner_member_id: int | None
    plan_id: int | None
    resolution_id: int | None
    title: str
    state: str
    version: int
    frequency: str
    items: list[CommitmentItemOut] = []


CommitmentStale = stale_schema("CommitmentStale", CommitmentOut)


class CommitmentStateIn(InputSchema):
    state: str
    reason: str = ""


class RevisionIn(InputSchema):
    reason: str
    version: int
    items: list[ItemIn]
    confirm_past_deadlines: bool = False  # a new or changed deadline already past needs it


class ReportOut(Schema):
    id: int
    item_id: int
    period: str
    percent: int
    narrative: str
    verdict: str
    review_note: str
    evidence: list[str]


class ReviewIn(InputSchema):
    verdict: str
    note: str = ""


class RollupRowOut(Schema):
    key: str
    label: str
    items: int
    percent: float
    on_track: int
    due_soon: int
    overdue: int
    done: int
    verified: int


class CommitmentRollupOut(Schema):
    organization_id: int
    today: date
    level: str
    total: RollupRowOut
    rows: list[RollupRowOut]


class PreferenceIO(Schema):
    before_deadline: bool = True
    days_before: int = 7
    when_overdue: bool = True
    report_due: bool = True
    as_secretary: bool = True


class PreferenceIn(InputSchema, PreferenceIO):
    """The same fields as a body: a JSON object only."""


def _out(commitment) -> dict:
    today = timezone.localdate()
    prefetch_related_objects([commitment], "items__manifestations")
    items = [
        {
            **{
                f: getattr(i, f)
                for f in (
                    "id",
                    "shortcoming",
                    "remedy",
                    "sign_of_done",
                    "deadline",
                    "responsible_id",
                    "accepted_percent",
                )
            },  # fmt: skip
            "manifestation_codes": [m.code for m in i.manifestations.all()],
            "verified": i.verified_at is not None,
            "status": derive_status(
                deadline=i.deadline,
                accepted_percent=i.accepted_percent,
                verified=i.verified_at is not None,
                today=today,
            ).value,
        }  # fmt: skip
        for i in commitment.items.all()
        if not i.withdrawn
    ]
    fields = (
        "id",
        "cell_id",
        "owner_member_id",
        "plan_id",
        "resolution_id",
        "title",
        "state",
        "version",
        "frequency",
    )
    return {**{f: getattr(commitment, f) for f in fields}, "items": items}


def _items(user, cell, items: list[ItemIn]) -> list[ItemInput]:
    result = []
    for item in items:
        responsible = get_member_for(user, item.responsible_id) if item.responsible_id else None
        result.append(ItemInput(id=item.id, shortcoming=item.shortcoming, remedy=item.remedy,
                                sign_of_done=item.sign_of_done, deadline=item.deadline, responsible=responsible,
                                manifestations=manifestations_by_code(item.manifestation_codes)))  # fmt: skip
    return result


@router.get("/", response=list[CommitmentOut])
def list_commitments(request):
    return [
        _out(c)
        for c in commitments_for(request.user).prefetch_related("items__manifestations").order_by("pk")[:200]
    ]


@router.post("/", response={201: CommitmentOut})
def create(request, payload: CommitmentIn):
    cell, owner = get_commitment_owner_for(request.user, payload.cell_id)
    plan, resolution = get_commitment_links_for(
        request.user, cell, plan_id=payload.plan_id, resolution_id=payload.resolution_id
    )
    commitment = create_commitment(actor=request.user, cell=cell, owner_member=owner, title=payload.title,
                                   items=_items(request.user, cell, payload.items), plan=plan,
                                   resolution=resolution,
                                   confirm_past_deadlines=payload.confirm_past_deadlines)  # fmt: skip
    return Status(201, _out(commitment))


@router.get("/me/todo")
def my_todo(request):
    """What the current member will be reminded of today."""
    member = member_of(request.user)
    if member is None:
        return {"lines": []}
    lines = member_lines(timezone.localdate(), members=[member.pk]).get(member.pk, [])
    return {"lines": [{"kind": line.kind, "text": line.text} for line in lines]}


@router.get("/me/preferences", response=PreferenceIO)
def get_preferences(request):
    member = member_of(request.user)
    if member is None:
        raise NotAllowed(_("Tài khoản chưa gắn với đảng viên nào."))
    return preference_for(member)


@router.put("/me/preferences", response=PreferenceIO)
def put_preferences(request, payload: PreferenceIn):
    member = member_of(request.user)
    if member is None:
        raise NotAllowed(_("Tài khoản chưa gắn với đảng viên nào."))
    return update_preferences(actor=request.user, member=member, **payload.dict())


@router.get("/rollup/{organization_id}", response=CommitmentRollupOut)
def rollup(request, organization_id: int, today: date | None = None):
    organization = get_organization_for(request.user, organization_id)
    if not rules.can_view_rollup(request.user, organization):
        raise NotAllowed(_("Bạn không có quyền xem tổng hợp của tổ chức này."))
    result = rollup_for(organization, today or timezone.localdate())

    def row(r):
        return {"key": r.key, "label": r.label, "items": r.items, "percent": r.percent, **r.counts()}

    return {"organization_id": organization.pk, "today": result.today, "level": result.level,
            "total": row(result.total), "rows": [row(r) for r in result.rows]}  # fmt: skip


@router.get("/{commitment_id}", response=CommitmentOut)
def detail(request, commitment_id: int):
    return _out(get_commitment_for(request.user, commitment_id))


@router.post("/{commitment_id}/state", response=CommitmentOut)
def change_state(request, commitment_id: int, payload: CommitmentStateIn):
    commitment = get_commitment_for(request.user, commitment_id)
    return _out(
        set_state(actor=request.user, commitment=commitment, state=payload.state, reason=payload.reason)
    )


@router.post("/{commitment_id}/revisions", response={200: CommitmentOut, 409: CommitmentStale})
def revise(request, commitment_id: int, payload: RevisionIn):
    """Revises an approved commitment (with a reason); 409 when someone revised it since `version`,
    with the commitment as stored now (`current`)."""
    commitment = get_commitment_for(request.user, commitment_id)
    try:
        revise_commitment(actor=request.user, commitment=commitment, items=_items(request.user, commitment.cell,
                          payload.items), reason=payload.reason, version=payload.version,
                          confirm_past_deadlines=payload.confirm_past_deadlines)  # fmt: skip
    except ConflictError as error:
        return stale(error, _out(get_commitment_for(request.user, commitment_id)))
    commitment.refresh_from_db()
    return _out(commitment)


def _report_out(report) -> dict:
    return {"id": report.pk, "item_id": report.item_id, "period": report.period, "percent": report.percent,
            "narrative": report.narrative, "verdict": report.verdict, "review_note": report.review_note,
            "evidence": [e.original_name for e in report.evidence.all()]}  # fmt: skip


@router.post("/items/{item_id}/reports", response={201: ReportOut})
def report(
    request,
    item_id: int,
    percent: Form[int],
    narrative: Form[str],
    evidence: File[list[UploadedFile]] | None = None,
):
    item = get_item_for(request.user, item_id)
    made = submit_report(
        actor=request.user, item=item, percent=percent, narrative=narrative, files=evidence or []
    )
    return Status(201, _report_out(made))


@router.post("/reports/{report_id}/review", response=ReportOut)
def review(request, report_id: int, payload: ReviewIn):
    made = review_report(actor=request.user, report=get_report_for(request.user, report_id), verdict=payload.verdict,
                         note=payload.note)  # fmt: skip
    return _report_out(made)


@router.get("/evidence/{evidence_id}", response={200: None})
def download_evidence(request, evidence_id: int):
    """An evidence file of a progress report, for whoever may open the commitment."""
    evidence = get_evidence_for(request.user, evidence_id)
    return stored_file_response(
        evidence.file, download_name(evidence.original_name, evidence.file.name or "")
    )

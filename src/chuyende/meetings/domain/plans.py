from datetime import date

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from chuyende.common import audit
from chuyende.common.errors import DomainError, NeedsConfirmation, NotAllowed
from chuyende.orgs.enums import OrganizationKind
from chuyende.orgs.models import Member, Organization

from ..checks import Warning, check_assignment_due, check_plan_dates
from ..enums import MAX_SCORE, PLAN_TRANSITIONS, PlanState
from ..models import Plan, TopicAssignment
from ..rules import can_manage_plan
from ._common import record, save_changes

PLAN_FIELDS = [
    "theme", "basis", "purpose", "requirements", "cell_sessions_before", "committee_session_on", "pass_score",
]  # fmt: skip


def warn(warnings: list[Warning]) -> None:
    """Raises one NeedsConfirmation that says every warning at once, so confirming it confirms
    what the person has read."""
    if warnings:
        raise NeedsConfirmation(" ".join(w.message for w in warnings))


def plan_issued_on(plan: Plan) -> date | None:
    """The day the plan was issued (its KH's date, else the day it was published), None for a draft."""
    if plan.document_id is not None and plan.document is not None and plan.document.issued_on is not None:
        return plan.document.issued_on
    return timezone.localdate(plan.published_at) if plan.published_at else None


def check_can_create_plan(actor, organization: Organization) -> None:
    """Refuses (NotAllowed) whoever may not draw up a plan of `organization`; pages ask before
    reading their form."""
    if not can_manage_plan(actor, organization):
        raise NotAllowed(_("Bạn không có quyền lập kế hoạch cho Đảng bộ này."))


def check_can_assign_topic(actor, plan: Plan) -> None:
    """Refuses (NotAllowed) whoever may not give the cells of `plan` their topics."""
    if not can_manage_plan(actor, plan.organization):
        raise NotAllowed(_("Bạn không có quyền phân công chuyên đề trong kế hoạch này."))


def create_plan(
    *,
    actor,
    organization: Organization,
    theme: str,
    cell_sessions_before: date,
    confirm_dates: bool = False,
    **fields,
) -> Plan:
    """Creates a draft plan of a committee. A date already past needs `confirm_dates`."""
    check_can_create_plan(actor, organization)
    if organization.kind != OrganizationKind.COMMITTEE:
        raise DomainError(_("Kế hoạch sinh hoạt chuyên đề do Đảng uỷ (Đảng bộ) ban hành."))
    if not theme.strip():
        raise DomainError(_("Chuyên đề không được để trống."))
    unknown = set(fields) - set(PLAN_FIELDS)
    if unknown:
        raise TypeError(f"unknown plan fields: {sorted(unknown)}")
    _check_dates(cell_sessions_before, fields.get("committee_session_on"))
    _check_pass_score(fields.get("pass_score", 50))
    if not confirm_dates:
        warn(check_plan_dates(cell_sessions_before, fields.get("committee_session_on"), timezone.localdate()))
    with transaction.atomic():
        plan = Plan.objects.create(
            organization=organization,
            theme=theme.strip(),
            cell_sessions_before=cell_sessions_before,
            created_by=actor if getattr(actor, "is_authenticated", False) else None,
            **fields,
        )
        record("plan.create", plan, actor=actor, organization=organization, changes={"theme": plan.theme})
    return plan


def _check_pass_score(value) -> None:
    """The page's field has the same bounds; the API reaches only this check."""
    if not isinstance(value, int) or not 0 <= value <= MAX_SCORE:
        raise DomainError(_("Điểm tối thiểu phải là số nguyên từ 0 đến 100."))


def _check_dates(cells_before, committee_on) -> None:
    if committee_on is not None and committee_on < cells_before:
        raise DomainError(_("Ngày sinh hoạt cấp Đảng bộ phải sau hạn sinh hoạt của các chi bộ."))


def update_plan(*, actor, plan: Plan, confirm_dates: bool = False, **changes) -> Plan:
    """Changes a draft plan's fields. A published plan is changed only by a new plan. A date
    changed to one already past needs `confirm_dates` (a date left as it was does not)."""
    if not can_manage_plan(actor, plan.organization):
        raise NotAllowed(_("Bạn không có quyền sửa kế hoạch này."))
    if plan.state != PlanState.DRAFT:
        raise DomainError(_("Kế hoạch đã ban hành, không sửa được."))
    before = audit.set_fields(plan, changes, PLAN_FIELDS)
    _check_dates(plan.cell_sessions_before, plan.committee_session_on)
    _check_pass_score(plan.pass_score)
    if not confirm_dates:
        changed = audit.diff(plan, before, PLAN_FIELDS)
        warn(check_plan_dates(
            plan.cell_sessions_before if "cell_sessions_before" in changed else None,
            plan.committee_session_on if "committee_session_on" in changed else None,
            timezone.localdate(),
        ))  # fmt: skip
    save_changes(plan, before, PLAN_FIELDS, action="plan.update", actor=actor)
    return plan


def assign_topic(
    *,
    actor,
    plan: Plan,
    cell: Organization,
    topic: str,
    due_on: date | None = None,
    presenters: list[Member] | tuple = (),
    confirm_dates: bool = False,
) -> TopicAssignment:
    """Gives a cell of the plan's committee its sub-topic (or replaces it while the plan is a draft).
    A deadline entered before the plan's issue date (or already past, for a plan not issued yet)
    needs `confirm_dates`; the plan's own deadline, used when none is entered, was confirmed with
    the plan."""
    check_can_assign_topic(actor, plan)
    if plan.state == PlanState.CLOSED:
        raise DomainError(_("Kế hoạch đã kết thúc."))
    if not cell.is_cell or not cell.path.startswith(plan.organization.path):
        raise DomainError(_("Chỉ phân công cho chi bộ trực thuộc Đảng bộ lập kế hoạch."))
    if not topic.strip():
        raise DomainError(_("Chuyên đề của chi bộ không được để trống."))
    entered = due_on is not None and due_on != plan.cell_sessions_before
    due_on = due_on or plan.cell_sessions_before
    if due_on > plan.cell_sessions_before:
        raise DomainError(_("Hạn sinh hoạt của chi bộ phải trước ngày kế hoạch quy định."))
    if entered and not confirm_dates:
        saved = TopicAssignment.objects.filter(plan=plan, cell=cell).values_list("due_on", flat=True).first()
        if saved != due_on:
            warning = check_assignment_due(cell.name, due_on, plan_issued_on(plan), timezone.localdate())
            warn([warning] if warning else [])
    for presenter in presenters:
        if presenter.cell_id != cell.pk:
            raise DomainError(
                _("%(member)s không thuộc %(organization)s.")
                % {"member": presenter.full_name, "organization": cell.name}
            )
    with transaction.atomic():
        assignment, created = TopicAssignment.objects.update_or_create(
            plan=plan, cell=cell, defaults={"topic": topic.strip(), "due_on": due_on}
        )
        assignment.presenters.set(presenters)
        record(
            "plan.assign_topic" if created else "plan.reassign_topic",
            assignment,
            actor=actor,
            organization=plan.organization,
            changes={"cell": cell.pk, "topic": assignment.topic, "due_on": due_on,
                     "presenters": [p.pk for p in presenters]},
        )  # fmt: skip
    return assignment


def check_can_set_plan_state(actor, plan: Plan) -> None:
    if not can_manage_plan(actor, plan.organization):
        raise NotAllowed(_("Bạn không có quyền thay đổi trạng thái kế hoạch này."))


def set_plan_state(*, actor, plan: Plan, state: str) -> Plan:
    """The one transition function of a plan: draft → published → closed. Publishing needs at least
    one topic assignment and stamps `published_at`."""
    check_can_set_plan_state(actor, plan)
    if state not in PlanState.values:
        raise DomainError(_("Trạng thái kế hoạch không hợp lệ."))
    if state not in PLAN_TRANSITIONS.get(plan.state, set()):
        raise DomainError(
            _("Không thể chuyển kế hoạch từ “%(old)s” sang “%(new)s”.")
            % {"old": PlanState(plan.state).label, "new": PlanState(state).label}
        )
    if state == PlanState.PUBLISHED and not plan.assignments.exists():
        raise DomainError(_("Kế hoạch chưa phân công chuyên đề cho chi bộ nào."))
    with transaction.atomic():
        old = plan.state
        plan.state = state
        fields = ["state"]
        if state == PlanState.PUBLISHED:
            plan.published_at = timezone.now()
            fields.append("published_at")
        plan.save(update_fields=fields)
        record(
            "plan.state", plan, actor=actor, organization=plan.organization, changes={"state": [old, state]}
        )
    return plan

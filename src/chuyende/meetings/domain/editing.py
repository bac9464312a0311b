"""Editing what is still a draft, from the editing pages: a draft plan and its topic assignments,
a scheduled meeting's time and place (members told through the outbox) and the presenters of its
lead paper. Each save carries the version it read; a stale one is refused (someone else saved).
Once a plan is issued it changes only by a replacing document; once a meeting is held, never."""

from collections.abc import Sequence
from datetime import datetime

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from chuyende.common.errors import ConflictError, DomainError, NeedsConfirmation, NotAllowed
from chuyende.common.outbox import MessageDraft, prepare_messages
from chuyende.orgs.models import Member

from ..checks import check_assignment_due, check_plan_dates
from ..enums import MeetingStatus, PlanState
from ..models import Meeting, Plan, TopicAssignment
from ..rules import can_manage_meeting, can_manage_plan
from ._common import record
from .meetings import outside_plan_warning, update_meeting
from .plans import assign_topic, plan_issued_on, update_plan, warn


def _bump(model, obj, expected_version: int) -> None:
    """One conditional UPDATE: zero rows means someone saved since `expected_version` was read."""
    if not model.objects.filter(pk=obj.pk, version=expected_version).update(version=F("version") + 1):
        raise ConflictError(
            _("Nội dung vừa được người khác sửa. Hãy tải lại trang để xem nội dung mới rồi sửa tiếp.")
        )
    obj.version = expected_version + 1


def check_can_edit_plan(actor, plan: Plan) -> None:
    """Refuses (NotAllowed) whoever may not change `plan`; its edit page asks before its form."""
    if not can_manage_plan(actor, plan.organization):
        raise NotAllowed(_("Bạn không có quyền sửa kế hoạch này."))


def check_can_edit_meeting(actor, meeting: Meeting) -> None:
    """Refuses (NotAllowed) whoever may not move `meeting` or name its presenters."""
    if not can_manage_meeting(actor, meeting.organization):
        raise NotAllowed(_("Bạn không có quyền sửa buổi sinh hoạt này."))


def edit_draft_plan(
    *,
    actor,
    plan: Plan,
    expected_version: int,
    changes: dict,
    assignments: Sequence[dict] = (),
    confirm_dates: bool = False,
) -> Plan:
    """Changes a draft plan's fields and, for each entry of `assignments` ({"cell", "topic",
    "due_on", "presenters"}), the topic assignment of that cell, in one transaction. A date changed
    to one already past needs `confirm_dates` (nothing is saved until then)."""
    check_can_edit_plan(actor, plan)
    if plan.state != PlanState.DRAFT:
        raise DomainError(_("Kế hoạch đã ban hành: muốn thay đổi, hãy ban hành văn bản thay thế kế hoạch."))
    if not confirm_dates:
        _warn_plan_edit(plan, changes, assignments)
    with transaction.atomic():
        _bump(Plan, plan, expected_version)
        update_plan(actor=actor, plan=plan, confirm_dates=True, **changes)
        for entry in assignments:
            assign_topic(actor=actor, plan=plan, confirm_dates=True, **entry)
    return plan


def _warn_plan_edit(plan: Plan, changes: dict, assignments: Sequence[dict]) -> None:
    """Every date warning of one save at once (changed dates only), so that one confirmation
    covers exactly what the person was shown."""
    today = timezone.localdate()
    cells_before = changes.get("cell_sessions_before", plan.cell_sessions_before)
    committee_on = changes.get("committee_session_on", plan.committee_session_on)
    warnings = check_plan_dates(
        cells_before if cells_before != plan.cell_sessions_before else None,
        committee_on if committee_on != plan.committee_session_on else None,
        today,
    )
    saved = dict(plan.assignments.values_list("cell_id", "due_on"))
    issued_on = plan_issued_on(plan)
    for entry in assignments:
        due_on = entry.get("due_on")
        if due_on is None or due_on == saved.get(entry["cell"].pk) or due_on == cells_before:
            continue
        if (warning := check_assignment_due(entry["cell"].name, due_on, issued_on, today)) is not None:
            warnings.append(warning)
    warn(warnings)


def _schedule_messages(actor, meeting: Meeting, before: dict) -> int:
    """Tells every member with an e-mail address (and the supervising committee member) the new
    time and place, queued in the outbox for review like the materials notice."""
    old = timezone.localtime(before["starts_at"])
    new = timezone.localtime(meeting.starts_at)
    subject = _("Thay đổi lịch sinh hoạt: %(title)s") % {"title": meeting.title}
    body = _(
        "%(organization)s đổi lịch sinh hoạt “%(title)s”: từ %(old)s tại %(old_place)s sang %(new)s "
        "tại %(new_place)s."
    ) % {
        "organization": meeting.organization.name, "title": meeting.title,
        "old": f"{old:%H:%M} {old:%d/%m/%Y}", "old_place": before["place"] or meeting.organization.name,
        "new": f"{new:%H:%M} {new:%d/%m/%Y}", "new_place": meeting.place or meeting.organization.name,
    }  # fmt: skip
    people = list(
        Member.objects.filter(cell__path__startswith=meeting.organization.path, is_active=True).exclude(
            email=""
        )
    )
    supervisor = getattr(meeting.supervisor, "member", None) if meeting.supervisor_id else None
    if supervisor is not None and supervisor.email and supervisor not in people:
        people.append(supervisor)
    drafts = [MessageDraft(member=m, to_email=m.email, subject=subject[:255], body=body) for m in people]
    return prepare_messages(
        actor=actor, organization=meeting.organization, topic=f"meetings.reschedule:{meeting.pk}:{meeting.version}",
        drafts=drafts,
    )  # fmt: skip


def reschedule_meeting(
    *,
    actor,
    meeting: Meeting,
    expected_version: int,
    starts_at: datetime,
    ends_at: datetime,
    place: str,
    confirm_outside_plan: bool = False,
) -> Meeting:
    """Moves a scheduled meeting to a new time and/or place and queues the notice to its members
    in the outbox (nothing is queued when neither changed). Moving a plan's meeting to a day
    outside the plan's period needs `confirm_outside_plan`."""
    check_can_edit_meeting(actor, meeting)
    if meeting.status != MeetingStatus.SCHEDULED:
        raise DomainError(_("Buổi sinh hoạt đã tổ chức hoặc đã huỷ, không sửa được."))
    moved = timezone.localdate(starts_at) != timezone.localdate(meeting.starts_at)
    warning = None
    if meeting.assignment is not None and moved and not confirm_outside_plan:
        warning = outside_plan_warning(meeting.assignment, starts_at)
    if warning is not None:
        raise NeedsConfirmation(warning.message)
    before = {"starts_at": meeting.starts_at, "ends_at": meeting.ends_at, "place": meeting.place}
    with transaction.atomic():
        _bump(Meeting, meeting, expected_version)
        update_meeting(
            actor=actor, meeting=meeting, starts_at=starts_at, ends_at=ends_at, place=place.strip()
        )
        if (meeting.starts_at, meeting.place) != (before["starts_at"], before["place"]):
            _schedule_messages(actor, meeting, before)
    return meeting


def set_lead_presenters(
    *, actor, meeting: Meeting, presenters: list[Member], expected_version: int
) -> Meeting:
    """Sets who presents the lead paper of a scheduled thematic meeting (the presenters of its
    topic assignment, named in the minutes)."""
    check_can_edit_meeting(actor, meeting)
    if meeting.status != MeetingStatus.SCHEDULED:
        raise DomainError(_("Buổi sinh hoạt đã tổ chức hoặc đã huỷ, không sửa được."))
    if meeting.assignment_id is None:
        raise DomainError(_("Buổi sinh hoạt này không có chuyên đề được phân công."))
    for presenter in presenters:
        if presenter.cell_id != meeting.organization_id:
            raise DomainError(
                _("%(member)s không sinh hoạt tại %(organization)s.")
                % {"member": presenter.full_name, "organization": meeting.organization.name}
            )
    with transaction.atomic():
        _bump(Meeting, meeting, expected_version)
        assignment = TopicAssignment.objects.get(pk=meeting.assignment_id)
        before = sorted(assignment.presenters.values_list("pk", flat=True))
        assignment.presenters.set(presenters)
        record(
            "meeting.presenters", meeting, actor=actor, organization=meeting.organization,
            changes={"presenters": [before, sorted(p.pk for p in presenters)]},
        )  # fmt: skip
    return meeting

from datetime import date

import pytest

from chuyende.common.actors import SYSTEM
from chuyende.common.errors import DomainError, NotAllowed, NotFound
from chuyende.common.models import AuditEntry
from chuyende.meetings import domain
from chuyende.meetings.access import get_plan_for
from chuyende.meetings.enums import MeetingKind, PlanState

from . import helpers as h


def test_create_plan_records_fields_and_audit(world):
    plan = domain.create_plan(
        actor=world.users["secretary"],
        organization=world.committee,
        theme="Xây dựng và chỉnh đốn Đảng",
        basis="Nghị quyết số 04-NQ/TW",
        cell_sessions_before=date(2016, 12, 20),
        committee_session_on=date(2016, 12, 26),
        pass_score=70,
        confirm_dates=True,
    )
    assert (plan.state, plan.basis, plan.pass_score) == (PlanState.DRAFT, "Nghị quyết số 04-NQ/TW", 70)
    assert AuditEntry.objects.filter(action="plan.create", object_id=str(plan.pk)).count() == 1


@pytest.mark.parametrize("role", ["cell_secretary", "member", "supervisor", "committee_member", "outsider"])
def test_create_plan_refused_without_managing_role(world, role):
    with pytest.raises(NotAllowed):
        domain.create_plan(
            actor=world.users[role],
            organization=world.committee,
            theme="X",
            cell_sessions_before=date(2016, 12, 20),
        )


def test_create_plan_refuses_a_cell(world):
    with pytest.raises(DomainError, match="Đảng uỷ"):
        domain.create_plan(
            actor=SYSTEM, organization=world.cell_a, theme="X", cell_sessions_before=date(2016, 12, 1)
        )


def test_committee_session_before_cell_sessions_is_refused(world):
    with pytest.raises(DomainError, match="phải sau"):
        h.plan(world, committee_session_on=date(2016, 12, 1))


def test_assign_topic_replaces_and_checks_cell_and_presenters(world):
    plan = h.plan(world)
    first = domain.assign_topic(
        actor=SYSTEM, plan=plan, cell=world.cell_a, topic="A", presenters=[world.member_a]
    )
    again = domain.assign_topic(
        actor=SYSTEM,
        plan=plan,
        cell=world.cell_a,
        topic="B",
        due_on=date(2016, 12, 15),
        confirm_dates=True,
    )
    assert (again.pk, again.topic, again.due_on) == (first.pk, "B", date(2016, 12, 15))
    assert list(again.presenters.all()) == []
    with pytest.raises(DomainError, match="trực thuộc"):
        domain.assign_topic(actor=SYSTEM, plan=plan, cell=world.cell_x, topic="X")
    with pytest.raises(DomainError, match="không thuộc"):
        domain.assign_topic(
            actor=SYSTEM, plan=plan, cell=world.cell_a, topic="A", presenters=[world.member_b]
        )
    with pytest.raises(DomainError, match="trước ngày"):
        domain.assign_topic(actor=SYSTEM, plan=plan, cell=world.cell_a, topic="A", due_on=date(2017, 1, 1))


def test_plan_transitions(world):
    plan = h.plan(world)
    with pytest.raises(DomainError, match="chưa phân công"):
        domain.set_plan_state(actor=SYSTEM, plan=plan, state=PlanState.PUBLISHED)
    domain.assign_topic(actor=SYSTEM, plan=plan, cell=world.cell_a, topic="A")
    domain.set_plan_state(actor=SYSTEM, plan=plan, state=PlanState.PUBLISHED)
    assert plan.published_at is not None
    with pytest.raises(DomainError, match="Không thể chuyển"):
        domain.set_plan_state(actor=SYSTEM, plan=plan, state=PlanState.DRAFT)
    with pytest.raises(DomainError, match="đã ban hành"):
        domain.update_plan(actor=SYSTEM, plan=plan, theme="Khác")
    domain.set_plan_state(actor=SYSTEM, plan=plan, state=PlanState.CLOSED)
    assert plan.state == PlanState.CLOSED


def test_draft_plan_hidden_from_members_until_published(world):
    plan = h.plan(world)
    domain.assign_topic(actor=SYSTEM, plan=plan, cell=world.cell_a, topic="A")
    with pytest.raises(NotFound):
        get_plan_for(world.users["member"], plan.pk)
    assert get_plan_for(world.users["committee_member"], plan.pk) == plan
    domain.set_plan_state(actor=SYSTEM, plan=plan, state=PlanState.PUBLISHED)
    assert get_plan_for(world.users["member"], plan.pk) == plan
    with pytest.raises(NotFound):
        get_plan_for(world.users["outsider"], plan.pk)


def test_scheduling_for_an_assignment_makes_it_current(world):
    plan = h.plan(world)
    assignment = domain.assign_topic(actor=SYSTEM, plan=plan, cell=world.cell_a, topic="A")
    meeting = h.meeting(world, assignment=assignment)
    assignment.refresh_from_db()
    assert (assignment.current_meeting, meeting.plan) == (meeting, plan)
    with pytest.raises(DomainError, match="đã lên lịch"):
        h.meeting(world, assignment=assignment)
    with pytest.raises(DomainError, match="chi bộ khác"):
        h.meeting(world, world.cell_b, kind=MeetingKind.THEMATIC, assignment=assignment)


def test_cell_secretary_without_member_record_sees_published_plan_above(world):
    from tests import factories as f

    deputy = f.user("phobithu")
    f.role(deputy, world.cell_a, "deputy_secretary")
    plan = h.plan(world)
    domain.assign_topic(actor=SYSTEM, plan=plan, cell=world.cell_a, topic="A")
    with pytest.raises(NotFound):
        get_plan_for(deputy, plan.pk)
    domain.set_plan_state(actor=SYSTEM, plan=plan, state=PlanState.PUBLISHED)
    assert get_plan_for(deputy, plan.pk) == plan


def test_issue_plan_numbers_renders_and_disseminates(world):
    from chuyende.documents.models import Recipient
    from chuyende.orgs.domain import create_term

    create_term(actor=SYSTEM, organization=world.committee, name="Nhiệm kỳ 2015 – 2020",
                starts_on=date(2015, 6, 1), ends_on=date(2020, 6, 30))  # fmt: skip
    plan = h.plan(world, basis="Nghị quyết số 04-NQ/TW")
    domain.assign_topic(actor=SYSTEM, plan=plan, cell=world.cell_a, topic="Chủ đề A")
    with pytest.raises(NotAllowed):
        domain.issue_plan(actor=world.users["cell_secretary"], plan=plan)
    domain.issue_plan(
        actor=world.users["secretary"],
        plan=plan,
        issued_on=date(2016, 12, 5),
        signer=world.users["secretary"].member,
    )
    plan.refresh_from_db()
    document = plan.document
    assert (plan.state, document.state, document.document_type.code) == ("published", "issued", "KH")
    assert document.number_symbol.endswith("-KH/ĐU")
    assert Recipient.objects.filter(document=document).count() == 4  # every member of the committee
    with pytest.raises(DomainError, match="đã được ban hành"):
        domain.issue_plan(actor=world.users["secretary"], plan=plan)

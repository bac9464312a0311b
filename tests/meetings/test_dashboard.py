from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from chuyende.common.actors import SYSTEM
from chuyende.meetings import domain
from chuyende.meetings.enums import MeetingKind, PlanState
from chuyende.meetings.interfaces import dashboard
from tests import factories as f

from . import helpers as h

TODAY = date(2016, 12, 31)


def _plan_with_cells(world, n_extra):
    plan = h.plan(world, pass_score=70)
    cells = [world.cell_a, world.cell_b] + [f.cell(world.committee) for _ in range(n_extra)]
    assignments = [
        domain.assign_topic(actor=SYSTEM, plan=plan, cell=c, topic=f"Chuyên đề {c.pk}") for c in cells
    ]
    domain.set_plan_state(actor=SYSTEM, plan=plan, state=PlanState.PUBLISHED)
    return plan, assignments


def _through_rerun(world, assignment):
    """cell_a: failed (45) then re-run passed (90)."""
    failed = h.meeting(world, assignment=assignment, supervisor=world.users["supervisor"])
    domain.add_material(actor=SYSTEM, meeting=failed, upload=h.pdf())
    domain.publish_materials(actor=SYSTEM, meeting=failed, at=h.at(2016, 12, 1))
    h.hold(failed, [world.member_a, world.member_a2])
    h.approved_minutes(failed)
    domain.propose_grade(actor=SYSTEM, meeting=failed, scores=h.SCORES_FAIL)
    domain.confirm_grade(actor=world.users["supervisor"], meeting=failed)
    rerun = failed.rerun
    h.hold(rerun, [world.member_a, world.member_a2])
    h.approved_minutes(rerun)
    domain.propose_grade(actor=SYSTEM, meeting=rerun, scores=h.SCORES_PASS)
    domain.confirm_grade(actor=world.users["supervisor"], meeting=rerun)
    return failed, rerun


def test_plan_counts_follow_the_rerun(world):
    plan, assignments = _plan_with_cells(world, 1)
    _through_rerun(world, assignments[0])
    h.meeting(world, world.cell_b, assignment=assignments[1])
    counts = dashboard.plan_counts(plan, TODAY)
    assert counts == {
        "assigned": 3, "scheduled": 2, "materials_published": 0, "held": 1, "minutes_approved": 1,
        "graded": 1, "rerun_required": 1, "passed": 1, "late": 2,
    }  # fmt: skip
    rows = dashboard.plan_rows(plan, TODAY)
    assert [(r.assignment.cell, r.late) for r in rows][0] == (world.cell_a, False)
    assert rows[0].stages["passed"] is True and rows[0].stages["rerun_required"] is True
    assert [r.assignment.cell for r in dashboard.plan_rows(plan, TODAY, late_only=True)][0] == world.cell_b


def test_rollup_groups_by_committee_and_ignores_drafts(world):
    plan, assignments = _plan_with_cells(world, 0)
    _through_rerun(world, assignments[0])
    h.plan(world)  # a draft plan does not count
    other = domain.create_plan(
        actor=SYSTEM,
        organization=world.other_committee,
        theme="Khác",
        cell_sessions_before=date(2016, 12, 20),
        confirm_dates=True,
    )
    domain.assign_topic(actor=SYSTEM, plan=other, cell=world.cell_x, topic="X")
    domain.set_plan_state(actor=SYSTEM, plan=other, state=PlanState.PUBLISHED)
    rows = dashboard.rollup(world.superior, TODAY, year=2016)
    assert [(o, c["assigned"], c["passed"], c["late"]) for o, c in rows] == [
        (world.committee, 2, 1, 1),
        (world.other_committee, 1, 0, 1),
    ]
    assert dashboard.rollup(world.superior, TODAY, year=2017) == []


def test_yearly_grade_uses_reruns_not_failed_meetings(world):
    for month, scores in [(1, h.SCORES_PASS), (2, h.SCORES_FAIL), (3, h.SCORES_PASS)]:
        meeting = h.meeting(world, kind=MeetingKind.REGULAR, starts_at=h.at(2016, month, 3), minutes=90)
        h.hold(meeting, [world.member_a])
        domain.propose_grade(actor=SYSTEM, meeting=meeting, scores=scores)
        domain.confirm_grade(actor=world.users["supervisor"], meeting=meeting)
        if scores is h.SCORES_FAIL:
            rerun = meeting.rerun
            h.hold(rerun, [world.member_a])
            domain.propose_grade(
                actor=SYSTEM,
                meeting=rerun,
                scores={"chuan_bi": 12, "du_hop": 18, "tien_hanh": 30, "ket_thuc": 15},
            )
            domain.confirm_grade(actor=world.users["supervisor"], meeting=rerun)
    assert dashboard.yearly_grades(world.committee, 2016) == [(world.cell_a, 85.0, 3, "Khá")]


@pytest.mark.parametrize("extra", [0, 2])
def test_dashboard_query_count_does_not_grow_with_cells(world, extra):
    plan, _ = _plan_with_cells(world, extra)
    with CaptureQueriesContext(connection) as queries:
        dashboard.plan_counts(plan, TODAY)
        rows = dashboard.plan_rows(plan, TODAY)
        dashboard.rollup(world.superior, TODAY)
    assert len(rows) == 2 + extra
    assert len(queries) == 4


def test_cells_without_thematic_session_in_quarter(world):
    h.meeting(world)  # cell_a, 10 Dec 2016
    count, cells = dashboard.cells_without_thematic(world.superior, 2016, 4)
    assert (count, cells) == (2, [world.cell_b, world.cell_x])
    assert dashboard.cells_without_thematic(world.committee, 2017, 1) == (2, [world.cell_a, world.cell_b])


def test_yearly_grades_per_cell_in_path_order_in_two_queries(world):
    """The grouped query returns the organisations themselves (no second lookup by id): averages,
    counts and labels per cell, only regular graded meetings of the year under the root, whatever
    the number of cells."""
    from chuyende.meetings.models import Meeting

    def graded(cell, month, score, *, kind=MeetingKind.REGULAR, year=2016, needs_rerun=False):
        meeting = h.meeting(world, cell, kind=kind, starts_at=h.at(year, month, 3), minutes=90)
        Meeting.objects.filter(pk=meeting.pk).update(score=score, needs_rerun=needs_rerun)

    graded(world.cell_b, 1, 90)
    graded(world.cell_b, 2, 71)
    graded(world.cell_a, 1, 60)
    graded(world.cell_a, 2, 20, needs_rerun=True)  # replaced by a re-run: not counted
    graded(world.cell_a, 3, 99, kind=MeetingKind.THEMATIC)  # not a regular meeting
    graded(world.cell_a, 4, 10, year=2017)  # another year
    graded(world.cell_x, 1, 95)  # outside the committee
    with CaptureQueriesContext(connection) as queries:
        rows = dashboard.yearly_grades(world.committee, 2016)
    assert len(queries) == 2
    expected = {world.cell_a: (60.0, 1), world.cell_b: (80.5, 2)}
    in_path_order = sorted(expected, key=lambda cell: cell.path)
    assert [(cell, float(average), n) for cell, average, n, _ in rows] == [
        (cell, *expected[cell]) for cell in in_path_order
    ]
    assert all(label for *_, label in rows)
    assert [cell.pk for cell, *_ in dashboard.yearly_grades(world.superior, 2016)] == [
        cell.pk for cell in sorted([world.cell_a, world.cell_b, world.cell_x], key=lambda cell: cell.path)
    ]

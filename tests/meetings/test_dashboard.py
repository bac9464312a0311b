from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from chuyende.common.actors import SYSTEM
from chuyende.meetings import domain
from chuyende.meetings.enums import MeetingKind, PlanState
from chuyende.meetings.interfaces import dashboard
from chuyende.orgs.enums import Role
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


def _direct_grade_counts():
    from chuyende.meetings.domain.grading import counted_meetings

    return {(r["organization__path"], r["year"]): (r["graded"], r["score_sum"]) for r in counted_meetings()}


def _grade_counters():
    from chuyende.meetings.models import GradeCounter

    return {(c.org_path, c.year): (c.graded, c.score_sum) for c in GradeCounter.objects.all()}


def test_yearly_grades_per_child_from_counters_in_three_queries(world):
    """Counters follow each confirmed grade (failed meetings through their re-run, only regular
    meetings of the year); the roll-up answers one row per direct child, whatever the number of
    cells: a committee's row averages its whole subtree, a cell's row is its yearly grade."""
    from chuyende.meetings.domain.grading import rebuild_grade_counters
    from chuyende.meetings.models import GradeCounter

    supervisors = {world.cell_a.pk: world.users["supervisor"]}
    for cell in (world.cell_b, world.cell_x):
        supervisors[cell.pk] = f.user(f"giamsat-{cell.pk}")
        f.role(supervisors[cell.pk], cell, Role.SUPERVISOR)
    members = {
        world.cell_a.pk: world.member_a,
        world.cell_b.pk: world.member_b,
        world.cell_x.pk: world.member_x,
    }

    def graded(cell, month, scores, *, kind=MeetingKind.REGULAR, year=2016):
        meeting = h.meeting(world, cell, kind=kind, starts_at=h.at(year, month, 3), minutes=90)
        h.hold(meeting, [members[cell.pk]])
        domain.propose_grade(actor=SYSTEM, meeting=meeting, scores=scores)
        domain.confirm_grade(actor=supervisors[cell.pk], meeting=meeting)
        return meeting

    graded(world.cell_b, 1, h.SCORES_PASS)
    graded(world.cell_a, 1, h.SCORES_PASS)
    failed = graded(world.cell_a, 2, h.SCORES_FAIL)  # replaced by a re-run: not counted
    graded(world.cell_a, 3, h.SCORES_PASS, kind=MeetingKind.THEMATIC)  # not a regular meeting
    graded(world.cell_a, 4, h.SCORES_PASS, year=2017)  # another year
    graded(world.cell_x, 1, h.SCORES_PASS)  # outside the committee
    assert _grade_counters() == _direct_grade_counts()
    rerun_scores = {"chuan_bi": 12, "du_hop": 18, "tien_hanh": 30, "ket_thuc": 15}  # 75
    h.hold(failed.rerun, [world.member_a])
    domain.propose_grade(actor=SYSTEM, meeting=failed.rerun, scores=rerun_scores)
    domain.confirm_grade(actor=supervisors[world.cell_a.pk], meeting=failed.rerun)
    assert _grade_counters() == _direct_grade_counts()
    assert _grade_counters()[(world.cell_a.path, 2016)] == (2, 90 + 75)

    with CaptureQueriesContext(connection) as queries:
        rows = dashboard.yearly_grades(world.committee, 2016)
    assert len(queries) == 3
    expected = {world.cell_a: (82.5, 2), world.cell_b: (90.0, 1)}
    assert [(org, average, n) for org, average, n, _ in rows] == [
        (cell, *expected[cell]) for cell in sorted(expected, key=lambda cell: cell.path)
    ]
    assert all(label for *_, label in rows)
    # Above: one row per direct child, each the average of its whole subtree.
    above = {org.pk: (average, n) for org, average, n, _ in dashboard.yearly_grades(world.superior, 2016)}
    assert above == {world.committee.pk: (85.0, 3), world.other_committee.pk: (90.0, 1)}
    assert dashboard.yearly_grades(world.cell_a, 2016)[0][:3] == (world.cell_a, 82.5, 2)
    # The set-based rebuild writes the same rows.
    maintained = _grade_counters()
    GradeCounter.objects.all().delete()
    rebuild_grade_counters()
    assert _grade_counters() == maintained

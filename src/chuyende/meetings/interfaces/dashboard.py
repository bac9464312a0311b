"""Plan dashboard and roll-ups, aggregated in the database (one query per table, whatever the number
of cells). A topic assignment counts through its *current* meeting: the re-run once a failed
session was replaced, so the failed one stays on record but out of every roll-up."""

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import Count, Exists, OuterRef, Q, Sum
from django.db.models.functions import Substr

from chuyende.common.replica import on_replica
from chuyende.orgs.models import Organization
from chuyende.orgs.models.organization import PATH_SEGMENT_WIDTH
from chuyende.orgs.rules import subtree_q

from ..enums import MeetingKind, MeetingStatus, PlanState
from ..models import GradeCounter, Meeting, Plan, ScoringTemplate, TopicAssignment

STAGES = [
    "assigned", "scheduled", "materials_published", "held", "minutes_approved", "graded", "rerun_required",
    "passed", "late",
]  # fmt: skip


def _stage_aggregates(today: date) -> dict:
    current = "current_meeting__"
    return {
        "assigned": Count("pk"),
        "scheduled": Count("pk", filter=Q(current_meeting__isnull=False)),
        "materials_published": Count("pk", filter=Q(**{current + "materials_published_at__isnull": False})),
        "held": Count("pk", filter=Q(**{current + "status": MeetingStatus.HELD})),
        "minutes_approved": Count("pk", filter=Q(**{current + "minutes_approved_at__isnull": False})),
        "graded": Count("pk", filter=Q(**{current + "score__isnull": False})),
        "rerun_required": Count(
            "pk", filter=Q(**{current + "rerun_of__isnull": False}) | Q(**{current + "needs_rerun": True})
        ),
        "passed": Count("pk", filter=Q(**{current + "passed": True})),
        "late": Count("pk", filter=_late_q(today)),
    }


def _late_q(today: date) -> Q:
    """Due date passed and the session not held (or held without approved minutes)."""
    return Q(due_on__lt=today) & (
        Q(current_meeting__isnull=True) | Q(current_meeting__minutes_approved_at__isnull=True)
    )


@dataclass
class AssignmentRow:
    assignment: TopicAssignment
    meeting: Meeting | None
    late: bool

    @property
    def stages(self) -> dict[str, bool]:
        m = self.meeting
        return {
            "scheduled": m is not None,
            "materials_published": bool(m and m.materials_published_at),
            "held": bool(m and m.status == MeetingStatus.HELD),
            "minutes_approved": bool(m and m.minutes_approved_at),
            "graded": bool(m and m.score is not None),
            "rerun_required": bool(m and (m.rerun_of_id or m.needs_rerun)),
            "passed": bool(m and m.passed),
        }


def plan_counts(plan: Plan, today: date) -> dict[str, int]:
    """Counts of cells at each stage of the plan, in one query."""
    return TopicAssignment.objects.filter(plan=plan).aggregate(**_stage_aggregates(today))


def plan_rows(
    plan: Plan, today: date, *, late_only: bool = False, limit: int | None = None
) -> list[AssignmentRow]:
    """One row per assigned cell with its current meeting, in one query."""
    assignments = (
        TopicAssignment.objects.filter(plan=plan)
        .select_related("cell", "current_meeting")
        .order_by("due_on", "pk")
    )
    if late_only:
        assignments = assignments.filter(_late_q(today))
    if limit is not None:
        assignments = assignments[:limit]
    rows = []
    for a in assignments:
        meeting = a.current_meeting
        late = a.due_on < today and (meeting is None or meeting.minutes_approved_at is None)
        rows.append(AssignmentRow(a, meeting, late))
    return rows


@on_replica()
def rollup(
    organization: Organization, today: date, *, year: int | None = None
) -> list[tuple[Organization, dict]]:
    """Stage counts of every published plan under `organization`, grouped by its direct children
    (the committees below a superior committee), in two queries."""
    prefix_length = PATH_SEGMENT_WIDTH * (organization.depth + 2)
    assignments = TopicAssignment.objects.filter(
        subtree_q([organization.path], field="cell__path"),
        plan__state__in=[PlanState.PUBLISHED, PlanState.CLOSED],
    )
    if year is not None:
        assignments = assignments.filter(plan__cell_sessions_before__year=year)
    grouped: dict[str, dict[str, Any]] = {
        row["prefix"]: {key: value for key, value in row.items() if key != "prefix"}
        for row in assignments.annotate(prefix=Substr("cell__path", 1, prefix_length))
        .values("prefix")
        .annotate(**_stage_aggregates(today))
        .order_by("prefix")
    }
    children = Organization.objects.filter(path__in=list(grouped)).order_by("path")
    return [(child, grouped[child.path]) for child in children]


def plan_years(organization: Organization) -> list[int]:
    """Years (of the cell-session deadline, as the roll-up counts them) with a published plan
    assigning a topic to a cell under `organization`, latest first. One query."""
    years = (
        TopicAssignment.objects.filter(
            subtree_q([organization.path], field="cell__path"),
            plan__state__in=[PlanState.PUBLISHED, PlanState.CLOSED],
        )
        .values_list("plan__cell_sessions_before__year", flat=True)
        .distinct()
    )
    return sorted(set(years), reverse=True)


def yearly_grades(organization: Organization, year: int) -> list[tuple[Organization, float, int, str]]:
    """Yearly grade of each direct child of `organization` (or of the organization itself when it
    is a cell): the average score of the graded regular meetings of the year in the child's whole
    subtree (a failed meeting counts through its re-run), their number and the grade of that
    average on the regular template — for a cell, exactly its yearly grade. Read from the per-cell
    `GradeCounter` rows, grouped by the child's path prefix: one row per cell of the subtree,
    never one per meeting; three queries (counters, organisations, template), whatever the size
    (bench/bench_pg_scale.py)."""
    prefix_length = len(organization.path) + PATH_SEGMENT_WIDTH
    grouped = {
        row["prefix"]: (row["meetings"], row["scores"])
        for row in GradeCounter.objects.filter(subtree_q([organization.path], field="org_path"), year=year)
        .annotate(prefix=Substr("org_path", 1, prefix_length))
        .values("prefix")
        .annotate(meetings=Sum("graded"), scores=Sum("score_sum"))
        .order_by("prefix")
        if row["meetings"]
    }
    if not grouped:
        return []
    template = ScoringTemplate.objects.filter(meeting_kind=MeetingKind.REGULAR, is_active=True).first()
    result: list[tuple[Organization, float, int, str]] = []
    for child in Organization.objects.filter(path__in=list(grouped)).order_by("path"):
        meetings, scores = grouped[child.path]
        average = round(scores / meetings, 1)
        result.append((child, average, meetings, _grade_label(template, average) if template else ""))
    return result


def _grade_label(template: ScoringTemplate, score: float) -> str:
    for threshold in sorted(template.thresholds, key=lambda t: -t["min"]):
        if score >= threshold["min"]:
            return threshold["label"]
    return ""


def thematic_quarters(organization: Organization) -> set[tuple[int, int]]:
    """Quarters (year, n) in which the organization held or scheduled a thematic session."""
    months = (
        Meeting.objects.filter(
            organization=organization, kind__in=[MeetingKind.THEMATIC, MeetingKind.COMMITTEE]
        )
        .exclude(status=MeetingStatus.CANCELLED)
        .datetimes("starts_at", "month")
    )
    return {(d.year, (d.month - 1) // 3 + 1) for d in months}


def quarter_bounds(year: int, quarter: int) -> tuple[date, date]:
    first = date(year, 3 * (quarter - 1) + 1, 1)
    last = date(year + 1, 1, 1) if quarter == 4 else date(year, 3 * quarter + 1, 1)
    return first, last


def cells_without_thematic(organization: Organization, year: int, quarter: int, *, limit: int = 50):
    """Active cells under `organization` with no thematic session in the quarter (rule: at least
    one per quarter): (count, first `limit` cells), in two queries."""
    first, last = quarter_bounds(year, quarter)
    held = Meeting.objects.filter(
        organization=OuterRef("pk"),
        kind=MeetingKind.THEMATIC,
        starts_at__date__gte=first,
        starts_at__date__lt=last,
    ).exclude(status=MeetingStatus.CANCELLED)
    cells = (
        Organization.objects.filter(subtree_q([organization.path]), kind="cell", is_active=True)
        .exclude(Exists(held))
        .order_by("path")
    )
    return cells.count(), list(cells[:limit])

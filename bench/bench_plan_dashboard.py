"""Plan dashboard on a generated province: ≥ 5,000 cells under 50 committees, one province-wide
plan assigning a topic to every cell, meetings at every stage (and some re-runs).

Measures what the dashboard page runs — stage counts, the first page of late cells and the roll-up
by committee — ~50 times, and a baseline in the same run (a plain count over the meetings table),
so the ratio says how far the dashboard is from the cheapest query on this machine.

    .venv/bin/python -m bench.bench_plan_dashboard   → bench/results/plan_dashboard.json
"""

import statistics
import tempfile
from datetime import UTC, date, datetime, timedelta

from bench.common import percentile, result, save, setup_django, timings_ms

COMMITTEES = 50
CELLS_PER_COMMITTEE = 101  # 5,050 cells
RUNS = 50


def _generate() -> tuple:
    from chuyende.meetings.models import Meeting, Plan, TopicAssignment
    from chuyende.orgs.models import Organization
    from chuyende.orgs.models.organization import path_segment

    def org(pk, parent, kind, name):
        path = (parent.path if parent else "") + path_segment(pk)
        return Organization(
            pk=pk, parent=parent, path=path, depth=len(path) // 9 - 1, kind=kind, name=name,
            header_name=name.upper(), body_code="CB" if kind == "cell" else "ĐU", place_name="Nha Trang",
        )  # fmt: skip

    province = org(1, None, "committee", "Đảng bộ tỉnh")
    committees = [org(2 + i, province, "committee", f"Đảng bộ số {i + 1}") for i in range(COMMITTEES)]
    next_pk = 2 + COMMITTEES
    cells = []
    for committee in committees:
        for j in range(CELLS_PER_COMMITTEE):
            cells.append(org(next_pk, committee, "cell", f"Chi bộ {next_pk} số {j + 1}"))
            next_pk += 1
    Organization.objects.bulk_create([province, *committees], batch_size=1000)
    Organization.objects.bulk_create(cells, batch_size=1000)
    plan = Plan.objects.create(
        organization=province, theme="Chuyên đề toàn tỉnh", cell_sessions_before=date(2026, 12, 20),
        state="published", pass_score=70,
    )  # fmt: skip
    TopicAssignment.objects.bulk_create(
        [TopicAssignment(plan=plan, cell=c, topic=f"Chuyên đề của {c.name}", due_on=date(2026, 12, 1 + i % 19))
         for i, c in enumerate(cells)],
        batch_size=1000,
    )  # fmt: skip
    assignments = list(TopicAssignment.objects.filter(plan=plan).order_by("pk"))
    start = datetime(2026, 12, 1, 7, tzinfo=UTC)
    meetings, reruns = [], []
    for i, a in enumerate(assignments):
        stage = i % 10  # 0: not scheduled … 9: failed and re-run
        if stage == 0:
            continue
        when = start + timedelta(days=i % 19)
        m = Meeting(
            organization_id=a.cell_id, kind="thematic", plan=plan, assignment=a, title=a.topic,
            starts_at=when, ends_at=when + timedelta(minutes=120),
            materials_published_at=when - timedelta(days=2) if stage >= 2 else None,
            status="held" if stage >= 3 else "scheduled",
            minutes_approved_at=when + timedelta(hours=2) if stage >= 4 else None,
            score=(92 if stage < 9 else 45) if stage >= 5 else None,
            grade=("tot" if stage < 9 else "kem") if stage >= 5 else "",
            passed=(stage < 9) if stage >= 5 else None, needs_rerun=stage == 9,
        )  # fmt: skip
        meetings.append(m)
    Meeting.objects.bulk_create(meetings, batch_size=1000)
    for m in meetings:
        if m.needs_rerun:
            when = m.starts_at + timedelta(days=7)
            reruns.append(
                Meeting(
                    organization_id=m.organization_id,
                    kind="thematic",
                    plan=plan,
                    assignment_id=m.assignment_id,
                    title=m.title,
                    starts_at=when,
                    ends_at=when + timedelta(minutes=120),
                    status="held",
                    rerun_of=m,
                    score=85,
                    grade="kha",
                    passed=True,
                )  # fmt: skip
            )
    Meeting.objects.bulk_create(reruns, batch_size=1000)
    current = {m.assignment_id: m.pk for m in meetings} | {m.assignment_id: m.pk for m in reruns}
    for a in assignments:
        a.current_meeting_id = current.get(a.pk)
    TopicAssignment.objects.bulk_update(assignments, ["current_meeting"], batch_size=1000)
    return province, plan, len(cells)


def run() -> dict:
    with tempfile.TemporaryDirectory(prefix="chuyende-bench-") as directory:
        setup_django(f"{directory}/bench.sqlite3")
        from chuyende.meetings.interfaces import dashboard
        from chuyende.meetings.models import Meeting

        province, plan, cells = _generate()
        today = date(2026, 12, 15)

        def page():
            dashboard.plan_counts(plan, today)
            dashboard.plan_rows(plan, today, late_only=True, limit=50)
            dashboard.rollup(province, today)

        samples = timings_ms(page, RUNS)  # the warm-up fills the caches once, like a running server
        baseline = timings_ms(lambda: Meeting.objects.count(), RUNS, warmup=0)
        from django.db import connection

        connection.close()
    p50, baseline_ms = statistics.median(samples), statistics.median(baseline)
    metrics = {
        "plan_dashboard_p99_ms": round(percentile(samples, 0.99), 2),
        "plan_dashboard_p50_ms": round(p50, 2),
        "cells": cells,
        "baseline_ms": round(baseline_ms, 3),
        "ratio_to_baseline": round(p50 / baseline_ms, 1) if baseline_ms else None,
    }
    return result("plan_dashboard", metrics, database="sqlite")


def main() -> None:
    save(run())


if __name__ == "__main__":
    main()

"""Benchmark of the commitment roll-up on a generated province (issue 7).

Builds a throwaway SQLite database: one province, 50 grassroots committees, 5,000 cells, 200,000
members and 1,000,000 commitment items (5 per member; deadlines spread over a year, a third with
accepted progress, some done or verified), written with bulk_create; the counters are rebuilt from
the items with the domain's `rebuild`. It then times the roll-up the province dashboard runs —
status counts and weighted progress per committee plus the province total — p50/p99 over 50 runs.
The baseline in the same run is `SELECT count(*)` over the items, so the ratio stays comparable
across machines.

Run alone: `.venv/bin/python -m bench.bench_commitment_rollup` (writes
bench/results/commitment_rollup.json).
"""

import json
import os
import platform
import random
import statistics
import sys
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

DB_PATH = Path(os.environ.get("BENCH_COMMITMENT_DB", "/tmp/chuyende-bench-commitment-rollup.sqlite3"))
os.environ["DATABASE_URL"] = f"sqlite:///{DB_PATH}"
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "chuyende.settings")

RESULTS = Path(__file__).resolve().parent / "results" / "commitment_rollup.json"
COMMITTEES = 50
CELLS_PER_COMMITTEE = 100
MEMBERS_PER_CELL = 40
ITEMS_PER_MEMBER = 5
RUNS = 50
TODAY = date(2025, 6, 20)


def _machine() -> dict[str, object]:
    cpu = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return {"cpu": cpu, "cores": os.cpu_count(), "python": platform.python_version(), "database": "sqlite"}


def _timings_ms(action, runs: int) -> list[float]:
    action()  # warm-up
    timings = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        timings.append((time.perf_counter() - start) * 1000)
    return timings


def _percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def _build_province() -> tuple[object, int, int, int]:
    from django.db import connection, transaction

    from chuyende.orgs.models import Member, Organization
    from chuyende.orgs.models.organization import path_segment

    def org(pk, parent, kind, depth, path):
        return Organization(
            pk=pk, parent_id=parent, path=path, depth=depth, kind=kind, name=f"Tổ chức {pk}",
            header_name=f"ĐẢNG UỶ {pk}", body_code="ĐU", place_name="Nha Trang",
        )  # fmt: skip

    root_path = path_segment(1)
    organizations = [org(1, None, "committee", 0, root_path)]
    cells = []
    next_id = 2
    for _ in range(COMMITTEES):
        committee_id, committee_path = next_id, root_path + path_segment(next_id)
        organizations.append(org(committee_id, 1, "committee", 1, committee_path))
        next_id += 1
        for _ in range(CELLS_PER_COMMITTEE):
            cell = org(next_id, committee_id, "cell", 2, committee_path + path_segment(next_id))
            organizations.append(cell)
            cells.append(cell)
            next_id += 1
    Organization.objects.bulk_create(organizations, batch_size=2000)
    Member.objects.bulk_create(
        (
            Member(cell_id=cell.pk, full_name=f"Đảng viên {cell.pk}-{i}", sort_key=f"{cell.pk:09d}{i:03d}")
            for cell in cells
            for i in range(MEMBERS_PER_CELL)
        ),
        batch_size=5000,
    )
    _resolution()
    members = len(cells) * MEMBERS_PER_CELL
    # Commitments and items go in through executemany: the ORM's per-object overhead would make
    # the set-up, not the roll-up, the slow part of the benchmark.
    rng = random.Random(2016)
    now = datetime.now(UTC).isoformat()
    start = TODAY - timedelta(days=180)
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SELECT id, cell_id FROM orgs_member ORDER BY id")
        member_rows = cursor.fetchall()
        paths = {cell.pk: cell.path for cell in cells}
        cursor.executemany(
            "INSERT INTO commitments_commitment (id, cell_id, cell_path, owner_member_id, resolution_id, title,"
            " frequency, state, version, return_reason, created_at) VALUES (%s,%s,%s,%s,1,'Cam kết',"
            " 'quarterly','approved',1,'',%s)",
            [(mid, cell_id, paths[cell_id], mid, now) for mid, cell_id in member_rows],
        )
        batch = []
        items = 0
        for mid, cell_id in member_rows:
            for position in range(1, ITEMS_PER_MEMBER + 1):
                roll = rng.random()
                percent = 0 if roll < 0.6 else (100 if roll > 0.9 else rng.choice((20, 40, 60, 80)))
                verified = now if roll > 0.96 else None
                deadline = start + timedelta(days=rng.randint(0, 364))
                batch.append((mid, position, paths[cell_id], deadline.isoformat(), percent, verified))
                items += 1
            if len(batch) >= 50_000:
                _insert_items(cursor, batch)
                batch = []
        _insert_items(cursor, batch)
    return Organization.objects.get(pk=1), len(cells), members, items


def _insert_items(cursor, batch) -> None:
    cursor.executemany(
        "INSERT INTO commitments_commitmentitem (commitment_id, position, cell_path, shortcoming,"
        " remedy, sign_of_done, deadline, withdrawn, accepted_percent, verified_at)"
        " VALUES (%s,%s,%s,'Hạn chế','Biện pháp','Kết quả',%s,0,%s,%s)",
        batch,
    )


def _resolution() -> None:
    from chuyende.documents.models import DocumentType, OfficialDocument
    from chuyende.orgs.models import Organization, Term

    province = Organization.objects.get(pk=1)
    term = Term.objects.create(organization=province, name="2020 – 2025", starts_on=date(2020, 10, 1))
    OfficialDocument.objects.create(
        pk=1, organization=province, document_type=DocumentType.objects.get(code="NQ"), term=term,
        summary="về xây dựng, chỉnh đốn Đảng", state="issued", number=1, number_symbol="01-NQ/TU",
        issued_on=date(2025, 1, 5),
    )  # fmt: skip


def run() -> dict[str, object]:
    """Returns {"name", "date", "machine", "metrics"}; metrics is a flat map of numbers."""
    for suffix in ("", "-wal", "-shm"):
        Path(f"{DB_PATH}{suffix}").unlink(missing_ok=True)
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from chuyende.commitments.domain import children_rollup
    from chuyende.commitments.domain.counters import rebuild

    call_command("migrate", verbosity=0)
    with connection.cursor() as cursor:  # a throwaway database: no need to survive a power cut
        cursor.execute("PRAGMA synchronous=OFF")
    started = time.perf_counter()
    province, cells, members, items = _build_province()
    build_s = time.perf_counter() - started
    started = time.perf_counter()
    counter_rows = rebuild()
    rebuild_s = time.perf_counter() - started
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")

    def rollup():
        return children_rollup(province, TODAY)

    def baseline():
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM commitments_commitmentitem")
            return cursor.fetchone()[0]

    result = rollup()
    assert result.total.items == items and len(result.rows) == COMMITTEES, (
        result.total.items,
        len(result.rows),
    )
    assert baseline() == items
    rollup_ms = _timings_ms(rollup, RUNS)
    baseline_ms = _timings_ms(baseline, RUNS)
    p50, p99 = statistics.median(rollup_ms), _percentile(rollup_ms, 0.99)
    base = statistics.median(baseline_ms)
    metrics = {
        "members": members,
        "items": items,
        "cells": cells,
        "counter_rows": counter_rows,
        "commitment_rollup_p50_ms": round(p50, 2),
        "commitment_rollup_p99_ms": round(p99, 2),
        "baseline_ms": round(base, 2),
        "ratio_to_baseline": round(p50 / base, 3) if base else None,
        "overdue_items": result.total.overdue,
        "generate_province_s": round(build_s, 2),
        "rebuild_counters_s": round(rebuild_s, 2),
    }
    return {
        "name": "commitment_rollup",
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": _machine(),
        "metrics": metrics,
    }


def main() -> None:
    result = run()
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(result, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    json.dump(result, sys.stdout, ensure_ascii=False, indent=2)
    print()


if __name__ == "__main__":
    main()

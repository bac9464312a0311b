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

import os
import random
import statistics
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from bench.common import generate_province, percentile, result, save, timings_ms

DB_PATH = Path(os.environ.get("BENCH_COMMITMENT_DB", "/tmp/chuyende-bench-commitment-rollup.sqlite3"))
os.environ["DATABASE_URL"] = f"sqlite:///{DB_PATH}"
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "chuyende.settings")

COMMITTEES = 50
CELLS_PER_COMMITTEE = 100
MEMBERS_PER_CELL = 40
ITEMS_PER_MEMBER = 5
RUNS = 50
TODAY = date(2025, 6, 20)


def _build_province() -> tuple[object, int, int, int]:
    from django.db import connection, transaction

    from chuyende.orgs.models import Organization

    cells = generate_province(COMMITTEES, CELLS_PER_COMMITTEE, MEMBERS_PER_CELL)
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

    rolled_up = rollup()
    assert rolled_up.total.items == items and len(rolled_up.rows) == COMMITTEES, (
        rolled_up.total.items,
        len(rolled_up.rows),
    )
    assert baseline() == items
    rollup_ms = timings_ms(rollup, RUNS)
    baseline_ms = timings_ms(baseline, RUNS)
    p50, p99 = statistics.median(rollup_ms), percentile(rollup_ms, 0.99)
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
        "overdue_items": rolled_up.total.overdue,
        "generate_province_s": round(build_s, 2),
        "rebuild_counters_s": round(rebuild_s, 2),
    }
    return result("commitment_rollup", metrics, database="sqlite")


def main() -> None:
    save(run())


if __name__ == "__main__":
    main()

"""Benchmark of the acknowledgement roll-up on a generated province (issue "Official documents").

Builds a throwaway SQLite database (≥ 200,000 members in ≥ 5,000 cells under 50 grassroots
committees, written with bulk_create), disseminates one resolution to all of them through the
domain function, marks about half acknowledged, then times the roll-up the committee page runs —
acknowledgements per cell under the province plus the province total, one grouped query over the
covering index — p50/p99 over 50 runs. The baseline, in the same run, is `SELECT count(*)` over the
document's recipients, so the ratio stays comparable across machines.

Run alone: `.venv/bin/python -m bench.bench_ack_rollup` (prints the metrics and writes
bench/results/ack_rollup.json).
"""

import json
import os
import platform
import statistics
import sys
import time
from datetime import UTC, date, datetime
from pathlib import Path

DB_PATH = Path(os.environ.get("BENCH_ACK_DB", "/tmp/chuyende-bench-ack-rollup.sqlite3"))
os.environ["DATABASE_URL"] = f"sqlite:///{DB_PATH}"
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "chuyende.settings")

RESULTS = Path(__file__).resolve().parent / "results" / "ack_rollup.json"
COMMITTEES = 50
CELLS_PER_COMMITTEE = 100
MEMBERS_PER_CELL = 40
RUNS = 50


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


def _build_province():
    from chuyende.documents.models import DocumentType, OfficialDocument
    from chuyende.orgs.models import Member, Organization, Term
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
    members = [
        Member(cell_id=cell.pk, full_name=f"Đảng viên {cell.pk}-{i}", sort_key=f"{cell.pk:09d}{i:03d}")
        for cell in cells
        for i in range(MEMBERS_PER_CELL)
    ]
    Member.objects.bulk_create(members, batch_size=5000)
    province = Organization.objects.get(pk=1)
    term = Term.objects.create(
        organization=province, name="Nhiệm kỳ 2020 – 2025", starts_on=date(2020, 10, 1)
    )
    document = OfficialDocument.objects.create(
        organization=province, document_type=DocumentType.objects.get(code="NQ"), term=term,
        summary="về xây dựng, chỉnh đốn Đảng", state="issued", number=1, number_symbol="01-NQ/TU",
        issued_on=date(2021, 1, 5),
    )  # fmt: skip
    return province, document, len(cells), len(members)


def run() -> dict[str, object]:
    """Returns {"name", "date", "machine", "metrics"}; metrics is a flat map of numbers."""
    for suffix in ("", "-wal", "-shm"):
        Path(f"{DB_PATH}{suffix}").unlink(missing_ok=True)
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from chuyende.common.actors import SYSTEM
    from chuyende.documents.domain import acknowledgement_rollup, disseminate
    from chuyende.documents.enums import Audience
    from chuyende.documents.models import Recipient

    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    province, document, cells, members = _build_province()
    build_s = time.perf_counter() - started
    started = time.perf_counter()
    dissemination = disseminate(actor=SYSTEM, document=document, audience=Audience.SUBTREE)
    disseminate_s = time.perf_counter() - started
    Recipient.objects.filter(document=document, member_id__in=range(0, members + 1, 2)).update(
        acknowledged_at=datetime.now(UTC)
    )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")

    def rollup():
        return acknowledgement_rollup(document, [province.path])

    def baseline():
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM documents_recipient WHERE document_id = %s", [document.pk])
            return cursor.fetchone()[0]

    result = rollup()
    assert (result.total, len(result.cells)) == (members, cells), (result.total, len(result.cells))
    assert baseline() == members
    rollup_ms = _timings_ms(rollup, RUNS)
    baseline_ms = _timings_ms(baseline, RUNS)
    p50, p99 = statistics.median(rollup_ms), _percentile(rollup_ms, 0.99)
    base = statistics.median(baseline_ms)
    metrics = {
        "members": members,
        "cells": cells,
        "acknowledged": result.done,
        "ack_rollup_p50_ms": round(p50, 2),
        "ack_rollup_p99_ms": round(p99, 2),
        "baseline_count_ms": round(base, 2),
        "ratio_to_baseline": round(p50 / base, 2) if base else None,
        "disseminate_s": round(disseminate_s, 2),
        "generate_province_s": round(build_s, 2),
        "recipients_inserted": dissemination.recipient_count,
    }
    return {
        "name": "ack_rollup",
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

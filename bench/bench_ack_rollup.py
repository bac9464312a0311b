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

import os
import statistics
import time
from datetime import UTC, date, datetime
from pathlib import Path

from bench.common import generate_province, percentile, result, save, timings_ms

DB_PATH = Path(os.environ.get("BENCH_ACK_DB", "/tmp/chuyende-bench-ack-rollup.sqlite3"))
os.environ["DATABASE_URL"] = f"sqlite:///{DB_PATH}"
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "chuyende.settings")

COMMITTEES = 50
CELLS_PER_COMMITTEE = 100
MEMBERS_PER_CELL = 40
RUNS = 50


def _build_province():
    from chuyende.documents.models import DocumentType, OfficialDocument
    from chuyende.orgs.models import Organization, Term

    cells = generate_province(COMMITTEES, CELLS_PER_COMMITTEE, MEMBERS_PER_CELL)
    members = len(cells) * MEMBERS_PER_CELL
    province = Organization.objects.get(pk=1)
    term = Term.objects.create(
        organization=province, name="Nhiệm kỳ 2020 – 2025", starts_on=date(2020, 10, 1)
    )
    document = OfficialDocument.objects.create(
        organization=province, document_type=DocumentType.objects.get(code="NQ"), term=term,
        summary="về xây dựng, chỉnh đốn Đảng", state="issued", number=1, number_symbol="01-NQ/TU",
        issued_on=date(2021, 1, 5),
    )  # fmt: skip
    return province, document, len(cells), members


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

    rolled_up = rollup()
    assert (rolled_up.total, len(rolled_up.cells)) == (members, cells), (
        rolled_up.total,
        len(rolled_up.cells),
    )
    assert baseline() == members
    rollup_ms = timings_ms(rollup, RUNS)
    baseline_ms = timings_ms(baseline, RUNS)
    p50, p99 = statistics.median(rollup_ms), percentile(rollup_ms, 0.99)
    base = statistics.median(baseline_ms)
    metrics = {
        "members": members,
        "cells": cells,
        "acknowledged": rolled_up.done,
        "ack_rollup_p50_ms": round(p50, 2),
        "ack_rollup_p99_ms": round(p99, 2),
        "baseline_count_ms": round(base, 2),
        "ratio_to_baseline": round(p50 / base, 2) if base else None,
        "disseminate_s": round(disseminate_s, 2),
        "generate_province_s": round(build_s, 2),
        "recipients_inserted": dissemination.recipient_count,
    }
    return result("ack_rollup", metrics, database="sqlite")


def main() -> None:
    save(run())


if __name__ == "__main__":
    main()

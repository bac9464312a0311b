"""Benchmark: compiling a 1,000-page volume (full, then after one paper changed) and searching an
archive of 100,000 generated documents.

Run: `.venv/bin/python bench/bench_volume_search.py` (writes bench/results/volume_search.json).
Parts render in a ProcessPoolExecutor(2) (both cores); the recompile reuses every unchanged part
from the content-hash cache and renders one. Search runs ~100 queries (with and without accents)
on a scratch SQLite database; the baseline is a plain indexed lookup on the same table.
"""

import json
import os
import platform
import random
import statistics
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
_DB = Path(tempfile.gettempdir()) / "chuyende_bench_archive.sqlite3"
os.environ.setdefault("DATABASE_URL", f"sqlite:///{_DB}")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "chuyende.settings")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.db.models import Q  # noqa: E402
from tests.archive.helpers import COVER, SENTENCES, paper  # noqa: E402

from chuyende.archive.models import SearchEntry  # noqa: E402
from chuyende.archive.search import index_words, search  # noqa: E402
from chuyende.archive.volume.parts import Part  # noqa: E402
from chuyende.archive.volume.pdf import assemble  # noqa: E402
from chuyende.orgs.models import Organization  # noqa: E402

RESULTS = Path(__file__).resolve().parent / "results" / "volume_search.json"
PAPERS = 100
PARAGRAPHS = 30  # per section: two sections make a paper of about 10 pages
DOCUMENTS = 100_000
QUERIES = [
    "chinh don dang", "tự diễn biến", "tu chuyen hoa", "kỷ luật kỷ cương", "ky luat", "sinh hoạt chi bộ",
    "Đảng uỷ", "dang uy", "phê bình", "suy thoái tư tưởng", "nguyên tắc", "đạo đức lối sống",
]  # fmt: skip


def _machine() -> dict[str, object]:
    cpu = "unknown"
    try:
        for row in Path("/proc/cpuinfo").read_text().splitlines():
            if row.startswith("model name"):
                cpu = row.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return {"cpu": cpu, "cores": os.cpu_count(), "python": platform.python_version()}


def _volume() -> dict[str, float]:
    parts = [Part(f"paper:{n}", f"Bài tham luận số {n}", paper(n, PARAGRAPHS)) for n in range(PAPERS)]
    cache: dict[str, bytes] = {}
    with ProcessPoolExecutor(2) as pool:
        list(pool.map(len, ["warm", "up"]))
        started = time.perf_counter()
        full = assemble(COVER, parts, cache=cache, executor=pool)
        full_s = time.perf_counter() - started
        parts[37] = Part("paper:37", "Bài tham luận số 37", paper(37, PARAGRAPHS, extra="(đã sửa)"))
        started = time.perf_counter()
        again = assemble(COVER, parts, cache=cache, executor=pool)
        recompile_s = time.perf_counter() - started
    assert again.rendered == 1, again.rendered
    return {
        "volume_pages": full.page_count,
        "volume_1000_pages_s": round(full_s, 2),
        "volume_recompile_one_paper_s": round(recompile_s, 2),
        "volume_recompile_ratio": round(recompile_s / full_s, 3),
    }


def _fill_archive() -> None:
    call_command("migrate", verbosity=0)
    if SearchEntry.objects.count() >= DOCUMENTS:
        return
    root = Organization.objects.filter(parent__isnull=True).first() or Organization.objects.create(
        name="Đảng bộ thử", kind="committee", path="0001", depth=0
    )
    rng = random.Random(8)
    with transaction.atomic():
        batch = []
        for number in range(DOCUMENTS):
            text = " ".join(rng.sample(SENTENCES, 2)) + f" Văn bản số {number}."
            folded, tone_key = index_words(text)
            batch.append(SearchEntry(item_key=f"document:{number}", kind="document", title=f"Văn bản {number}",
                                     organization=root, organization_path=root.path, year=2000 + number % 25,
                                     anchor="p0", text=text, folded=folded, tone_key=tone_key))  # fmt: skip
            if len(batch) == 10_000:
                SearchEntry.objects.bulk_create(batch)
                batch = []
    connection.cursor().execute("ANALYZE")


def _percentiles(samples: list[float]) -> tuple[float, float]:
    ordered = sorted(samples)
    return statistics.median(ordered), ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))]


def _search() -> dict[str, float]:
    _fill_archive()
    root = Organization.objects.filter(parent__isnull=True).first()
    scope = Q(organization_path__gte=root.path, organization_path__lt=root.path + "\uffff")
    timings, baseline = [], []
    for index in range(104):
        query = QUERIES[index % len(QUERIES)]
        started = time.perf_counter()
        search(query, scope=scope, limit=20)
        timings.append((time.perf_counter() - started) * 1000)
        started = time.perf_counter()
        list(SearchEntry.objects.filter(item_key=f"document:{index * 911}")[:20])
        baseline.append((time.perf_counter() - started) * 1000)
    p50, p99 = _percentiles(timings)
    b50, b99 = _percentiles(baseline)
    return {
        "search_documents": SearchEntry.objects.count(),
        "search_p50_ms": round(p50, 2),
        "search_p99_ms": round(p99, 2),
        "baseline_lookup_p50_ms": round(b50, 3),
        "baseline_lookup_p99_ms": round(b99, 3),
        "search_p99_ratio_to_baseline": round(p99 / b99, 1),
    }


def main() -> None:
    metrics = {**_volume(), **_search()}
    result = {"name": "volume_search", "date": datetime.now(UTC).isoformat(timespec="seconds"),
              "machine": _machine(), "metrics": metrics}  # fmt: skip
    for key, value in metrics.items():
        print(f"{key}: {value}")
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(result, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()

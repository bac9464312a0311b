"""Benchmark of the document renderers (issue "Official documents").

Measures a one-page PDF, a ~30-page PDF and the same 30-page document as DOCX, each as the median
of several runs after a warm-up (the first PDF pays for parsing the stylesheet and loading fonts,
which the renderer caches). The baseline, measured in the same run on the same machine, is building
the HTML string alone, so ratios stay comparable across machines.

Run alone: `.venv/bin/python -m bench.bench_rendering` (prints the metrics and writes
bench/results/rendering.json).
"""

import io
import json
import os
import platform
import statistics
import sys
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # tests.documents.samples holds the realistic sample document

import pypdf  # noqa: E402
from tests.documents.samples import sample_plan  # noqa: E402

from chuyende.documents.rendering.docx import render_docx  # noqa: E402
from chuyende.documents.rendering.html import render_html_body  # noqa: E402
from chuyende.documents.rendering.pdf import render_pdf  # noqa: E402

RESULTS = Path(__file__).resolve().parent / "results" / "rendering.json"
# Extra numbered paragraphs that make the sample plan about 30 pages long.
THIRTY_PAGES_EXTRA = 280


def _median_ms(action: Callable[[], object], runs: int, digits: int = 2) -> float:
    action()  # warm-up
    timings = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        timings.append((time.perf_counter() - start) * 1000)
    return round(statistics.median(timings), digits)


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


def run() -> dict[str, object]:
    """Returns {"name", "date", "machine", "metrics"}; metrics is a flat map of numbers."""
    short, long = sample_plan(), sample_plan(extra_paragraphs=THIRTY_PAGES_EXTRA)
    pages = len(pypdf.PdfReader(io.BytesIO(render_pdf(long))).pages)
    baseline = _median_ms(lambda: render_html_body(short), runs=200, digits=4)
    pdf_1 = _median_ms(lambda: render_pdf(short), runs=15)
    pdf_30 = _median_ms(lambda: render_pdf(long), runs=5)
    docx_30 = _median_ms(lambda: render_docx(long), runs=5)
    metrics = {
        "baseline_html_string_ms": baseline,
        "pdf_1_page_ms": pdf_1,
        "pdf_30_pages_ms": pdf_30,
        "pdf_30_pages_page_count": pages,
        "docx_30_pages_ms": docx_30,
        "pdf_1_page_ratio_to_baseline": round(pdf_1 / baseline, 1),
        "pdf_30_pages_ratio_to_baseline": round(pdf_30 / baseline, 1),
        "docx_30_pages_ratio_to_baseline": round(docx_30 / baseline, 1),
    }
    return {
        "name": "rendering",
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": _machine(),
        "metrics": metrics,
    }


def main() -> None:
    result = run()
    for key, value in result["metrics"].items():  # type: ignore[union-attr]
        print(f"{key}: {value}")
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(result, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()

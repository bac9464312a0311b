"""Benchmark of the document renderers (issue "Official documents").

Measures a one-page PDF, a ~30-page PDF and the same 30-page document as DOCX, each as the median
of several runs after a warm-up (the first PDF pays for parsing the stylesheet and loading fonts,
which the renderer caches). The baseline, measured in the same run on the same machine, is building
the HTML string alone, so ratios stay comparable across machines.

Run alone: `.venv/bin/python -m bench.bench_rendering` (prints the metrics and writes
bench/results/rendering.json).
"""

import io
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # tests.documents.samples holds the realistic sample document

import pypdf  # noqa: E402
from tests.documents.samples import sample_plan  # noqa: E402

from bench.common import median_ms, result, save  # noqa: E402
from chuyende.documents.rendering.docx import render_docx  # noqa: E402
from chuyende.documents.rendering.html import render_html_body  # noqa: E402
from chuyende.documents.rendering.pdf import render_pdf  # noqa: E402

# Extra numbered paragraphs that make the sample plan about 30 pages long.
THIRTY_PAGES_EXTRA = 280


def run() -> dict[str, object]:
    """Returns {"name", "date", "machine", "metrics"}; metrics is a flat map of numbers."""
    short, long = sample_plan(), sample_plan(extra_paragraphs=THIRTY_PAGES_EXTRA)
    pages = len(pypdf.PdfReader(io.BytesIO(render_pdf(long))).pages)
    baseline = round(median_ms(lambda: render_html_body(short), runs=200), 4)
    pdf_1 = round(median_ms(lambda: render_pdf(short), runs=15), 2)
    pdf_30 = round(median_ms(lambda: render_pdf(long), runs=5), 2)
    docx_30 = round(median_ms(lambda: render_docx(long), runs=5), 2)
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
    return result("rendering", metrics)


def main() -> None:
    save(run())


if __name__ == "__main__":
    main()

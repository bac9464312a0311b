"""PDF output through WeasyPrint, from the HTML of `rendering.html`.

Parsing the stylesheet and loading the four font files costs more than laying out a one-page
document, so the `FontConfiguration` and the parsed `CSS` are built once per format and reused.
WeasyPrint objects are not documented as thread-safe, so the cache is per thread (WSGI servers
may run several threads; each pays the set-up once).

Page numbers are centred in the top margin from page 2; when several documents are rendered
together (a bound volume) they share one page sequence, so numbering runs on continuously.
"""

import html
import threading
from collections.abc import Sequence
from typing import Any

from weasyprint import CSS, HTML
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher

from chuyende.documents.rendering.format import FormatSpec, load_format
from chuyende.documents.rendering.html import FONT_DIR, document_css, render_html_body
from chuyende.documents.rendering.model import Document

__all__ = ["render_pdf"]

_local = threading.local()
_FONT_URL_PREFIX = FONT_DIR.as_uri() + "/"


class _ShippedFontsOnly(URLFetcher):
    """Refuses every URL but the shipped font files, and fails loudly when one cannot be read.

    Rendering never touches the network, and a missing font stops the rendering instead of
    silently falling back to whatever the machine has.
    """

    def __init__(self) -> None:
        super().__init__(allowed_protocols=("file",), fail_on_errors=True)

    def fetch(self, url: str, headers: Any = None) -> Any:
        if not url.startswith(_FONT_URL_PREFIX):
            raise ValueError(f"refusing to fetch {url!r} while rendering a document")
        return super().fetch(url, headers)


def _stylesheet(fmt: FormatSpec) -> tuple[CSS, FontConfiguration]:
    cache: dict[FormatSpec, tuple[CSS, FontConfiguration]] = getattr(_local, "styles", None) or {}
    _local.styles = cache
    if fmt not in cache:
        font_config = FontConfiguration()
        cache[fmt] = (
            CSS(string=document_css(fmt), font_config=font_config, url_fetcher=_ShippedFontsOnly()),
            font_config,
        )
    return cache[fmt]


def render_pdf(docs: Document | Sequence[Document], fmt: FormatSpec | None = None) -> bytes:
    """Renders one document, or several as one continuously numbered volume, to PDF bytes."""
    if not isinstance(docs, Document) and not docs:
        raise ValueError("nothing to render")
    fmt = fmt or load_format()
    css, font_config = _stylesheet(fmt)
    first = docs if isinstance(docs, Document) else docs[0]
    markup = (
        '<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8">'
        f"<title>{html.escape(first.title)}</title></head><body>{render_html_body(docs, fmt)}</body></html>"
    )
    document = HTML(string=markup, base_url=_FONT_URL_PREFIX, url_fetcher=_ShippedFontsOnly())
    pdf = document.write_pdf(stylesheets=[css], font_config=font_config)
    assert pdf is not None  # write_pdf returns bytes when no target is given
    return pdf

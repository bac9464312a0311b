"""What a bound volume is made of, as plain data, and how one part is rendered to PDF.

A volume is a cover, a contents page and a list of `Part`s (preface, the resolution, the position
papers, the comment-handling report, selected minutes). Each part is rendered on its own, without
page numbers, and cached by a hash of its content: recompiling after one paper changed renders only
that paper. Page numbers, the contents and the outline are added when the parts are joined
(`volume.pdf.assemble`).
"""

import hashlib
import html
import unicodedata
from dataclasses import dataclass, field

from weasyprint import CSS, HTML

from chuyende.documents.rendering import Document, load_format
from chuyende.documents.rendering.html import FONT_DIR, render_html_body
from chuyende.documents.rendering.pdf import _ShippedFontsOnly, _stylesheet
from chuyende.documents.rendering.typography import typographic_quotes

# The renderer's private helpers are reused so parts share its font set-up and URL policy.
# Bumped whenever the markup or CSS below changes, so cached parts are not reused across versions.
LAYOUT_VERSION = "archive-volume-2"

# Parts are numbered when joined; the page box of a part keeps only the margins.
_PART_CSS = """
@page { @top-center { content: none; } }
@page :first { @top-center { content: none; } }
.av-cover { text-align: center; font-size: 14pt; }
.av-cover .av-org { font-weight: bold; text-transform: uppercase; margin-top: 10mm; }
.av-cover .av-party { text-transform: uppercase; }
.av-cover .av-kind { font-size: 16pt; font-weight: bold; margin-top: 55mm; letter-spacing: 1pt; }
.av-cover .av-title { font-size: 20pt; font-weight: bold; margin: 8mm 10mm 0 10mm; line-height: 1.3; }
.av-cover .av-place { margin-top: 75mm; font-style: italic; }
.av-heading { font-size: 14pt; font-weight: bold; text-align: center; text-transform: uppercase;
  margin: 0 0 12pt 0; }
.av-text p { font-size: 14pt; text-align: justify; text-indent: 10mm; margin: 0 0 6pt 0; line-height: 1.3; }
.av-contents { width: 100%; border-collapse: collapse; font-size: 14pt; }
.av-contents td { padding: 3pt 0; vertical-align: bottom; }
.av-contents td.av-no { width: 10mm; vertical-align: top; }
.av-contents td.av-page { width: 14mm; text-align: right; }
.av-contents td.av-entry { overflow: hidden; }
"""


@dataclass(frozen=True)
class Part:
    """One item of the volume: its title in the contents, and either a rendering Document or
    preface-style paragraphs (`text`)."""

    key: str
    title: str
    document: Document | None = None
    text: tuple[str, ...] = field(default_factory=tuple)

    def __post_init__(self) -> None:
        # Titles come from stored summaries typed with straight quotes: print them as the
        # documents do (typographic quotes), in the contents of both the PDF and the DOCX.
        object.__setattr__(self, "title", typographic_quotes(unicodedata.normalize("NFC", self.title)))

    def content_hash(self) -> str:
        """Same content (and same layout version) → same hash → the cached PDF is reused."""
        # Frozen dataclasses have a deterministic repr of all their fields.
        payload = repr((LAYOUT_VERSION, load_format(), self.title, self.document, self.text))
        return hashlib.sha256(payload.encode()).hexdigest()


@dataclass(frozen=True)
class Cover:
    title: str
    organization: str
    superior: str
    place_and_year: str


def _e(text: str) -> str:
    return html.escape(text, quote=True)


def _page(markup: str, title: str) -> str:
    return (
        '<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8">'
        f"<title>{_e(title)}</title></head><body>{markup}</body></html>"
    )


def _write(markup: str, title: str) -> bytes:
    fmt = load_format()
    css, font_config = _stylesheet(fmt)
    extra = CSS(string=_PART_CSS, font_config=font_config)
    document = HTML(
        string=_page(markup, title),
        base_url=FONT_DIR.as_uri() + "/",
        url_fetcher=_ShippedFontsOnly(),
    )
    # A fixed identifier: the same markup gives the same bytes (WeasyPrint writes no dates).
    identifier = hashlib.sha256(markup.encode()).hexdigest()[:32].encode()
    pdf = document.write_pdf(stylesheets=[css, extra], font_config=font_config, pdf_identifier=identifier)
    assert pdf is not None
    return pdf


def _text_markup(title: str, paragraphs: tuple[str, ...]) -> str:
    body = "".join(f"<p>{_e(text)}</p>" for text in paragraphs)
    return f'<div class="cd-document av-text"><h1 class="av-heading">{_e(title)}</h1>{body}</div>'


def render_part(part: Part) -> bytes:
    """The part's PDF, without page numbers (they are stamped on the joined volume)."""
    if part.document is not None:
        return _write(render_html_body(part.document), part.title)
    return _write(_text_markup(part.title, part.text), part.title)


def render_cover(cover: Cover) -> bytes:
    markup = (
        '<div class="cd-document av-cover">'
        f'<p class="av-party">{_e(cover.superior)}</p>'
        f'<p class="av-org">{_e(cover.organization)}</p><p>*</p>'
        '<p class="av-kind">TẬP THAM LUẬN</p>'
        f'<p class="av-title">{_e(cover.title)}</p>'
        f'<p class="av-place">{_e(cover.place_and_year)}</p></div>'
    )
    return _write(markup, cover.title)


def render_contents(heading: str, entries: list[tuple[str, int]]) -> bytes:
    """The contents page: one row per part with the page where it really starts."""
    rows = "".join(
        f'<tr><td class="av-no">{index}.</td><td class="av-entry">{_e(title)}</td>'
        f'<td class="av-page">{page}</td></tr>'
        for index, (title, page) in enumerate(entries, start=1)
    )
    markup = (
        f'<div class="cd-document"><h1 class="av-heading">{_e(heading)}</h1>'
        f'<table class="av-contents">{rows}</table></div>'
    )
    return _write(markup, heading)

"""HTML and CSS for a `Document`: the input of the PDF renderer and the browser preview.

The markup is semantic and every element carries a `cd-<element>` class whose CSS is generated
from the `FormatSpec`, so the preview and the archived PDF look the same and both follow the
reference data. All text goes through `html.escape`; nothing in a document is trusted markup.

Fonts: the PDF must not depend on the machine's fonts (design.md, "fonts"), so the shipped Liberation
Serif files are declared with `@font-face` under a private family name that no installed font can
shadow. A browser preview passes `font_base_url` to load the same files from static storage.
"""

import html
import re
from collections.abc import Iterable, Sequence
from functools import cache
from pathlib import Path

from chuyende.documents.rendering.format import ElementFormat, FormatSpec, load_format
from chuyende.documents.rendering.lines import balanced_lines
from chuyende.documents.rendering.model import (
    PARTY_NAME,
    Block,
    Document,
    Heading,
    PageBreak,
    Paragraph,
    Run,
    Signature,
    Table,
)
from chuyende.documents.rendering.widths import column_widths_mm

__all__ = ["FONT_DIR", "SHIPPED_FONT_FILES", "document_css", "render_html", "render_html_body"]

FONT_DIR = Path(__file__).resolve().parent.parent / "fonts"
# (weight, style) → file, for each family shipped inside the package.
SHIPPED_FONT_FILES = {
    "Liberation Serif": {
        ("normal", "normal"): "LiberationSerif-Regular.ttf",
        ("bold", "normal"): "LiberationSerif-Bold.ttf",
        ("normal", "italic"): "LiberationSerif-Italic.ttf",
        ("bold", "italic"): "LiberationSerif-BoldItalic.ttf",
    }
}
RECIPIENTS_LABEL = "Nơi nhận:"
_ANCHOR_UNSAFE = re.compile(r"[^A-Za-z0-9_.:-]")
# Word's "single" line spacing for Times New Roman / Liberation Serif is 1.15 em.
_SINGLE_LINE = 1.15


def _e(text: str) -> str:
    return html.escape(text, quote=True)


def _font_family(fmt: FormatSpec) -> str:
    if fmt.pdf_font in SHIPPED_FONT_FILES:
        return f"{fmt.pdf_font} chuyende"
    return fmt.pdf_font


def _font_faces(fmt: FormatSpec, font_base_url: str | None) -> str:
    files = SHIPPED_FONT_FILES.get(fmt.pdf_font)
    if not files:
        return ""
    rules = []
    for (weight, style), filename in files.items():
        if font_base_url is None:
            url = (FONT_DIR / filename).as_uri()
        else:
            url = font_base_url.rstrip("/") + "/" + filename
        rules.append(
            f'@font-face {{ font-family: "{_font_family(fmt)}"; src: url("{url}") format("truetype");'
            f" font-weight: {weight}; font-style: {style}; }}"
        )
    return "\n".join(rules)


def _cls(element: str) -> str:
    """The CSS class of a format element: "party_name" → "cd-party-name"."""
    return "cd-" + element.replace("_", "-")


def _element_css(name: str, element: ElementFormat) -> str:
    return (
        f".{_cls(name)} {{ font-size: {element.size_pt:g}pt;"
        f" font-weight: {'bold' if element.bold else 'normal'};"
        f" font-style: {'italic' if element.italic else 'normal'};"
        f" text-decoration: {'underline' if element.underline else 'none'};"
        f" text-transform: {'uppercase' if element.caps else 'none'};"
        f" text-align: {element.align};"
        f" margin: {element.space_before_pt:g}pt 0 {element.space_after_pt:g}pt 0;"
        f" text-indent: {element.first_line_indent_mm:g}mm;"
        f" line-height: {_SINGLE_LINE * element.line_spacing:.3f}; }}"
    )


@cache
def document_css(fmt: FormatSpec, font_base_url: str | None = None) -> str:
    """The stylesheet for `fmt`: page box, page numbers from page 2, fonts and every element."""
    page = fmt.page
    number = fmt.element("page_number")
    family = _font_family(fmt)
    parts = [
        _font_faces(fmt, font_base_url),
        f"@page {{ size: {page.width_mm:g}mm {page.height_mm:g}mm;"
        f" margin: {page.margin_top_mm:g}mm {page.margin_right_mm:g}mm"
        f" {page.margin_bottom_mm:g}mm {page.margin_left_mm:g}mm;"
        f' @top-center {{ content: counter(page); font-family: "{family}";'
        f" font-size: {number.size_pt:g}pt; font-weight: {'bold' if number.bold else 'normal'};"
        f" font-style: {'italic' if number.italic else 'normal'}; vertical-align: middle; }} }}",
        "@page :first { @top-center { content: none; } }",
        # The page margins are the document's margins; a browser's default body margin is not.
        "@media print { html, body { margin: 0; padding: 0; } }",
        f'.cd-document {{ font-family: "{family}"; font-size: 14pt; color: #000;'
        f" max-width: {page.text_width_mm:g}mm; margin: 0 auto; }}",
        ".cd-document + .cd-document { break-before: page; }",
        ".cd-document p, .cd-document h1, .cd-document h2, .cd-document h3, .cd-document h4"
        " { orphans: 2; widows: 2; }",
        ".cd-header, .cd-signature { width: 100%; border-collapse: collapse; table-layout: fixed; }",
        ".cd-header td, .cd-signature td { vertical-align: top; padding: 0; }",
        f".cd-header col.cd-left {{ width: {page.header_left_width_mm:g}mm; }}",
        ".cd-signature col { width: 50%; }",
        ".cd-party-name span { display: inline-block; border-bottom: 1pt solid #000; padding-bottom: 1pt; }",
        ".cd-signature { margin-top: 6pt; break-inside: avoid; }",
        ".cd-appendix { break-before: page; }",
        ".cd-page-break { break-before: page; height: 0; margin: 0; }",
        ".cd-table { width: 100%; border-collapse: collapse; table-layout: fixed; margin: 6pt 0; }",
        ".cd-table th, .cd-table td { border: 0.5pt solid #000; padding: 2pt 4pt; vertical-align: top; }",
        ".cd-table p { margin: 0; text-indent: 0; }",
        ".cd-table thead { display: table-header-group; }",
        ".cd-table tr { break-inside: avoid; }",
        # As in the DOCX (keep-with-next): a heading or the summary never ends a page on its own.
        ".cd-document h1, .cd-document h2, .cd-document h3, .cd-document h4, .cd-summary, .cd-mark"
        " { break-after: avoid; }",
        ".cd-signature tr, .cd-header tr { break-inside: avoid; }",
        ".cd-document .cd-centred { text-align: center; text-indent: 0; }",
    ]
    parts.extend(_element_css(name, element) for name, element in fmt.elements)
    return "\n".join(part for part in parts if part) + "\n"


def _runs(runs: Iterable[Run]) -> str:
    out = []
    for run in runs:
        text = _e(run.text)
        if run.underline:
            text = f"<u>{text}</u>"
        if run.italic:
            text = f"<i>{text}</i>"
        if run.bold:
            text = f"<b>{text}</b>"
        out.append(text)
    return "".join(out)


def _p(element: str, text: str, tag: str = "p") -> str:
    return f'<{tag} class="{_cls(element)}">{_e(text)}</{tag}>'


def _paragraph(block: Paragraph) -> str:
    number = block.number if block.number is not None else ("-" if block.style == "bullet" else None)
    prefix = f"{_e(number)} " if number else ""
    anchor = f' id="{_e(_ANCHOR_UNSAFE.sub("-", block.anchor))}"' if block.anchor else ""
    return f'<p class="cd-{block.style}"{anchor}>{prefix}{_runs(block.runs)}</p>'


def _table(block: Table, fmt: FormatSpec) -> str:
    widths = column_widths_mm(block.columns, block.rows, fmt, hint=block.widths)  # type: ignore[arg-type]
    total = sum(widths)
    cols = "".join(f'<col style="width: {width / total * 100:.3f}%">' for width in widths)
    head = "".join(f'<th class="cd-table-header">{_e(column)}</th>' for column in block.columns)
    body = "".join(
        "<tr>" + "".join(f'<td class="cd-table-cell">{_e(cell)}</td>' for cell in row) + "</tr>"
        for row in block.rows
    )
    return f'<table class="cd-table"><colgroup>{cols}</colgroup><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>'


def _block(block: Block, fmt: FormatSpec) -> str:
    if isinstance(block, Paragraph):
        return _paragraph(block)
    if isinstance(block, Heading):
        tag, element = f"h{block.level + 1}", f"heading{block.level}"
        if block.centred:
            return f'<{tag} class="{_cls(element)} cd-centred">{_e(block.full_text)}</{tag}>'
        return _p(element, block.full_text, tag=tag)
    if isinstance(block, Table):
        return _table(block, fmt)
    if isinstance(block, PageBreak):
        return '<div class="cd-page-break"></div>'
    raise TypeError(f"not a document block: {block!r}")


def _signature(signature: Signature) -> str:
    lines = [_p("signature_authority", line) for line in signature.authority_lines]
    lines.append(_p("signature_position", signature.position))
    lines.append(_p("signature_name", signature.name))
    return "".join(lines)


def _recipients(recipients: Sequence[str]) -> str:
    if not recipients:
        return ""
    items = "".join(_p("recipients", f"- {recipient}") for recipient in recipients)
    return f'<div class="cd-recipient-list">{_p("recipients_label", RECIPIENTS_LABEL)}{items}</div>'


def _closing(doc: Document) -> str:
    right = _signature(doc.signature) if doc.signature else ""
    if doc.secondary_signature:
        left, after = _signature(doc.secondary_signature), _recipients(doc.recipients)
    else:
        left, after = _recipients(doc.recipients), ""
    if not (left or right):
        return after
    return (
        '<table class="cd-signature"><colgroup><col><col></colgroup><tr>'
        f'<td class="cd-signature-left">{left}</td><td class="cd-signature-right">{right}</td>'
        f"</tr></table>{after}"
    )


def _name_lines(element: str, text: str, fmt: FormatSpec) -> str:
    """A header name with the balanced line breaks of `rendering.lines`."""
    style = fmt.element(element)
    lines = balanced_lines(text, fmt.page.header_left_width_mm, style.size_pt, style.bold)
    return f'<p class="{_cls(element)}">{"<br>".join(_e(line) for line in lines)}</p>'


def _header(doc: Document, fmt: FormatSpec) -> str:
    header = doc.header
    left_top = (
        (_name_lines("superior_body", header.superior_body, fmt) if header.superior_body else "")
        + _name_lines("issuing_body", header.issuing_body, fmt)
        + _p("star", "*")
    )
    party = f'<p class="cd-party-name"><span>{_e(PARTY_NAME)}</span></p>'
    return (
        '<table class="cd-header"><colgroup><col class="cd-left"><col class="cd-right"></colgroup>'
        f'<tr><td class="cd-header-left">{left_top}</td><td class="cd-header-right">{party}</td></tr>'
        f'<tr><td class="cd-header-left">{_p("number", header.number_line)}</td>'
        f'<td class="cd-header-right">{_p("place_date", header.place_and_date)}</td></tr></table>'
    )


def _document(doc: Document, fmt: FormatSpec) -> str:
    parts = ['<article class="cd-document">', _header(doc, fmt)]
    parts.extend(_p("mark", mark) for mark in doc.marks)
    parts.append(_p("type_name", doc.type_name, tag="h1"))
    if doc.summary:
        parts.append(_p("summary", doc.summary))
    parts.extend(_block(block, fmt) for block in doc.blocks)
    parts.append(_closing(doc))
    if doc.appendix:
        parts.append('<section class="cd-appendix">')
        parts.extend(_block(block, fmt) for block in doc.appendix)
        parts.append("</section>")
    parts.append("</article>")
    return "".join(parts)


def render_html_body(docs: Document | Sequence[Document], fmt: FormatSpec | None = None) -> str:
    """The documents' markup without stylesheet, e.g. to embed in an app page."""
    if isinstance(docs, Document):
        docs = [docs]
    fmt = fmt or load_format()
    return "\n".join(_document(doc, fmt) for doc in docs)


def render_html(
    docs: Document | Sequence[Document], fmt: FormatSpec | None = None, *, font_base_url: str | None = None
) -> str:
    """A standalone HTML page with its stylesheet inlined (fonts from `font_base_url` if given)."""
    fmt = fmt or load_format()
    first = docs if isinstance(docs, Document) else (docs[0] if docs else None)
    title = _e(first.title) if first else ""
    return (
        '<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8">'
        f"<title>{title}</title><style>{document_css(fmt, font_base_url)}</style></head>"
        f"<body>{render_html_body(docs, fmt)}</body></html>"
    )

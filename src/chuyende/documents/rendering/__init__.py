"""One document model, two renderers (design.md rule 8).

A document is described once as data (`model.Document`) and rendered to DOCX for offices that edit
in Word (`docx.render_docx`) and to PDF for the archive (`pdf.render_pdf`, via the HTML built by
`html.render_html`). Format numbers come from reference data (`format.load_format`).
"""

from chuyende.documents.rendering.format import FormatSpec, load_format
from chuyende.documents.rendering.model import (
    Block,
    Document,
    Header,
    Heading,
    PageBreak,
    Paragraph,
    Run,
    Signature,
    Table,
    format_number_symbol,
    parse_inline,
)

__all__ = [
    "Block",
    "Document",
    "FormatSpec",
    "Header",
    "Heading",
    "PageBreak",
    "Paragraph",
    "Run",
    "Signature",
    "Table",
    "format_number_symbol",
    "load_format",
    "parse_inline",
]

"""DOCX output through python-docx, for offices that finish or file documents in Word.

Formatting lives in named paragraph styles ("CD Body", "CD Type"…) rather than on each run, so a
clerk can adjust a whole document from Word's style pane, and the values come from the same
`FormatSpec` as the PDF. Fonts are named for every script (`w:rFonts` ascii, hAnsi, eastAsia, cs)
and theme fonts are removed: Word otherwise picks the theme font for some Vietnamese letters.
"""

import io

from docx import Document as new_docx
from docx.enum.section import WD_SECTION
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from docx.table import Table as DocxTable
from docx.table import _Cell
from docx.text.paragraph import Paragraph as DocxParagraph

from chuyende.documents.rendering.format import ElementFormat, FormatSpec, load_format
from chuyende.documents.rendering.html import RECIPIENTS_LABEL
from chuyende.documents.rendering.lines import balanced_lines
from chuyende.documents.rendering.model import (
    PARTY_NAME,
    Block,
    Document,
    Heading,
    PageBreak,
    Paragraph,
    Signature,
    Table,
)
from chuyende.documents.rendering.widths import column_widths_mm, text_width_mm

__all__ = ["STYLE_NAMES", "core_title", "render_docx"]

# Format element → Word style name.
STYLE_NAMES = {
    "party_name": "CD Party Name",
    "superior_body": "CD Superior Body",
    "issuing_body": "CD Issuing Body",
    "star": "CD Star",
    "number": "CD Number",
    "place_date": "CD Place Date",
    "mark": "CD Mark",
    "type_name": "CD Type",
    "summary": "CD Summary",
    "heading1": "CD Heading 1",
    "heading2": "CD Heading 2",
    "heading3": "CD Heading 3",
    "body": "CD Body",
    "bullet": "CD Bullet",
    "quote": "CD Quote",
    "table_header": "CD Table Header",
    "table_cell": "CD Table Cell",
    "signature_authority": "CD Signature Authority",
    "signature_position": "CD Signature Position",
    "signature_name": "CD Signature Name",
    "recipients_label": "CD Recipients Label",
    "recipients": "CD Recipients",
    "page_number": "CD Page Number",
}
_ALIGN = {
    "left": WD_ALIGN_PARAGRAPH.LEFT,
    "center": WD_ALIGN_PARAGRAPH.CENTER,
    "right": WD_ALIGN_PARAGRAPH.RIGHT,
    "justify": WD_ALIGN_PARAGRAPH.JUSTIFY,
}
# Styles kept on the page of the paragraph that follows them.
_KEEP_WITH_NEXT = frozenset(
    STYLE_NAMES[name]
    for name in (
        "mark", "type_name", "summary", "heading1", "heading2", "heading3",
        "signature_authority", "signature_position", "recipients_label",
    )
)  # fmt: skip
_FONT_SLOTS = ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs")
_THEME_SLOTS = ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme")
_TWIPS_PER_MM = 1440 / 25.4
_CELL_PADDING_TWIPS = 80  # 4 pt


def _set_fonts(rpr, family: str) -> None:  # type: ignore[no-untyped-def]
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for slot in _THEME_SLOTS:
        fonts.attrib.pop(qn(slot), None)
    for slot in _FONT_SLOTS:
        fonts.set(qn(slot), family)


def _set_language(rpr) -> None:  # type: ignore[no-untyped-def]
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.append(lang)
    lang.set(qn("w:val"), "vi-VN")


def _add_style(document, name: str, element: ElementFormat, family: str, outline_level: int | None) -> None:  # type: ignore[no-untyped-def]
    style = document.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
    style.base_style = document.styles["Normal"]
    style.quick_style = True
    font = style.font
    font.name = family
    _set_fonts(style.element.get_or_add_rPr(), family)
    font.size = Pt(element.size_pt)
    font.bold = element.bold
    font.italic = element.italic
    font.underline = element.underline
    font.all_caps = element.caps
    paragraph = style.paragraph_format
    paragraph.alignment = _ALIGN[element.align]
    paragraph.space_before = Pt(element.space_before_pt)
    paragraph.space_after = Pt(element.space_after_pt)
    paragraph.first_line_indent = Mm(element.first_line_indent_mm)
    paragraph.line_spacing = element.line_spacing
    paragraph.widow_control = True
    # A heading, the type name or a signature line never ends a page on its own.
    paragraph.keep_with_next = name in _KEEP_WITH_NEXT
    if outline_level is not None:
        # Lets Word's navigation pane and table of contents see the section headings.
        level = OxmlElement("w:outlineLvl")
        level.set(qn("w:val"), str(outline_level))
        style.element.get_or_add_pPr().append(level)


def _prepare(document, fmt: FormatSpec) -> None:  # type: ignore[no-untyped-def]
    defaults = document.styles.element.find(qn("w:docDefaults"))
    rpr = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    _set_fonts(rpr, fmt.docx_font)
    _set_language(rpr)
    normal = document.styles["Normal"]
    normal.font.name = fmt.docx_font
    _set_fonts(normal.element.get_or_add_rPr(), fmt.docx_font)
    normal.font.size = Pt(fmt.element("body").size_pt)
    for element_name, style_name in STYLE_NAMES.items():
        level = int(element_name[-1]) - 1 if element_name.startswith("heading") else None
        _add_style(document, style_name, fmt.element(element_name), fmt.docx_font, level)
    section = document.sections[0]
    page = fmt.page
    section.page_width, section.page_height = Mm(page.width_mm), Mm(page.height_mm)
    section.top_margin, section.bottom_margin = Mm(page.margin_top_mm), Mm(page.margin_bottom_mm)
    section.left_margin, section.right_margin = Mm(page.margin_left_mm), Mm(page.margin_right_mm)
    section.header_distance = Mm(page.header_distance_mm)
    section.start_type = WD_SECTION.NEW_PAGE
    _page_numbers(section)


def _page_numbers(section) -> None:  # type: ignore[no-untyped-def]
    """A PAGE field centred in the header, none on the first page (a different first-page header)."""
    section.different_first_page_header_footer = True
    section.first_page_header.is_linked_to_previous = False  # an explicit, empty first-page header
    paragraph = section.header.paragraphs[0]
    paragraph.style = STYLE_NAMES["page_number"]
    for kind, text in (("begin", None), (None, " PAGE "), ("separate", None), (None, "2"), ("end", None)):
        run = paragraph.add_run()
        if kind:
            field = OxmlElement("w:fldChar")
            field.set(qn("w:fldCharType"), kind)
            run._r.append(field)
        elif text == " PAGE ":
            instruction = OxmlElement("w:instrText")
            instruction.set(qn("xml:space"), "preserve")
            instruction.text = text
            run._r.append(instruction)
        else:
            run.text = text


def _paragraph(container, element: str, text: str = "") -> DocxParagraph:  # type: ignore[no-untyped-def]
    """Adds a styled paragraph, reusing the unstyled empty one a new table cell starts with."""
    paragraph = None
    if isinstance(container, _Cell):
        first = container.paragraphs[0]
        if first._p.pPr is None and not first.runs:
            paragraph = first
            paragraph.style = STYLE_NAMES[element]
    if paragraph is None:
        paragraph = container.add_paragraph(style=STYLE_NAMES[element])
    if text:
        paragraph.add_run(text)
    return paragraph


CORE_TITLE_MAX = 255  # python-docx refuses longer core properties (the OPC limit Word also keeps)


def core_title(title: str) -> str:
    """The title cut to what a DOCX core property holds, at a word boundary, with an ellipsis.

    The full title stays in the document's text; only the file's metadata is shortened, so a long
    summary never stops a document from being exported or issued.
    """
    title = " ".join(title.split())
    if len(title) <= CORE_TITLE_MAX:
        return title
    cut = title[: CORE_TITLE_MAX - 1]
    if " " in cut:
        cut = cut[: cut.rindex(" ")]
    return cut.rstrip(" ,;:-") + "…"


def _rule_under(paragraph: DocxParagraph, cell_width_mm: float, text_width_mm: float) -> None:
    """A bottom border as wide as the text: the rule under "ĐẢNG CỘNG SẢN VIỆT NAM"."""
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for key, value in (("w:val", "single"), ("w:sz", "8"), ("w:space", "1"), ("w:color", "000000")):
        bottom.set(qn(key), value)
    borders.append(bottom)
    # Schema order: pBdr goes right after pStyle and before ind, which python-docx adds in place.
    paragraph._p.get_or_add_pPr().append(borders)
    indent = max((cell_width_mm - text_width_mm) / 2 - 0.5, 0)
    paragraph.paragraph_format.left_indent = Mm(indent)
    paragraph.paragraph_format.right_indent = Mm(indent)


def _insert_before(parent, child, successor) -> None:  # type: ignore[no-untyped-def]
    if successor is None:
        parent.append(child)
    else:
        successor.addprevious(child)


def _layout_table(table: DocxTable, widths_mm: list[float], *, borders: bool) -> None:
    """Fixed column widths (Word ignores them otherwise) and zero side padding for layout tables."""
    table.autofit = False
    for row in table.rows:  # a row is never split across two pages (Word's "cantSplit")
        row._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    properties = table._tbl.tblPr
    look = properties.find(qn("w:tblLook"))  # schema order: … tblLayout, tblCellMar, tblLook
    width = properties.find(qn("w:tblW"))
    width.set(qn("w:type"), "dxa")
    width.set(qn("w:w"), str(round(sum(widths_mm) * _TWIPS_PER_MM)))
    # Layout tables have no side padding; ruled tables get the PDF's 4 pt, the padding the
    # content widths (rendering.widths) are computed with.
    margins = OxmlElement("w:tblCellMar")
    for side in ("left", "right"):
        margin = OxmlElement(f"w:{side}")
        margin.set(qn("w:w"), str(_CELL_PADDING_TWIPS if borders else 0))
        margin.set(qn("w:type"), "dxa")
        margins.append(margin)
    _insert_before(properties, margins, look)
    for index, width in enumerate(widths_mm):
        table.columns[index].width = Mm(width)
        for cell in table.columns[index].cells:
            cell.width = Mm(width)


def _name_lines(cell: _Cell, element: str, text: str, fmt: FormatSpec) -> None:
    """A header name with the balanced line breaks of `rendering.lines` (line breaks, one paragraph)."""
    style = fmt.element(element)
    lines = balanced_lines(text, fmt.page.header_left_width_mm, style.size_pt, style.bold)
    paragraph = _paragraph(cell, element)
    for index, line in enumerate(lines):
        run = paragraph.add_run(line)
        if index < len(lines) - 1:
            run.add_break()


def _header(document, doc: Document, fmt: FormatSpec) -> None:  # type: ignore[no-untyped-def]
    page = fmt.page
    left_width = page.header_left_width_mm
    right_width = page.text_width_mm - left_width
    table = document.add_table(rows=2, cols=2)
    _layout_table(table, [left_width, right_width], borders=False)
    left, right = table.cell(0, 0), table.cell(0, 1)
    if doc.header.superior_body:
        _name_lines(left, "superior_body", doc.header.superior_body, fmt)
    _name_lines(left, "issuing_body", doc.header.issuing_body, fmt)
    _paragraph(left, "star", "*")
    party = _paragraph(right, "party_name", PARTY_NAME)
    party_format = fmt.element("party_name")
    _rule_under(party, right_width, text_width_mm(PARTY_NAME, party_format.size_pt, party_format.bold))
    _paragraph(table.cell(1, 0), "number", doc.header.number_line)
    _paragraph(table.cell(1, 1), "place_date", doc.header.place_and_date)


def _add_paragraph_block(document, block: Paragraph) -> None:  # type: ignore[no-untyped-def]
    paragraph = document.add_paragraph(style=STYLE_NAMES[block.style])
    number = block.number if block.number is not None else ("-" if block.style == "bullet" else None)
    if number:
        paragraph.add_run(f"{number} ")
    for run in block.runs:
        added = paragraph.add_run(run.text)
        if run.bold:
            added.bold = True
        if run.italic:
            added.italic = True
        if run.underline:
            added.underline = True
    if block.anchor:
        _bookmark(paragraph, block.anchor)


_bookmark_ids = iter(range(1, 1 << 30))


def _bookmark(paragraph: DocxParagraph, name: str) -> None:
    identifier = str(next(_bookmark_ids))
    start = OxmlElement("w:bookmarkStart")
    start.set(qn("w:id"), identifier)
    start.set(qn("w:name"), "".join(char if char.isalnum() else "_" for char in name)[:40])
    end = OxmlElement("w:bookmarkEnd")
    end.set(qn("w:id"), identifier)
    paragraph._p.insert(1 if paragraph._p.pPr is not None else 0, start)
    paragraph._p.append(end)


def _add_table_block(document, block: Table, fmt: FormatSpec) -> None:  # type: ignore[no-untyped-def]
    table = document.add_table(rows=1 + len(block.rows), cols=len(block.columns))
    table.style = document.styles["Table Grid"]
    widths = list(column_widths_mm(block.columns, block.rows, fmt, hint=block.widths))  # type: ignore[arg-type]
    _layout_table(table, widths, borders=True)
    for index, column in enumerate(block.columns):
        _paragraph(table.cell(0, index), "table_header", column)
    header_row = table.rows[0]._tr.get_or_add_trPr()
    repeat = OxmlElement("w:tblHeader")  # repeat the header row on each page
    header_row.append(repeat)
    for row_index, row in enumerate(block.rows, start=1):
        for column_index, value in enumerate(row):
            _paragraph(table.cell(row_index, column_index), "table_cell", value)


def _add_block(document, block: Block, fmt: FormatSpec) -> None:  # type: ignore[no-untyped-def]
    if isinstance(block, Paragraph):
        _add_paragraph_block(document, block)
    elif isinstance(block, Heading):
        heading = document.add_paragraph(block.full_text, style=STYLE_NAMES[f"heading{block.level}"])
        if block.centred:
            heading.alignment = WD_ALIGN_PARAGRAPH.CENTER
            heading.paragraph_format.first_line_indent = Mm(0)
    elif isinstance(block, Table):
        _add_table_block(document, block, fmt)
    elif isinstance(block, PageBreak):
        document.add_page_break()
    else:
        raise TypeError(f"not a document block: {block!r}")


def _signature(cell: _Cell, signature: Signature) -> None:
    for line in signature.authority_lines:
        _paragraph(cell, "signature_authority", line)
    _paragraph(cell, "signature_position", signature.position)
    _paragraph(cell, "signature_name", signature.name)


def _recipients(container, recipients: tuple[str, ...]) -> None:  # type: ignore[no-untyped-def]
    if not recipients:
        return
    _paragraph(container, "recipients_label", RECIPIENTS_LABEL)
    for recipient in recipients:
        _paragraph(container, "recipients", f"- {recipient}")


def _closing(document, doc: Document, fmt: FormatSpec) -> None:  # type: ignore[no-untyped-def]
    if not (doc.signature or doc.secondary_signature or doc.recipients):
        return
    half = fmt.page.text_width_mm / 2
    table = document.add_table(rows=1, cols=2)
    _layout_table(table, [half, half], borders=False)
    left, right = table.cell(0, 0), table.cell(0, 1)
    if doc.signature:
        _signature(right, doc.signature)
    if doc.secondary_signature:
        _signature(left, doc.secondary_signature)
        _recipients(document, doc.recipients)  # type: ignore[arg-type]
    else:
        _recipients(left, doc.recipients)  # type: ignore[arg-type]


def render_docx(doc: Document, fmt: FormatSpec | None = None) -> bytes:
    """Renders one document to DOCX bytes."""
    fmt = fmt or load_format()
    document = new_docx()
    _prepare(document, fmt)
    document.core_properties.title = core_title(doc.title)
    document.core_properties.language = "vi-VN"
    # The default template starts with one empty paragraph; the header table replaces it.
    body = document.element.body
    for paragraph in list(body.iterchildren(qn("w:p"))):
        body.remove(paragraph)
    _header(document, doc, fmt)
    for mark in doc.marks:
        _paragraph(document, "mark", mark)
    _paragraph(document, "type_name", doc.type_name)
    if doc.summary:
        _paragraph(document, "summary", doc.summary)
    for block in doc.blocks:
        _add_block(document, block, fmt)
    _closing(document, doc, fmt)
    if doc.appendix:
        document.add_page_break()
        for block in doc.appendix:
            _add_block(document, block, fmt)
    output = io.BytesIO()
    document.save(output)
    return output.getvalue()

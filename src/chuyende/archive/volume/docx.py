"""The volume as one DOCX that matches the PDF: cover, contents, then every part in order.

Each document part is rendered by the documents app's `render_docx` and its body copied into one
file (every rendered DOCX defines the same named styles, so copied paragraphs keep their format).
What the PDF does with CSS is done here with Word's own means:

- the cover is laid out like the PDF's (`parts.render_cover`): names in capitals, the "*", the kind,
  the title in bold (not capitals), the place and year;
- the contents is a TOC field over TC entries, one per part, each part's start carrying a bookmark:
  Word recomputes the page numbers when it opens the file (`updateFields`), and the field's stored
  result already holds the PDF's page numbers, so a reader that does not update shows them too;
- every part starts on a new page through `pageBreakBefore` on a one-point paragraph that holds its
  bookmark and TC entry, so no empty paragraph (and no blank page) is left between parts; text
  parts (the preface) have no official header.
"""

import copy
import io
import zipfile
from collections.abc import Sequence
from datetime import datetime

from docx import Document as open_docx
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT, WD_TAB_LEADER
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from chuyende.documents.rendering import Document, Header, Paragraph, load_format
from chuyende.documents.rendering.docx import core_title, render_docx

from .parts import Cover, Part

FIXED_TIME = "2000-01-01T00:00:00"
CONTENTS_HEADING = "MỤC LỤC"
# Settings elements that come after w:updateFields in the schema's sequence.
_AFTER_UPDATE_FIELDS = ("w:hdrShapeDefaults", "w:footnotePr", "w:endnotePr", "w:compat", "w:docVars",
                        "w:rsids", "m:mathPr", "w:attachedSchema", "w:themeFontLang", "w:clrSchemeMapping")  # fmt: skip


def _body_elements(data: bytes) -> list:
    body = open_docx(io.BytesIO(data)).element.body
    return [el for el in body.iterchildren() if el.tag != qn("w:sectPr")]


def _run(
    paragraph, text: str, *, size: float = 14, bold: bool = False, italic: bool = False, caps: bool = False
):  # type: ignore[no-untyped-def]
    run = paragraph.add_run(text)
    run.font.size, run.font.bold, run.font.italic, run.font.all_caps = Pt(size), bold, italic, caps
    return run


def _centred(target, before_mm: float = 0, style: str = "CD Body"):  # type: ignore[no-untyped-def]
    paragraph = target.add_paragraph(style=style)
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    fmt = paragraph.paragraph_format
    fmt.first_line_indent, fmt.space_before, fmt.space_after = Mm(0), Mm(before_mm), Pt(0)
    return paragraph


def _cover(target, cover: Cover) -> list:  # type: ignore[no-untyped-def]
    """The cover as `parts.render_cover` draws it."""
    paragraphs = [_centred(target)]
    _run(paragraphs[-1], cover.superior, caps=True)
    paragraphs.append(_centred(target, 10 if cover.superior else 0))
    _run(paragraphs[-1], cover.organization, bold=True, caps=True)
    paragraphs.append(_centred(target))
    _run(paragraphs[-1], "*")
    paragraphs.append(_centred(target, 55))
    _run(paragraphs[-1], "TẬP THAM LUẬN", size=16, bold=True)
    paragraphs.append(_centred(target, 8))
    _run(paragraphs[-1], cover.title, size=20, bold=True)
    paragraphs.append(_centred(target, 75))
    _run(paragraphs[-1], cover.place_and_year, italic=True)
    return paragraphs


def _field(paragraph, instruction: str, result: str = "", *, begin: bool = True, end: bool = True) -> None:  # type: ignore[no-untyped-def]
    """Appends a complex field (or its opening / closing half) to `paragraph`."""
    if begin:
        for kind, text in (("begin", None), (None, instruction), ("separate", None)):
            run = paragraph.add_run()
            if kind:
                char = OxmlElement("w:fldChar")
                char.set(qn("w:fldCharType"), kind)
                run._r.append(char)
            else:
                code = OxmlElement("w:instrText")
                code.set(qn("xml:space"), "preserve")
                code.text = text
                run._r.append(code)
        if result:
            paragraph.add_run(result)
    if end:
        run = paragraph.add_run()
        char = OxmlElement("w:fldChar")
        char.set(qn("w:fldCharType"), "end")
        run._r.append(char)


def _bookmark_name(index: int) -> str:
    return f"_cd_part_{index}"


def _contents(target, parts: Sequence[Part], starts: Sequence[int] | None, text_width_mm: float) -> list:  # type: ignore[no-untyped-def]
    heading = _centred(target)
    heading.paragraph_format.page_break_before = True
    heading.paragraph_format.space_after = Pt(12)
    _run(heading, CONTENTS_HEADING, bold=True)
    paragraphs = [heading]
    for index, part in enumerate(parts, start=1):
        entry = target.add_paragraph(style="CD Body")
        fmt = entry.paragraph_format
        fmt.first_line_indent, fmt.space_after = Mm(0), Pt(3)
        fmt.left_indent, fmt.first_line_indent = Mm(10), Mm(-10)
        fmt.tab_stops.add_tab_stop(Mm(10))
        fmt.tab_stops.add_tab_stop(Mm(text_width_mm), WD_TAB_ALIGNMENT.RIGHT, WD_TAB_LEADER.DOTS)
        if index == 1:  # the TOC field spans every entry: Word rebuilds them from the TC entries
            _field(entry, " TOC \\f \\h \\z ", end=False)
        entry.add_run(f"{index}.\t{part.title}\t")
        page = str(starts[index - 1]) if starts else ""
        _field(entry, f" PAGEREF {_bookmark_name(index)} \\h ", page)
        if index == len(parts):
            _field(entry, "", begin=False)
        paragraphs.append(entry)
    return paragraphs


def _part_start(target, index: int, title: str):  # type: ignore[no-untyped-def]
    """The one-point paragraph that starts a part on a new page and carries its bookmark and TC entry."""
    marker = target.add_paragraph(style="CD Body")
    fmt = marker.paragraph_format
    fmt.page_break_before, fmt.keep_with_next = True, True
    fmt.space_before = fmt.space_after = Pt(0)
    fmt.line_spacing = Pt(1)
    fmt.first_line_indent = Mm(0)
    start = OxmlElement("w:bookmarkStart")
    start.set(qn("w:id"), "0")
    start.set(qn("w:name"), _bookmark_name(index))
    marker._p.append(start)
    _field(marker, f' TC "{index}. {title.replace(chr(34), chr(8221))}" \\l 1 ')
    end = OxmlElement("w:bookmarkEnd")
    end.set(qn("w:id"), "0")
    marker._p.append(end)
    for run in marker.runs:
        run.font.size = Pt(1)
    return marker


def _text_part(target, part: Part) -> list:  # type: ignore[no-untyped-def]
    """A preface-style part: a centred heading and justified paragraphs, no official header."""
    heading = _centred(target)
    heading.paragraph_format.space_after = Pt(12)
    _run(heading, part.title, bold=True, caps=True)
    paragraphs = [heading]
    for text in part.text:
        paragraph = target.add_paragraph(Paragraph(text).text, style="CD Body")
        paragraphs.append(paragraph)
    return paragraphs


def _template() -> bytes:
    """A rendered document, only for its styles, page set-up and page-number header."""
    return render_docx(Document(header=Header("", "", None, ""), type_name="", summary="", blocks=[]))


def render_volume_docx(cover: Cover, parts: Sequence[Part], starts: Sequence[int] | None = None) -> bytes:
    """DOCX of the whole volume; deterministic (fixed dates and ids). `starts` are the pages where
    the PDF's parts start, stored as the contents' page numbers until Word updates the field."""
    if not parts:
        raise ValueError("a volume needs at least one part")
    fmt = load_format()
    target = open_docx(io.BytesIO(_template()))
    body = target.element.body
    section = body.find(qn("w:sectPr"))
    for element in [el for el in body.iterchildren() if el is not section]:
        body.remove(element)
    _cover(target, cover)
    _contents(target, parts, starts, fmt.page.text_width_mm)
    for index, part in enumerate(parts, start=1):
        _part_start(target, index, part.title)
        if part.document is None:
            _text_part(target, part)
            continue
        for element in _body_elements(render_docx(part.document)):
            section.addprevious(copy.deepcopy(element))
    _renumber_bookmarks(body)
    _update_fields_on_open(target)
    target.core_properties.title = core_title(cover.title)
    target.core_properties.created = target.core_properties.modified = _fixed()
    target.core_properties.last_modified_by = "chuyende"
    out = io.BytesIO()
    target.save(out)
    return _fixed_zip(out.getvalue())


def _update_fields_on_open(target) -> None:  # type: ignore[no-untyped-def]
    settings = target.settings.element
    update = OxmlElement("w:updateFields")
    update.set(qn("w:val"), "true")
    for name in _AFTER_UPDATE_FIELDS:
        successor = settings.find(qn(name)) if name.startswith("w:") else None
        if successor is not None:
            successor.addprevious(update)
            return
    settings.append(update)


def _renumber_bookmarks(body) -> None:  # type: ignore[no-untyped-def]
    """Bookmark ids in document order and names made unique: `render_docx` draws ids from a
    process-wide counter (the same volume would otherwise get other bytes on every call), and two
    papers may both have a paragraph anchored "a0"."""
    names: set[str] = set()
    pending: list = []
    for element in body.iter(qn("w:bookmarkStart"), qn("w:bookmarkEnd")):
        if element.tag == qn("w:bookmarkStart"):
            new = str(len(names) + 1)
            pending.append((element.get(qn("w:id")), new))
            name, suffix = element.get(qn("w:name")), 2
            unique = name
            while unique in names:
                unique, suffix = f"{name[:36]}_{suffix}", suffix + 1
            names.add(unique)
            element.set(qn("w:name"), unique)
            element.set(qn("w:id"), new)
        else:
            old = element.get(qn("w:id"))
            # the end closes the latest open start with the same old id
            for position in range(len(pending) - 1, -1, -1):
                if pending[position][0] == old:
                    element.set(qn("w:id"), pending.pop(position)[1])
                    break


def _fixed():
    return datetime.fromisoformat(FIXED_TIME)


def _fixed_zip(data: bytes) -> bytes:
    """The same archive with fixed entry timestamps: zip entries otherwise carry the clock."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as sink:
        for info in source.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=(1980, 1, 1, 0, 0, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            sink.writestr(fixed, source.read(info.filename))
    return out.getvalue()

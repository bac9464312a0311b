"""The volume as one DOCX: cover, contents list, then every part in order.

Each part is rendered by the documents app's `render_docx` and its body copied into the first
part's file: every rendered DOCX defines the same named styles ("CD Body"...), so copied paragraphs
keep their format. Word paginates differently from the PDF, so the contents list carries titles
only; the PDF is the archived copy with page numbers.
"""

import copy
import io
import zipfile
from collections.abc import Sequence
from datetime import datetime

from docx import Document as open_docx
from docx.enum.text import WD_BREAK
from docx.oxml.ns import qn

from chuyende.documents.rendering import Document, Header, Paragraph
from chuyende.documents.rendering.docx import core_title, render_docx

from .parts import Cover, Part

FIXED_TIME = "2000-01-01T00:00:00"


def _part_document(part: Part) -> Document:
    if part.document is not None:
        return part.document
    return Document(header=Header("", "", None, ""), type_name=part.title, summary="",
                    blocks=[Paragraph(text) for text in part.text])  # fmt: skip


def _body_elements(data: bytes) -> list:
    body = open_docx(io.BytesIO(data)).element.body
    return [el for el in body.iterchildren() if el.tag != qn("w:sectPr")]


def render_volume_docx(cover: Cover, parts: Sequence[Part]) -> bytes:
    """DOCX of the whole volume; deterministic (fixed core-property dates)."""
    if not parts:
        raise ValueError("a volume needs at least one part")
    target = open_docx(io.BytesIO(render_docx(_part_document(parts[0]))))
    body = target.element.body
    first = body.iterchildren().__next__()
    front = []
    for text in (cover.superior, cover.organization, "TẬP THAM LUẬN", cover.title, cover.place_and_year):
        paragraph = target.add_paragraph(text, style="CD Type")
        front.append(paragraph)
    front[-1].add_run().add_break(WD_BREAK.PAGE)
    front.append(target.add_paragraph("MỤC LỤC", style="CD Type"))
    for index, part in enumerate(parts, start=1):
        front.append(target.add_paragraph(f"{index}. {part.title}", style="CD Body"))
    front[-1].add_run().add_break(WD_BREAK.PAGE)
    for paragraph in front:
        first.addprevious(paragraph._p)
    section = body.find(qn("w:sectPr"))
    for part in parts[1:]:
        breaker = target.add_paragraph()
        breaker.add_run().add_break(WD_BREAK.PAGE)
        for element in _body_elements(render_docx(_part_document(part))):
            section.addprevious(copy.deepcopy(element))
    _renumber_bookmarks(body)
    target.core_properties.title = core_title(cover.title)
    target.core_properties.created = target.core_properties.modified = _fixed()
    target.core_properties.last_modified_by = "chuyende"
    out = io.BytesIO()
    target.save(out)
    return _fixed_zip(out.getvalue())


def _renumber_bookmarks(body) -> None:  # type: ignore[no-untyped-def]
    """Bookmark ids in document order: `render_docx` draws them from a process-wide counter, so
    the same document would otherwise get different ids (and bytes) on every call."""
    mapping: dict[str, str] = {}
    for element in body.iter(qn("w:bookmarkStart"), qn("w:bookmarkEnd")):
        old = element.get(qn("w:id"))
        if element.tag == qn("w:bookmarkStart"):
            mapping[old] = str(len(mapping) + 1)
        element.set(qn("w:id"), mapping.get(old, old))


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

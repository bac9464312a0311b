"""The bytes a reader gets: the stored files of an issued document (never re-rendered, so they stay
exactly what was issued), or a fresh rendering of a draft marked "DỰ THẢO"."""

from dataclasses import dataclass

from django.templatetags.static import static

from .compose import to_render_model
from .domain.lifecycle import file_stem
from .enums import FileFormat
from .models import OfficialDocument
from .rendering.docx import render_docx
from .rendering.html import render_html
from .rendering.pdf import render_pdf

CONTENT_TYPES = {
    FileFormat.PDF: "application/pdf",
    FileFormat.DOCX: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


@dataclass(frozen=True)
class Output:
    content: bytes
    file_name: str
    content_type: str


def document_file(document: OfficialDocument, fmt: str) -> Output:
    fmt = FileFormat(fmt)
    stored = document.pdf_file if fmt == FileFormat.PDF else document.docx_file
    if not document.is_draft and stored:
        with stored.open("rb") as handle:
            content = handle.read()
    else:
        model = to_render_model(document)
        content = render_pdf(model) if fmt == FileFormat.PDF else render_docx(model)
    return Output(content, f"{file_stem(document)}.{fmt.value}", CONTENT_TYPES[fmt])


def document_html(document: OfficialDocument) -> str:
    """A standalone HTML page of the document for the in-browser view. Its fonts come from the
    static files (settings.STATICFILES_DIRS): a browser may not load the package's file:// paths,
    and the page must not name the server's directories (found by the newcomer's walk)."""
    return render_html(to_render_model(document), font_base_url=static("fonts/"))

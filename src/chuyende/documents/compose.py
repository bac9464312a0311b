"""Maps a stored `OfficialDocument` onto the renderer's `Document`, and the stored JSON body onto
renderer blocks (and to and from the plain-text form used by the edit page).

Body JSON: a list of {"type": "heading", "level": 1-3, "text", "number"?},
{"type": "paragraph", "text", "number"?, "style"?}, {"type": "table", "columns", "rows", "widths"?}
or {"type": "page_break"}. Paragraph text may carry **bold** and *italic*.
"""

from datetime import date
from typing import Literal, cast

from django.utils.translation import gettext as _

from chuyende.common.dates import place_and_date
from chuyende.common.errors import DomainError
from chuyende.orgs.domain.signing import authority_lines

from .enums import SigningForm
from .models import OfficialDocument
from .rendering.model import (
    Block,
    Document,
    Header,
    Heading,
    PageBreak,
    Paragraph,
    Signature,
    Table,
    parse_inline,
)

DRAFT_MARK = "DỰ THẢO"
HeadingLevel = Literal[1, 2, 3]  # what Heading.level accepts; stored bodies are trusted as before


def block_from_json(data: dict) -> Block:
    try:
        kind = data["type"]
        if kind == "heading":
            return Heading(
                level=cast(HeadingLevel, int(data["level"])),
                text=data["text"],
                number=data.get("number") or None,
            )
        if kind == "paragraph":
            return Paragraph(
                parse_inline(data["text"]), number=data.get("number") or None, style=data.get("style", "body")
            )
        if kind == "table":
            return Table(columns=data["columns"], rows=data["rows"], widths=data.get("widths"))
        if kind == "page_break":
            return PageBreak()
    except (KeyError, TypeError, ValueError) as error:
        raise DomainError(_("Khối nội dung không hợp lệ: %(error)s") % {"error": error}) from None
    raise DomainError(_("Loại khối nội dung không hợp lệ: %(kind)s") % {"kind": repr(data.get("type"))})


def validate_body(body) -> list[dict]:
    """Returns `body` if every block can be rendered; raises DomainError naming the first bad one."""
    if not isinstance(body, list) or not all(isinstance(block, dict) for block in body):
        raise DomainError(_("Nội dung văn bản phải là danh sách các khối."))
    for block in body:
        block_from_json(block)
    return body


def body_from_text(text: str) -> list[dict]:
    """The edit page's plain-text form: "# " heading 1, "## " heading 2, "### " heading 3, "- "
    bullet, "| a | b |" table rows (first row = column titles), "---" page break, other lines are
    paragraphs."""
    body: list[dict] = []
    table: list[list[str]] = []

    def flush_table() -> None:
        if table:
            body.append({"type": "table", "columns": table[0], "rows": table[1:]})
            table.clear()

    for raw in text.splitlines():
        line = raw.strip()
        if line.startswith("|") and line.endswith("|") and len(line) > 1:
            table.append([cell.strip() for cell in line[1:-1].split("|")])
            continue
        flush_table()
        if not line:
            continue
        if line == "---":
            body.append({"type": "page_break"})
        elif line.startswith("#"):
            level = min(len(line) - len(line.lstrip("#")), 3)
            body.append({"type": "heading", "level": level, "text": line.lstrip("#").strip()})
        elif line.startswith("- "):
            body.append({"type": "paragraph", "text": line[2:].strip(), "number": "-", "style": "bullet"})
        else:
            body.append({"type": "paragraph", "text": line})
    flush_table()
    return validate_body(body)


def body_to_text(body: list[dict]) -> str:
    lines: list[str] = []
    for block in body:
        kind = block.get("type")
        if kind == "heading":
            number = f"{block['number']} " if block.get("number") else ""
            lines.append("#" * int(block["level"]) + " " + number + block["text"])
        elif kind == "paragraph":
            if block.get("style") == "bullet":
                lines.append("- " + block["text"])
            else:
                number = f"{block['number']} " if block.get("number") else ""
                lines.append(number + block["text"])
        elif kind == "table":
            for row in [block["columns"], *block["rows"]]:
                lines.append("| " + " | ".join(row) + " |")
        elif kind == "page_break":
            lines.append("---")
    return "\n".join(lines)


def signature_for(document: OfficialDocument) -> Signature | None:
    """The signature block: "T/M <collective>" (and "K/T BÍ THƯ" for a deputy) above the
    position, as `orgs.domain.signing` sets them when the document is issued."""
    if document.signer is None:
        return None
    if document.signing_form in (SigningForm.ON_BEHALF, SigningForm.DEPUTY):
        authority: tuple[str, ...] | str = authority_lines(document.organization, document.signing_form)
    elif document.signing_form:
        authority = f"{document.signing_form} {document.organization.signing_authority}".strip()
    else:
        authority = ""
    return Signature(position=document.signer_position, name=document.signer.full_name, authority=authority)


def to_render_model(document: OfficialDocument, *, on: date | None = None) -> Document:
    """The renderer's model of `document`. A draft prints "DỰ THẢO", a blank number and the date
    `on` (today by default)."""
    organization = document.organization
    code = document.document_type.code
    day = document.issued_on or on or date.today()
    marks = list(document.marks)
    if document.is_draft and DRAFT_MARK not in marks:
        marks.insert(0, DRAFT_MARK)
    return Document(
        header=Header(
            superior_body=organization.superior_header_name,
            issuing_body=organization.header_name,
            number_symbol=document.number_symbol or None,
            draft_symbol=f"{code}/{organization.body_code}",
            place_and_date=place_and_date(organization.place_name, day),
        ),
        marks=marks,
        type_name=document.document_type.name,
        summary=document.summary,
        blocks=[block_from_json(block) for block in document.body],
        signature=signature_for(document),
        recipients=document.recipients,
    )

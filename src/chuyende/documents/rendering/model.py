"""An official Party document described as data, independent of any output format.

Every paper of the lifecycle (plan KH, minutes BB, resolution NQ, report BC with its appendix
table, notice TB, and a bound volume made of many documents) is one `Document`; the DOCX and PDF
renderers read the same object, so both outputs always say the same thing.

The classes are frozen so a rendered document cannot drift from the data it was built from.
Sequences are stored as tuples and every string is normalized to NFC on construction: Vietnamese
text arrives in NFC or NFD (domain.md §7), and a decomposed letter would otherwise come out of
Word or the PDF as a base letter followed by a floating accent.
"""

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Literal

from chuyende.documents.rendering.typography import typographic_quotes

__all__ = [
    "Block",
    "Document",
    "Header",
    "Heading",
    "PageBreak",
    "Paragraph",
    "ParagraphStyle",
    "Run",
    "Signature",
    "Table",
    "format_number_symbol",
    "parse_inline",
]

PARTY_NAME = "ĐẢNG CỘNG SẢN VIỆT NAM"
# A draft has no number yet; the clerk writes it by hand after issuing, so the line keeps room.
# No-break spaces survive both HTML whitespace collapsing and Word's line breaking.
DRAFT_NUMBER_BLANK = "\u00a0" * 6

ParagraphStyle = Literal["body", "bullet", "quote"]


def _nfc(text: str) -> str:
    """NFC, with Vietnamese typographic quotes (rendering.typography) in place of straight ones."""
    return typographic_quotes(unicodedata.normalize("NFC", text))


def _nfc_tuple(values: Sequence[str]) -> tuple[str, ...]:
    if isinstance(values, str):
        raise TypeError("expected a sequence of strings, got one string")
    return tuple(_nfc(value) for value in values)


def _punctuated(recipients: tuple[str, ...]) -> tuple[str, ...]:
    """Each recipient line ends with a comma and the last with a full stop, as the list is printed."""
    lines = [line.strip().rstrip(",;.").rstrip() for line in recipients if line.strip()]
    return tuple(f"{line}{'.' if index == len(lines) - 1 else ','}" for index, line in enumerate(lines))


def _set(obj: object, name: str, value: object) -> None:
    object.__setattr__(obj, name, value)


@dataclass(frozen=True)
class Run:
    """A stretch of text inside a paragraph with its own emphasis."""

    text: str
    bold: bool = False
    italic: bool = False
    underline: bool = False

    def __post_init__(self) -> None:
        _set(self, "text", _nfc(self.text))


_INLINE = re.compile(r"\*\*(.+?)\*\*|\*(.+?)\*")


def parse_inline(text: str) -> tuple[Run, ...]:
    """Turns "**bold** and *italic*" into runs, so stored plain text can carry emphasis.

    Only these two marks exist on purpose: Party documents use bold and italic inside a paragraph
    and nothing else, and a small syntax is one an office clerk can type.
    """
    runs: list[Run] = []
    position = 0
    for match in _INLINE.finditer(text):
        if match.start() > position:
            runs.append(Run(text[position : match.start()]))
        if match.group(1) is not None:
            runs.append(Run(match.group(1), bold=True))
        else:
            runs.append(Run(match.group(2), italic=True))
        position = match.end()
    if position < len(text):
        runs.append(Run(text[position:]))
    return tuple(runs)


def _as_runs(content: "str | Run | Sequence[Run]") -> tuple[Run, ...]:
    if isinstance(content, str):
        return (Run(content),)
    if isinstance(content, Run):
        return (content,)
    return tuple(content)


@dataclass(frozen=True)
class Heading:
    """A section title: level 1 "I. MỤC ĐÍCH, YÊU CẦU", 2 "1. Mục đích", 3 "a) ..."."""

    level: Literal[1, 2, 3]
    text: str
    number: str | None = None
    centred: bool = False  # "PHỤ LỤC" and the appendix title stand centred over the table

    def __post_init__(self) -> None:
        if self.level not in (1, 2, 3):
            raise ValueError(f"heading level must be 1, 2 or 3, not {self.level!r}")
        _set(self, "text", _nfc(self.text))
        if self.number is not None:
            _set(self, "number", _nfc(self.number))

    @property
    def full_text(self) -> str:
        return f"{self.number} {self.text}" if self.number else self.text


@dataclass(frozen=True)
class Paragraph:
    """A body paragraph.

    `content` is plain text or runs with emphasis. `number` is printed before the text ("1.",
    "a)", "-"); `anchor` lets a comment or a contents entry point at this paragraph.
    """

    content: "str | Run | Sequence[Run]"
    number: str | None = None
    style: ParagraphStyle = "body"
    anchor: str | None = None

    def __post_init__(self) -> None:
        if self.style not in ("body", "bullet", "quote"):
            raise ValueError(f"unknown paragraph style {self.style!r}")
        _set(self, "content", _as_runs(self.content))
        if self.number is not None:
            _set(self, "number", _nfc(self.number))

    @property
    def runs(self) -> tuple[Run, ...]:
        return self.content  # type: ignore[return-value]  # normalized in __post_init__

    @property
    def text(self) -> str:
        """The plain text as a reader sees it, number included."""
        body = "".join(run.text for run in self.runs)
        return f"{self.number} {body}" if self.number else body


@dataclass(frozen=True)
class Table:
    """A grid with a header row, e.g. the cells and their topics, or an appendix table.

    `widths` are relative (they are scaled to the text width); None means equal columns.
    """

    columns: Sequence[str]
    rows: Sequence[Sequence[str]]
    widths: Sequence[float] | None = None

    def __post_init__(self) -> None:
        columns = _nfc_tuple(self.columns)
        rows = tuple(_nfc_tuple(row) for row in self.rows)
        for index, row in enumerate(rows):
            if len(row) != len(columns):
                raise ValueError(f"row {index} has {len(row)} cells, the table has {len(columns)} columns")
        _set(self, "columns", columns)
        _set(self, "rows", rows)
        if self.widths is not None:
            widths = tuple(float(width) for width in self.widths)
            if len(widths) != len(columns) or any(width <= 0 for width in widths):
                raise ValueError("widths must give one positive number per column")
            _set(self, "widths", widths)

    def relative_widths(self) -> tuple[float, ...]:
        """Column widths as fractions that add up to 1."""
        widths = self.widths or (1.0,) * len(self.columns)
        total = sum(widths)
        return tuple(width / total for width in widths)


@dataclass(frozen=True)
class PageBreak:
    """Starts a new page (e.g. before an appendix or between papers of a volume)."""


Block = Heading | Paragraph | Table | PageBreak


@dataclass(frozen=True)
class Header:
    """The two-column header block (elements 1–4 of Guideline 36-HD/VPTW).

    `number_symbol` is "05-NQ/ĐU" (a leading "Số" is accepted and dropped). A draft has no number:
    pass None and the symbol in `draft_symbol` ("KH/ĐU"), and the line prints "Số      -KH/ĐU" with
    a blank the clerk fills in by hand.
    """

    superior_body: str
    issuing_body: str
    number_symbol: str | None
    place_and_date: str
    draft_symbol: str = ""
    numbered: bool = True  # False for papers that carry no number (a position paper, a table)

    def __post_init__(self) -> None:
        _set(self, "superior_body", _nfc(self.superior_body))
        _set(self, "issuing_body", _nfc(self.issuing_body))
        _set(self, "place_and_date", _nfc(self.place_and_date))
        _set(self, "draft_symbol", _nfc(self.draft_symbol))
        if self.number_symbol is not None:
            number = _nfc(self.number_symbol).strip()
            number = re.sub(r"^Số\s*:?\s*", "", number)
            _set(self, "number_symbol", number)

    @property
    def number_line(self) -> str:
        """ "Số 05-NQ/ĐU": no colon, hyphen before the type code, slash before the body code."""
        if not self.numbered:
            return ""
        if self.number_symbol:
            return f"Số {self.number_symbol}"
        if self.draft_symbol:
            return f"Số {DRAFT_NUMBER_BLANK}-{self.draft_symbol}"
        return f"Số {DRAFT_NUMBER_BLANK}"


def format_number_symbol(number: int, type_code: str, body_code: str) -> str:
    """Returns "05-NQ/ĐU" for number 5 of a resolution of a committee ("ĐU")."""
    if number < 1:
        raise ValueError("document numbers start at 01")
    return _nfc(f"{number:02d}-{type_code}/{body_code}")


@dataclass(frozen=True)
class Signature:
    """Signing authority, position and name (element 7).

    `authority` holds the lines above the position, e.g. ("T/M ĐẢNG UỶ",), ("K/T BÍ THƯ",) or
    ("T/M BAN THƯỜNG VỤ", "K/T BÍ THƯ"); a single string is one line, "" none. `position` is
    "BÍ THƯ", "PHÓ BÍ THƯ", "THƯ KÝ"... The space between position and name is for the hand
    signature and the seal.
    """

    position: str
    name: str
    authority: str | Sequence[str] = ()

    def __post_init__(self) -> None:
        authority = (self.authority,) if isinstance(self.authority, str) else tuple(self.authority)
        _set(self, "authority", tuple(_nfc(line) for line in authority if line.strip()))
        _set(self, "position", _nfc(self.position))
        _set(self, "name", _nfc(self.name))

    @property
    def authority_lines(self) -> tuple[str, ...]:
        return self.authority  # type: ignore[return-value]  # normalized in __post_init__


@dataclass(frozen=True)
class Document:
    """A complete official document.

    `marks` are printed above the type name ("DỰ THẢO", "MẬT", "KHẨN"). `recipients` are the
    lines of "Nơi nhận" without their leading dash. `secondary_signature` is printed on the left
    of the signature row, where minutes put the secretary opposite the chair; the recipients then
    follow below. `appendix` starts on a new page after the signature (a report's appendix table).
    `title` is the metadata title (PDF /Title, DOCX core properties).
    """

    header: Header
    type_name: str
    summary: str
    blocks: Sequence[Block]
    signature: Signature | None = None
    recipients: Sequence[str] = ()
    marks: Sequence[str] = ()
    secondary_signature: Signature | None = None
    appendix: Sequence[Block] = ()
    title: str = field(default="")

    def __post_init__(self) -> None:
        _set(self, "type_name", _nfc(self.type_name))
        _set(self, "summary", _nfc(self.summary))
        _set(self, "blocks", tuple(self.blocks))
        _set(self, "appendix", tuple(self.appendix))
        _set(self, "recipients", _punctuated(_nfc_tuple(self.recipients)))
        _set(self, "marks", _nfc_tuple(self.marks))
        for block in (*self.blocks, *self.appendix):  # type: ignore[misc]
            if not isinstance(block, Heading | Paragraph | Table | PageBreak):
                raise TypeError(f"not a document block: {block!r}")
        title = _nfc(self.title) or " ".join(part for part in (self.type_name, self.summary) if part)
        _set(self, "title", title)

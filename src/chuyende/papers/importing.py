"""Text and structure from uploaded papers.

DOCX: headings (Word's "Heading n"/"Title" styles, or a short paragraph set entirely in bold, or a
Roman-numeral section line such as "I. THỰC TRẠNG") and numbered paragraphs (Word list numbering,
whose number is computed from the document's numbering definitions, since Word stores only the
rule). PDF: the text pypdf extracts, cut into paragraphs. Text is NFC-normalized: the same letters,
one encoding (the tone placement the author chose is kept).
"""

import re
import unicodedata
import zipfile
import zlib
from typing import IO

from django.utils.translation import gettext as _
from lxml import etree

from .blocks import make_block
from .enums import BlockKind

_ROMAN_SECTION = re.compile(r"^[IVXLC]+\.\s+\S")
_HEADING_STYLE = re.compile(r"^(?:Heading|Tiêu đề)\s*(\d)", re.IGNORECASE)
_PARAGRAPH_END = re.compile(r"[.:;!?…”\"]$")
_BOLD_HEADING_MAX = 150


NS = {"w": "http://schemas.openxmlformats.org/wordprocessingml/2006/main"}


def _x(element, path: str) -> list:
    """XPath with the WordprocessingML prefix, on python-docx and plain lxml elements alike."""
    return etree._Element.xpath(element, path, namespaces=NS)


class ImportFailed(ValueError):
    """The file could not be read as the kind it claims to be."""


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text).strip()


def _roman(number: int) -> str:
    numerals = [(1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
                (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")]  # fmt: skip
    out = ""
    for value, numeral in numerals:
        while number >= value:
            out, number = out + numeral, number - value
    return out


def _format_number(value: int, fmt: str) -> str:
    if fmt == "lowerLetter":
        return chr(ord("a") + (value - 1) % 26)
    if fmt == "upperLetter":
        return chr(ord("A") + (value - 1) % 26)
    if fmt == "lowerRoman":
        return _roman(value).lower()
    if fmt == "upperRoman":
        return _roman(value)
    if fmt == "bullet":
        return "•"
    return str(value)


class _Numbering:
    """Computes the visible number of each list paragraph, the way Word does."""

    def __init__(self, document):
        self.levels: dict[tuple[str, int], tuple[str, str]] = {}
        self.counters: dict[str, dict[int, int]] = {}
        try:
            root = document.part.numbering_part.element
        except (KeyError, NotImplementedError, AttributeError):
            return
        abstract = {}
        for node in _x(root, "./w:abstractNum"):
            formats = {}
            for lvl in _x(node, "./w:lvl"):
                fmt = _x(lvl, "./w:numFmt/@w:val")
                text = _x(lvl, "./w:lvlText/@w:val")
                formats[int(_x(lvl, "./@w:ilvl")[0])] = (
                    fmt[0] if fmt else "decimal",
                    text[0] if text else "",
                )
            abstract[_x(node, "./@w:abstractNumId")[0]] = formats
        for num in _x(root, "./w:num"):
            for ilvl, spec in abstract.get(_x(num, "./w:abstractNumId/@w:val")[0], {}).items():
                self.levels[(_x(num, "./@w:numId")[0], ilvl)] = spec

    def label(self, num_id: str, ilvl: int) -> str:
        counters = self.counters.setdefault(num_id, {})
        counters[ilvl] = counters.get(ilvl, 0) + 1
        for deeper in [k for k in counters if k > ilvl]:
            del counters[deeper]
        fmt, pattern = self.levels.get((num_id, ilvl), ("decimal", f"%{ilvl + 1}."))
        if fmt == "bullet":
            return "•"
        if not pattern:
            return ""
        for level in range(ilvl + 1):
            level_fmt = self.levels.get((num_id, level), ("decimal", ""))[0]
            pattern = pattern.replace(f"%{level + 1}", _format_number(counters.get(level, 1), level_fmt))
        return pattern


def _num_pr(paragraph):
    """(numId, ilvl) of a list paragraph, from the paragraph or its style; None otherwise."""
    for element in (paragraph._p, getattr(paragraph.style, "element", None)):
        if element is None:
            continue
        num_id = _x(element, "./w:pPr/w:numPr/w:numId/@w:val")
        if num_id and num_id[0] != "0":
            ilvl = _x(element, "./w:pPr/w:numPr/w:ilvl/@w:val")
            return num_id[0], int(ilvl[0]) if ilvl else 0
    return None


def _all_bold(paragraph) -> bool:
    runs = [run for run in paragraph.runs if run.text.strip()]
    return bool(runs) and all(run.bold or (run.style is not None and run.style.font.bold) for run in runs)


def blocks_from_docx(stream: IO[bytes]) -> list[dict]:
    """Blocks of a DOCX file, in reading order (body paragraphs; tables are read row by row)."""
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    try:
        document = docx.Document(stream)
    # A damaged archive fails while a part is inflated (zlib, CRC) or parsed (lxml), not only when
    # it is opened: all of these mean "not a readable DOCX".
    except (PackageNotFoundError, KeyError, ValueError, zipfile.BadZipFile, zlib.error, EOFError,
            etree.XMLSyntaxError) as error:  # fmt: skip
        raise ImportFailed(_("Tệp DOCX không đọc được.")) from error
    numbering = _Numbering(document)
    blocks = []
    for paragraph in document.paragraphs:
        text = _nfc(paragraph.text)
        if not text:
            continue
        style = paragraph.style.name if paragraph.style is not None else ""
        heading = _HEADING_STYLE.match(style)
        num = _num_pr(paragraph)
        label = numbering.label(*num) if num else ""
        if style == "Title":
            blocks.append(make_block(text, BlockKind.HEADING, 1, label))
        elif heading:
            blocks.append(make_block(text, BlockKind.HEADING, int(heading.group(1)), label))
        elif num:
            blocks.append(make_block(text, BlockKind.ITEM, num[1], label))
        elif _ROMAN_SECTION.match(text) or (len(text) <= _BOLD_HEADING_MAX and _all_bold(paragraph)):
            blocks.append(make_block(text, BlockKind.HEADING, 2))
        else:
            blocks.append(make_block(text))
    for table in document.tables:
        for row in table.rows:
            text = _nfc(" | ".join(cell.text.strip() for cell in row.cells if cell.text.strip()))
            if text:
                blocks.append(make_block(text))
    return blocks


def text_from_pdf(stream: IO[bytes]) -> str:
    """All text pypdf can extract, page after page."""
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(stream)
        return _nfc("\n\n".join(page.extract_text() or "" for page in reader.pages))
    except (PdfReadError, ValueError, OSError) as error:
        raise ImportFailed(_("Tệp PDF không đọc được.")) from error


def blocks_from_plain_text(text: str) -> list[dict]:
    """Paragraphs of extracted text: a blank line, or a line ending a sentence, ends a paragraph."""
    blocks: list[dict] = []
    current: list[str] = []
    for line in text.replace("\r\n", "\n").split("\n"):
        line = line.strip()
        if not line:
            if current:
                blocks.append(make_block(" ".join(current)))
                current = []
            continue
        current.append(line)
        if _PARAGRAPH_END.search(line):
            blocks.append(make_block(" ".join(current)))
            current = []
    if current:
        blocks.append(make_block(" ".join(current)))
    return blocks

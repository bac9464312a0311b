"""Structure of a draft: detecting Phần/Mục/Điều and numbered paragraphs in plain lines or a DOCX
file, and carrying paragraph ids over from one version to the next."""

import io
import re
from dataclasses import dataclass

from chuyende.common import paragraphs

from .enums import BlockKind

_ROMAN = r"[IVXLC]+"
_PATTERNS = [
    (BlockKind.PART, re.compile(rf"^(Phần\s+(?:thứ\s+\w+|{_ROMAN}|\d+))\b[.:]?\s*", re.IGNORECASE)),
    (BlockKind.SECTION, re.compile(rf"^(Mục\s+(?:{_ROMAN}|\d+)|{_ROMAN}\.)[.:]?\s*", re.IGNORECASE)),
    (BlockKind.ARTICLE, re.compile(r"^(Điều\s+\d+)[.:]?\s*", re.IGNORECASE)),
    (BlockKind.PARAGRAPH, re.compile(r"^(\d+(?:\.\d+)*[.)]|[a-zđ]\)|[-–•+])\s+")),
]


def printed_label(label: str) -> str:
    """The number as a document prints it: "Điều 1" → "Điều 1.", "Phần thứ hai" → "Phần thứ hai.";
    "I.", "1.", "a)" and "-" stay as they are. The label is stored without the dot so that a draft
    typed "Điều 1:" and one typed "Điều 1." are the same article."""
    label = label.strip()
    if not label or label[-1] in ".)" or label in "-–•+":
        return label
    return f"{label}."


@dataclass
class ParsedBlock:
    kind: str
    label: str
    text: str
    uid: str = ""


def classify(line: str) -> ParsedBlock:
    """One line of a draft as a block: its level, its number (label) and the rest of the text."""
    line = " ".join(line.split())
    for kind, pattern in _PATTERNS:
        match = pattern.match(line)
        if match:
            rest = line[match.end() :].strip()
            return ParsedBlock(kind, match.group(1), rest or match.group(1))
    return ParsedBlock(BlockKind.PARAGRAPH, "", line)


# Lines of a pasted or imported official document that are its frame, not its content: they
# must never become commentable paragraphs (the issued resolution gets its own frame from the
# documents engine). Kinds are the reasons shown in the structure preview.
FRAME_LETTERHEAD = "letterhead"
FRAME_DRAFT_MARK = "draft_mark"
FRAME_TITLE = "title"
FRAME_SIGNATURE = "signature"
FRAME_RECIPIENTS = "recipients"

_LETTERHEAD = re.compile(
    r"^(ĐẢNG CỘNG SẢN VIỆT NAM|ĐẢNG BỘ|ĐẢNG [UỦ]Y|CHI BỘ|BAN THƯỜNG VỤ|BAN CHẤP HÀNH|TỈNH [UỦ]Y|"
    r"THÀNH [UỦ]Y|HUYỆN [UỦ]Y|[ĐD]ẢNG [UỦ]Y)|^[*_\-–—=.\s]+$|^Số[:\s]+\S*\d|^Số[:\s]+\S+[-/]\S+|"
    r",\s*ngày\s+(\d+|\.+|…+)\s+tháng\s+(\d+|\.+|…+)\s+năm\s+\d{4}"
)
_DRAFT_MARK = re.compile(r"^\(?\s*DỰ THẢO\b[^)]{0,40}\)?$", re.IGNORECASE)
_TITLE = re.compile(
    r"^(NGHỊ QUYẾT|KẾ HOẠCH|BÁO CÁO|THÔNG BÁO|QUYẾT ĐỊNH|CHỈ THỊ|KẾT LUẬN|HƯỚNG DẪN|CHƯƠNG TRÌNH)$"
)
_SIGNATURE = re.compile(r"^(T/M|TM\.|K/T|KT\.|T/L|TL\.|T/U|TUQ\.)\s*\S|^(PHÓ )?BÍ THƯ$")
_RECIPIENTS = re.compile(r"^Nơi nhận\b", re.IGNORECASE)


@dataclass
class FrameLine:
    """A line left out of the commentable text, with the reason (one of the FRAME_* kinds)."""

    kind: str
    text: str


@dataclass
class Analysis:
    blocks: list[ParsedBlock]
    frame: list[FrameLine]


def _is_caps(line: str) -> bool:
    letters = [c for c in line if c.isalpha()]
    return bool(letters) and all(c.isupper() for c in letters)


def analyse_lines(lines) -> Analysis:
    """Splits a document into its commentable blocks and its frame: the letterhead, number, place
    and date, "DỰ THẢO" and the type line before the first content line; everything from the first
    signature line ("T/M …", "KT. …") or "Nơi nhận" to the end (position, name, recipients)."""
    rows = [" ".join(line.split()) for line in lines if line and line.strip()]
    blocks: list[ParsedBlock] = []
    frame: list[FrameLine] = []
    in_head, after_title = True, False
    for index, line in enumerate(rows):
        if _SIGNATURE.match(line) or _RECIPIENTS.match(line):
            kind = FRAME_SIGNATURE
            for tail_line in rows[index:]:
                if _RECIPIENTS.match(tail_line):
                    kind = FRAME_RECIPIENTS
                elif _SIGNATURE.match(tail_line):
                    kind = FRAME_SIGNATURE
                frame.append(FrameLine(kind, tail_line))
            break
        if in_head:
            if _DRAFT_MARK.match(line):
                frame.append(FrameLine(FRAME_DRAFT_MARK, line))
                continue
            if _TITLE.match(line):
                frame.append(FrameLine(FRAME_TITLE, line))
                after_title = True
                continue
            if after_title and line[:3].lower() == "về ":
                frame.append(FrameLine(FRAME_TITLE, line))
                after_title = False
                continue
            block = classify(line)
            if not block.label and (_LETTERHEAD.search(line) or (_is_caps(line) and len(line) < 120)):
                frame.append(FrameLine(FRAME_LETTERHEAD, line))
                continue
            in_head = False
        if re.fullmatch(r"[*_\-–—=.\s]+", line):
            continue  # a rule or a star between blocks carries no content
        blocks.append(classify(line))
    return Analysis(blocks, frame)


def parse_lines(lines) -> list[ParsedBlock]:
    """The commentable blocks of a document's lines (its frame left out, see `analyse_lines`)."""
    return analyse_lines(lines).blocks


def block_depths(blocks) -> list[int]:
    """How deep each block sits in the outline, for display: headings by kind (Phần 0, Mục 1,
    Điều 2), "1.1." one level under "1.", "a)" and bullets one level under the numbered paragraph
    before them."""
    heading = {BlockKind.PART: 0, BlockKind.SECTION: 1, BlockKind.ARTICLE: 2}
    depths: list[int] = []
    base, last_numbered = 0, None
    for block in blocks:
        if block.kind in heading:
            base = heading[BlockKind(block.kind)] + 1
            last_numbered = None
            depths.append(heading[BlockKind(block.kind)])
            continue
        label = block.label or ""
        if re.fullmatch(r"\d+(?:\.\d+)*[.)]", label):
            depth = base + label.rstrip(".)").count(".")
            last_numbered = depth
        elif label and last_numbered is not None:
            depth = last_numbered + 1
        else:
            depth = base
        depths.append(depth)
    return depths


def parse_docx(content: bytes) -> list[ParsedBlock]:
    """Blocks of a DOCX file, in order, paragraphs and table cells alike (python-docx)."""
    import docx

    document = docx.Document(io.BytesIO(content))
    lines = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            lines.extend(cell.text for cell in row.cells)
    return parse_lines(lines)


def carry_over_uids(old: list[ParsedBlock], new: list[ParsedBlock]) -> None:
    """Gives each new block without a uid the uid of the old block of the same kind whose number
    and text it carries over, by the paragraph-identity rule shared with papers
    (`chuyende.common.paragraphs`); uids the new blocks already hold are not given again."""
    held = {b.uid for b in new if b.uid}
    free = [j for j, b in enumerate(new) if not b.uid]
    pairs = paragraphs.match(
        [f"{b.label} {b.text}" for b in old],
        [f"{new[j].label} {new[j].text}" for j in free],
        compatible=lambda i, j: old[i].kind == new[free[j]].kind,
        taken=[i for i, b in enumerate(old) if b.uid in held],
    )
    for j, i in pairs.items():
        new[free[j]].uid = old[i].uid

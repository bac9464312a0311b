"""Structure of a draft: detecting Phần/Mục/Điều and numbered paragraphs in plain lines or a DOCX
file, and carrying paragraph ids over from one version to the next."""

import difflib
import io
import re
from dataclasses import dataclass

from chuyende.common.text import search_key

from .enums import BlockKind

_ROMAN = r"[IVXLC]+"
_PATTERNS = [
    (BlockKind.PART, re.compile(rf"^(Phần\s+(?:thứ\s+\w+|{_ROMAN}|\d+))\b[.:]?\s*", re.IGNORECASE)),
    (BlockKind.SECTION, re.compile(rf"^(Mục\s+(?:{_ROMAN}|\d+)|{_ROMAN}\.)[.:]?\s*", re.IGNORECASE)),
    (BlockKind.ARTICLE, re.compile(r"^(Điều\s+\d+)[.:]?\s*", re.IGNORECASE)),
    (BlockKind.PARAGRAPH, re.compile(r"^(\d+(?:\.\d+)*[.)]|[a-zđ]\)|[-–•+])\s+")),
]


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


def parse_lines(lines) -> list[ParsedBlock]:
    return [classify(line) for line in lines if line and line.strip()]


def parse_docx(content: bytes) -> list[ParsedBlock]:
    """Blocks of a DOCX file, in order, paragraphs and table cells alike (python-docx)."""
    import docx

    document = docx.Document(io.BytesIO(content))
    lines = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            lines.extend(cell.text for cell in row.cells)
    return parse_lines(lines)


def _similar(a: str, b: str) -> float:
    return difflib.SequenceMatcher(None, a.split(), b.split(), autojunk=False).ratio()


def carry_over_uids(old: list[ParsedBlock], new: list[ParsedBlock], threshold: float = 0.5) -> None:
    """Gives each new block without a uid the uid of the old block whose text it carries over:
    identical text (after normalization) first, then the most similar block in the same place of
    the sequence alignment when at least `threshold` of its words match."""
    old_keys = [search_key(f"{b.label} {b.text}") for b in old]
    new_keys = [search_key(f"{b.label} {b.text}") for b in new]
    used = {b.uid for b in new if b.uid}
    matcher = difflib.SequenceMatcher(None, old_keys, new_keys, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        pairs: list[tuple[int, int]]
        if op == "equal":
            pairs = list(zip(range(i1, i2), range(j1, j2), strict=True))
        elif op == "replace":
            pairs = []
            for j in range(j1, j2):
                scored = [(_similar(old_keys[i], new_keys[j]), i) for i in range(i1, i2)]
                best, i = max(scored)
                if best >= threshold:
                    pairs.append((i, j))
        else:
            continue
        for i, j in pairs:
            if not new[j].uid and old[i].uid not in used and old[i].kind == new[j].kind:
                new[j].uid = old[i].uid
                used.add(old[i].uid)

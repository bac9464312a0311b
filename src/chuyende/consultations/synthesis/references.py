"""Explicit references in a whole-draft comment: "đoạn 3", "mục 2", "điểm 1.2", "khoản b",
"Điều 2", "phần II" — read against the draft's own numbering, before any lexical matching.

* A heading ("phần II", "mục 2", "Điều 2") names every paragraph under it, up to the next
  heading of the same or a higher level. "Phần thứ hai" and "phần 2" are "Phần II"; a section
  printed "II." is "mục II".
* "đoạn N" (or "đoạn thứ ba") is the N-th paragraph of the heading named with it, or of the
  whole draft; "điểm X"/"khoản X" is the paragraph whose own number is X ("1.2.", "b)").

`resolve` returns the paragraphs a comment names: one paragraph places the comment directly, a
few restrict where the lexical placement may put it, none leaves it to the lexical placement.
Works on `fast_fold` output, so "doan 3" typed without accents reads the same.
"""

import re
from dataclasses import dataclass

from .keys import fast_fold

_LEVEL = {"part": 0, "section": 1, "article": 2}
_HEADING_WORD = {"phan": "part", "muc": "section", "dieu": "article", "chuong": "part"}
_ORDINALS = {
    "nhat": 1, "mot": 1, "hai": 2, "ba": 3, "tu": 4, "bon": 4, "nam": 5, "sau": 6, "bay": 7,
    "tam": 8, "chin": 9, "muoi": 10,
}  # fmt: skip
_ROMAN = {"i": 1, "v": 5, "x": 10, "l": 50, "c": 100}
_NUMBER = r"(\d+|[ivxlc]+\b|thu\s+(?:" + "|".join(_ORDINALS) + r")\b)"
_HEADING = re.compile(r"\b(phan|muc|dieu|chuong)\s+" + _NUMBER)
_NTH = re.compile(r"\bdoan\s+(\d+\b(?!\.\d)|thu\s+(?:" + "|".join(_ORDINALS) + r")\b)")
_ITEM = re.compile(r"\b(?:diem|khoan|tiet|doan)\s+(\d+(?:\.\d+)*|[a-z])\b(?!\s*(?:nam|thang|ngay|%))")


def _number(token: str) -> int | None:
    token = token.strip()
    if token.isdigit():
        return int(token)
    if token.startswith("thu"):
        return _ORDINALS.get(token.split()[-1])
    if set(token) <= set(_ROMAN):
        total, previous = 0, 0
        for char in reversed(token):
            value = _ROMAN[char]
            total += -value if value < previous else value
            previous = max(previous, value)
        return total
    return None


@dataclass(frozen=True)
class Heading:
    uid: str
    kind: str
    number: int | None
    paragraphs: tuple[str, ...]


@dataclass(frozen=True)
class Outline:
    """The draft's numbering: its headings with the paragraphs under each, every paragraph in
    order, and each paragraph's own number ("1.2", "b")."""

    headings: tuple[Heading, ...]
    paragraphs: tuple[str, ...]
    labels: dict[str, str]


def _label_key(label: str) -> str:
    return fast_fold(label).strip().rstrip(".)").strip()


def _heading_number(kind: str, label: str) -> int | None:
    folded = fast_fold(label).rstrip(".:").strip()
    words = folded.split(maxsplit=1)
    if words and words[0] in _HEADING_WORD and len(words) == 2:
        return _number(words[1])
    return _number(folded) if folded else None


def outline_of(blocks: list[tuple[str, str, str]]) -> Outline:
    """(uid, kind, label) of the consulted version's blocks in position order → its `Outline`."""
    headings: list[tuple[str, str, int | None, list[str]]] = []
    open_: list[tuple[int, list[str]]] = []  # (level, paragraph list) of the headings still open
    paragraphs: list[str] = []
    labels: dict[str, str] = {}
    for uid, kind, label in blocks:
        if kind in _LEVEL:
            level = _LEVEL[kind]
            open_ = [(lv, members) for lv, members in open_ if lv < level]
            members: list[str] = []
            headings.append((uid, kind, _heading_number(kind, label), members))
            open_.append((level, members))
        else:
            paragraphs.append(uid)
            if label and label not in "-–•+":
                labels[uid] = _label_key(label)
            for _, members in open_:
                members.append(uid)
    return Outline(
        headings=tuple(Heading(uid, kind, number, tuple(m)) for uid, kind, number, m in headings),
        paragraphs=tuple(paragraphs),
        labels=labels,
    )


def resolve(text: str, outline: Outline) -> tuple[str, ...]:
    """The paragraphs the comment names explicitly (empty when it names none the draft has)."""
    key = fast_fold(text)
    if not any(word in key for word in ("doan", "muc", "diem", "khoan", "dieu", "phan", "tiet", "chuong")):
        return ()
    scope: tuple[str, ...] = outline.paragraphs
    named_heading = False
    for word, token in _HEADING.findall(key):
        number = _number(token)
        kind = _HEADING_WORD[word]
        found = [
            h for h in outline.headings if h.kind == kind and h.number == number and h.number is not None
        ]
        inside = [h for h in found if set(h.paragraphs) <= set(scope)] if named_heading else found
        if len(inside) == 1:
            scope, named_heading = inside[0].paragraphs, True
    nth = _NTH.search(key)
    if nth:
        number = _number(nth.group(1))
        if number and number <= len(scope):
            return (scope[number - 1],)
    for token in _ITEM.findall(key):
        matches = [uid for uid in scope if outline.labels.get(uid) == token]
        if len(matches) == 1:
            return (matches[0],)
    return scope if named_heading else ()

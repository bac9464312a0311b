"""Differences between two versions of a paper: paragraph by paragraph (stable ids say which
paragraph became which), and word by word inside a changed paragraph."""

from dataclasses import dataclass, field

from chuyende.common.worddiff import word_diff


@dataclass
class ParagraphDiff:
    status: str  # "same", "changed", "added", "removed"
    anchor: str
    old: str = ""
    new: str = ""
    segments: list[tuple[str, str]] = field(default_factory=list)  # (op, text): equal/insert/delete


def diff_paragraphs(old: list[tuple[str, str]], new: list[tuple[str, str]]) -> list[ParagraphDiff]:
    """`old`/`new` are (anchor, text) lists in reading order. Removed paragraphs are shown where
    they stood, right after the paragraph that preceded them in the old version."""
    old_text = dict(old)
    new_anchors = {anchor for anchor, _ in new}
    removed_after: dict[str | None, list[str]] = {}
    previous: str | None = None
    for anchor, _text in old:
        if anchor not in new_anchors:
            removed_after.setdefault(previous, []).append(anchor)
        else:
            previous = anchor
    rows = [ParagraphDiff("removed", a, old=old_text[a]) for a in removed_after.get(None, [])]
    for anchor, text in new:
        if anchor not in old_text:
            rows.append(ParagraphDiff("added", anchor, new=text))
        elif old_text[anchor] == text:
            rows.append(ParagraphDiff("same", anchor, old=text, new=text))
        else:
            before = old_text[anchor]
            rows.append(ParagraphDiff("changed", anchor, before, text, word_diff(before, text)))
        rows.extend(ParagraphDiff("removed", a, old=old_text[a]) for a in removed_after.get(anchor, []))
    return rows

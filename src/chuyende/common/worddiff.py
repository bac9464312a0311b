"""Word-by-word difference between two versions of a paragraph, shared by papers and drafts.

Words are compared after NFC, so a paragraph retyped with decomposed Vietnamese letters (NFD) is
not a change. Each segment is (op, text) with op in "equal", "delete", "insert"; the text keeps
the white space after each word, so joining the segments reads naturally (an equal run and an
insertion read as the new text, a deletion as the old one). With `keep_spaces=False` each
segment is its words joined by one space (the form the draft diff API has always returned).
"""

import re
import unicodedata
from difflib import SequenceMatcher

_WORD = re.compile(r"\S+\s*")


def _tokens(text: str) -> tuple[list[str], list[str]]:
    """(words, words with the white space that follows them); leading space is dropped."""
    pieces = _WORD.findall(unicodedata.normalize("NFC", text))
    return [piece.rstrip() for piece in pieces], pieces


def word_diff(old: str, new: str, *, keep_spaces: bool = True) -> list[tuple[str, str]]:
    """Segments turning `old` into `new`."""
    old_words, old_pieces = _tokens(old)
    new_words, new_pieces = _tokens(new)
    segments: list[tuple[str, str]] = []

    def add(op: str, words: list[str], pieces: list[str]) -> None:
        segments.append((op, "".join(pieces) if keep_spaces else " ".join(words)))

    matcher = SequenceMatcher(None, old_words, new_words, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            add("equal", new_words[j1:j2], new_pieces[j1:j2])
            continue
        if i2 > i1:
            add("delete", old_words[i1:i2], old_pieces[i1:i2])
        if j2 > j1:
            add("insert", new_words[j1:j2], new_pieces[j1:j2])
    return segments

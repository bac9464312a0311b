"""Paragraph identities across versions of a text, shared by papers and draft resolutions.

When a new version of a text replaces an old one, each new paragraph takes the identity of the old
paragraph it carries over from, so comments stay attached to it: first an identical text (after
NFC), then the same words under `search_key` (NFC/NFD, tone placement, case, spacing), then the
most similar remaining old paragraph when at least `SIMILARITY_THRESHOLD` of their words match
(difflib's ratio over `search_key` words, best ratio first, the nearer position on a tie). A
paragraph may move anywhere and keep its identity; each old paragraph is used at most once; a new
paragraph with no counterpart gets none (the caller gives it a fresh one).

Pure functions over lists of strings: the apps keep their own block types and call `match`.
"""

import unicodedata
from collections.abc import Callable, Sequence
from difflib import SequenceMatcher

from .text import search_key

# 0.6, not 0.5: the ratio is 2·M/(len(a)+len(b)) over Vietnamese syllables, and two paragraphs on
# the same subject share many short syllables ("công", "tác", "của", "và", "đảng", "viên") without
# being the same paragraph. Matching may pair any two paragraphs wherever they stand (a moved
# paragraph keeps its identity), so nothing else guards against a wrong pairing; at 0.5 a
# paragraph rewritten for the most part would still inherit the old one's comments. At 0.6 a
# paragraph keeps its identity through a reworded clause or an added sentence (both apps' tests).
SIMILARITY_THRESHOLD = 0.6


def similarity(old: str, new: str) -> float:
    """How much of their words two texts share, in order (0 … 1), spelling variants folded."""
    return SequenceMatcher(None, search_key(old).split(), search_key(new).split(), autojunk=False).ratio()


def match(
    old: Sequence[str],
    new: Sequence[str],
    *,
    compatible: Callable[[int, int], bool] | None = None,
    taken: Sequence[int] = (),
    threshold: float = SIMILARITY_THRESHOLD,
) -> dict[int, int]:
    """Which old paragraph each new paragraph carries over from: {new index: old index}.

    `compatible(old_index, new_index)` may forbid a pairing (e.g. a heading never becomes a
    paragraph); `taken` are old indexes that are already spoken for and must not be used."""
    nfc_old = [unicodedata.normalize("NFC", text).strip() for text in old]
    nfc_new = [unicodedata.normalize("NFC", text).strip() for text in new]
    unused = {i: True for i in range(len(old)) if i not in set(taken)}
    result: dict[int, int] = {}

    def allowed(i: int, j: int) -> bool:
        return compatible is None or compatible(i, j)

    keys_old = [search_key(text) for text in nfc_old]
    keys_new = [search_key(text) for text in nfc_new]
    # 1. identical text, 2. the same words under search_key: the first unused old one, in order
    for old_texts, new_texts in ((nfc_old, nfc_new), (keys_old, keys_new)):
        for j in range(len(new)):
            if j in result:
                continue
            for i in unused:
                if old_texts[i] == new_texts[j] and allowed(i, j):
                    result[j] = i
                    del unused[i]
                    break
    # 3. the most similar, above the threshold
    candidates = []
    words_old = [key.split() for key in keys_old]
    for j in range(len(new)):
        if j in result:
            continue
        matcher = SequenceMatcher(None, autojunk=False)
        matcher.set_seq2(keys_new[j].split())
        for i in unused:
            if not allowed(i, j):
                continue
            matcher.set_seq1(words_old[i])
            # The quick upper bounds skip most pairs of a wholly new text without changing the result.
            if matcher.real_quick_ratio() < threshold or matcher.quick_ratio() < threshold:
                continue
            ratio = matcher.ratio()
            if ratio >= threshold:
                candidates.append((-ratio, abs(j - i), j, i))
    for _ratio, _distance, j, i in sorted(candidates):
        if j not in result and i in unused:
            result[j] = i
            del unused[i]
    return result

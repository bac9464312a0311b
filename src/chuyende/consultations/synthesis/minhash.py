"""Near-duplicate detection with MinHash and locality-sensitive hashing, in pure Python.

Texts are first folded (`chuyende.common.text.fold`: NFC/NFD, case, every diacritic and đ→d), so
spelling variants compare equal. Each text becomes a set of word shingles (pairs of consecutive
words, or single words for a one-word text), hashed once with CRC-32. The signature uses
one-permutation hashing: each shingle hash falls into one of `BINS` bins by its low bits and the
bin keeps its smallest value; empty bins borrow from the next non-empty bin (densification). That
costs one hash per shingle instead of one per shingle and permutation, which is what makes a
million comments fit in a couple of minutes without numpy.

LSH cuts the signature into `BANDS` bands of `ROWS` bins; two texts sharing one band are
candidates, confirmed when at least `THRESHOLD` of their bins agree (an estimate of their
Jaccard similarity).
"""

import hashlib
import zlib
from array import array

BINS = 32
BANDS = 8
ROWS = BINS // BANDS
THRESHOLD = 0.5
_EMPTY = 0xFFFFFFFF
_SHIFT = 5  # log2(BINS)


def digest(folded: str) -> str:
    return hashlib.blake2b(folded.encode(), digest_size=16).hexdigest()


def shingles(folded: str) -> set[int]:
    words = folded.split()
    if len(words) < 2:
        return {zlib.crc32(w.encode()) for w in words}
    return {zlib.crc32(f"{a} {b}".encode()) for a, b in zip(words, words[1:], strict=False)}


def signature(folded: str) -> array:
    """A BINS-long MinHash signature of the folded text."""
    sig = array("I", [_EMPTY]) * BINS
    for h in shingles(folded):
        mixed = (h * 2654435761) & 0xFFFFFFFF  # spread the low bits before choosing a bin
        b = mixed & (BINS - 1)
        value = mixed >> _SHIFT
        if value < sig[b]:
            sig[b] = value
    if _EMPTY in sig:
        original = sig.tolist()
        if all(v == _EMPTY for v in original):
            return sig
        for i in range(BINS):
            if original[i] == _EMPTY:
                distance = 1
                while original[(i + distance) % BINS] == _EMPTY:
                    distance += 1
                sig[i] = (original[(i + distance) % BINS] + distance * 0x9E3779B1) & 0x7FFFFFFF
    return sig


def similarity(a: array, b: array) -> float:
    return sum(1 for x, y in zip(a, b, strict=True) if x == y) / BINS


def band_keys(sig: array) -> list[bytes]:
    raw = sig.tobytes()
    width = ROWS * sig.itemsize
    return [bytes([band]) + raw[band * width : (band + 1) * width] for band in range(BANDS)]


class UnionFind:
    def __init__(self, size: int):
        self.parent = list(range(size))

    def find(self, x: int) -> int:
        parent = self.parent
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    def union(self, a: int, b: int) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


def cluster(signatures: list[array], scopes: list[str]) -> list[int]:
    """Cluster root index of each signature; only signatures of the same scope (the comment's
    target) are ever compared."""
    sets = UnionFind(len(signatures))
    buckets: dict[tuple[str, bytes], int] = {}
    for index, sig in enumerate(signatures):
        scope = scopes[index]
        for key in band_keys(sig):
            first = buckets.setdefault((scope, key), index)
            if (
                first != index
                and sets.find(first) != sets.find(index)
                and similarity(signatures[first], sig) >= THRESHOLD
            ):
                sets.union(first, index)
    return [sets.find(i) for i in range(len(signatures))]

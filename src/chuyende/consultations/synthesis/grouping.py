"""Grouping comments: exact duplicates after folding first (free), then MinHash/LSH on the
distinct texts. Pure functions over plain tuples; the task feeds them rows from the database."""

import re
from array import array
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from chuyende.common.text import fold

from .minhash import cluster, digest, signature

# Lead-ins that carry no content: "Tôi đề nghị …" and "Đề nghị …" propose the same thing.
_OPENERS = re.compile(
    r"^(?:(?:toi|chung toi|chi bo(?: thong nhat)?|kinh|theo toi)\s+)?(?:de nghi|kien nghi|nen)"
    r"(?:\s+ban soan thao)?\s+|^theo toi(?:\s+nen)?\s+"
)


def content_key(text: str) -> str:
    """The folded text without its lead-in and punctuation: what near-duplicates are compared on."""
    folded = _PUNCTUATION.sub(" ", fold(text))
    return _OPENERS.sub("", " ".join(folded.split()))


_PUNCTUATION = re.compile(r"[^\w\s]")


@dataclass
class Group:
    scope: str
    comment_ids: list[int]
    representative_id: int
    representative_text: str


def group_comments(
    rows: Iterable[tuple[int, str, str]],
    cached: Callable[[list[str]], dict[str, array]] = lambda digests: {},
    on_new_signature: Callable[[str, array], None] = lambda d, s: None,
    progress: Callable[[float], None] = lambda fraction: None,
) -> list[Group]:
    """Groups (comment id, scope, text) rows: comments are compared only within one scope (the
    target paragraph or section). `cached` returns known signatures by digest; new ones are
    reported to `on_new_signature`. Groups come out largest first; every comment is in exactly one.

    The representative of a group is the text of its distinct variant sent most often (ties: the
    earliest comment), so the reviewer reads what most members wrote."""
    variants: dict[tuple[str, str], list[int]] = {}
    first_text: dict[tuple[str, str], str] = {}
    digests: dict[str, str] = {}  # identical raw texts (very common) are folded once
    for comment_id, scope, text in rows:
        text_digest = digests.get(text)
        if text_digest is None:
            text_digest = digests[text] = digest(content_key(text))
        key = (scope, text_digest)
        ids = variants.get(key)
        if ids is None:
            variants[key] = [comment_id]
            first_text[key] = text
        else:
            ids.append(comment_id)
    keys = list(variants)
    progress(0.2)
    known = cached(sorted({d for _, d in keys}))
    signatures = []
    for index, (scope, text_digest) in enumerate(keys):
        sig = known.get(text_digest)
        if sig is None:
            sig = signature(content_key(first_text[(scope, text_digest)]))
            known[text_digest] = sig
            on_new_signature(text_digest, sig)
        signatures.append(sig)
        if index % 20000 == 0:
            progress(0.2 + 0.5 * index / max(len(keys), 1))
    progress(0.7)
    roots = cluster(signatures, [scope for scope, _ in keys])
    members: dict[int, list[int]] = {}
    for index, root in enumerate(roots):
        members.setdefault(root, []).append(index)
    groups = []
    for variant_indexes in members.values():
        best = max(variant_indexes, key=lambda i: (len(variants[keys[i]]), -min(variants[keys[i]])))
        ids = sorted(cid for i in variant_indexes for cid in variants[keys[i]])
        best_ids = variants[keys[best]]
        groups.append(Group(keys[best][0], ids, min(best_ids), first_text[keys[best]]))
    groups.sort(key=lambda g: (-len(g.comment_ids), g.representative_id))
    progress(0.8)
    return groups


def purity_and_completeness(predicted: list[list[int]], labels: dict[int, str]) -> tuple[float, float]:
    """Purity: share of comments whose group's majority label is theirs. Completeness: share of
    comments that sit in the group holding most of their label."""
    total = sum(len(g) for g in predicted)
    pure = 0
    best_share: dict[str, int] = {}
    for group in predicted:
        counts: dict[str, int] = {}
        for comment_id in group:
            counts[labels[comment_id]] = counts.get(labels[comment_id], 0) + 1
        pure += max(counts.values())
        for label, n in counts.items():
            best_share[label] = max(best_share.get(label, 0), n)
    return pure / total, sum(best_share.values()) / total

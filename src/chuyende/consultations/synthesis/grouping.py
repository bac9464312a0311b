"""Grouping comments by idea. Pure functions over plain tuples; `run.py` feeds them database rows.

1. Near-copies fold first: comments of one target and stance with the same `content_key` are one
   variant (free, and most of a big consultation).
2. Each paragraph's variants are clustered by stance (`ideas.cluster`): paraphrases meet,
   different stances never, and discriminating tokens (a number, a frequency, widen/narrow, the
   people concerned…) forbid a merge.
3. Comments on the whole draft or a section are placed: a variant close to an idea already on a
   paragraph joins it; the others are clustered among themselves and the paragraph their group
   talks about (by its words against the paragraph's text) is suggested. Either way the comment
   keeps its own target and the group records the suggested paragraph for the office to confirm.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import numpy as np

from . import ideas
from .keys import content_key, discriminators, feature_text

__all__ = ["Group", "content_key", "group_comments", "purity_and_completeness", "shard_of"]

DRAFT = "draft"
PARAGRAPH_TEXT_MIN = 0.12  # cosine to a paragraph's own text before it is suggested
PLACE_THRESHOLD = 0.75  # stricter than clustering: a wrong paragraph costs the clerk more
TOP_VARIANTS = 8
PLACE_SAMPLE = 400  # variants of a paragraph that whole-draft comments are placed against
CAMPAIGN_BASES = 12  # candidate base texts tried when looking for a campaign in a group  # variants of a paragraph idea that stand for it when placing draft comments


@dataclass
class Variant:
    scope: str
    stance: str
    key: str
    ids: list[int]
    text: str
    sig: tuple = ()
    place: str = ""  # the paragraph a whole-draft or section variant was placed on

    @property
    def where(self) -> str:
        return self.place or self.scope

    @property
    def weight(self) -> int:
        return len(self.ids)


@dataclass
class Group:
    scope: str  # a paragraph uid, or "section:<uid>" / "draft" when no paragraph was found
    stance: str
    comment_ids: list[int]
    representative_id: int
    representative_text: str
    placed_ids: list[int] = field(default_factory=list)  # whole-draft/section comments placed here
    campaign: int = 0  # comments that are one text with a name inserted
    campaign_text: str = ""


def is_paragraph(scope: str) -> bool:
    return scope != DRAFT and not scope.startswith("section:")


def shard_of(scope: str) -> str:
    """The unit of parallel work: one paragraph, or the whole-draft remainder."""
    return scope if is_paragraph(scope) else DRAFT


def _well_written(text: str) -> bool:
    """Typed with its diacritics and not all in capitals."""
    return not text.isascii() and not text.isupper()


def fold_variants(
    rows: Iterable[tuple[int, str, str, str]] | dict[tuple[str, str, str], list[int]],
) -> list[Variant]:
    """(comment id, scope, stance, text) rows → variants of near-copies, keyed by scope, stance and
    content key. The text kept is the first one written with its diacritics, for the reader.
    Rows may come already as exact copies: (scope, stance, text) → comment ids in id order."""
    # Exact copies first, by a hash of the raw text: one dictionary step per comment (copies of
    # one text are the bulk of a big consultation); the key is computed per distinct text.
    copies = rows if isinstance(rows, dict) else exact_copies(rows)
    variants: dict[tuple[str, str, str], Variant] = {}
    for (scope, stance, text), ids in copies.items():
        key = content_key(text)
        variant = variants.get((scope, stance, key))
        if variant is None:
            variants[(scope, stance, key)] = Variant(scope, stance, key, list(ids), text)
        else:
            variant.ids.extend(ids)
            if not _well_written(variant.text) and _well_written(text):
                variant.text = text
    result = list(variants.values())
    sigs: dict[str, tuple] = {}
    for variant in result:
        sig = sigs.get(variant.key)
        if sig is None:
            sig = sigs[variant.key] = discriminators(variant.key)
        variant.sig = sig
    return result


def exact_copies(rows: Iterable[tuple[int, str, str, str]]) -> dict[tuple[str, str, str], list[int]]:
    """(comment id, scope, stance, text) rows → (scope, stance, text) → comment ids, in the rows'
    order: what `fold_variants` takes."""
    copies: dict[tuple[str, str, str], list[int]] = {}
    for comment_id, scope, stance, text in rows:
        found = copies.get((scope, stance, text))
        if found is None:
            copies[(scope, stance, text)] = [comment_id]
        else:
            found.append(comment_id)
    return copies


def _draft_words(text: str) -> frozenset[str]:
    return frozenset(content_key(text).split())


def cluster_variants(variants: Sequence[Variant], draft_text: str = "") -> list[list[Variant]]:
    """Clusters of variants of one shard; only variants of one place and stance are compared.
    The shard is vectorised once (one vocabulary and IDF for the paragraph)."""
    if len(variants) == 1:
        return [list(variants)]
    matrix = ideas.vectorize([feature_text(v.key) for v in variants], _draft_words(draft_text))
    by_part: dict[tuple[str, str], list[int]] = {}
    for index, variant in enumerate(variants):
        by_part.setdefault((variant.where, variant.stance), []).append(index)
    clusters: list[list[Variant]] = []
    for rows in by_part.values():
        if len(rows) == 1:
            clusters.append([variants[rows[0]]])
            continue
        labels = ideas.cluster(
            matrix[rows], [variants[i].weight for i in rows], [variants[i].sig for i in rows]
        )
        found: dict[int, list[Variant]] = {}
        for i, label in zip(rows, labels, strict=True):
            found.setdefault(int(label), []).append(variants[i])
        clusters.extend(found.values())
    return clusters


def place_draft_variants(
    paragraph_clusters: list[list[Variant]],
    draft_variants: Sequence[Variant],
    paragraphs: dict[str, str],
    sections: dict[str, set[str]] | None = None,
) -> list[str]:
    """The paragraph each whole-draft or section variant talks about ("" when none is close
    enough): the paragraph of the nearest idea of the same stance already on a paragraph
    (average similarity within `ideas.THRESHOLD`, no clashing discriminators), else the
    paragraph whose own text is nearest (at least `PARAGRAPH_TEXT_MIN`)."""
    sections = sections or {}
    if not draft_variants:
        return []
    standing = [sorted(c, key=lambda v: -v.weight)[:TOP_VARIANTS] for c in paragraph_clusters]
    uids = list(paragraphs)
    texts = [feature_text(v.key) for c in standing for v in c]
    texts += [feature_text(v.key) for v in draft_variants]
    texts += [feature_text(content_key(paragraphs[uid])) for uid in uids]
    matrix = ideas.vectorize(texts, frozenset())
    sig_index, clash = ideas._signature_index(
        [v.sig for c in standing for v in c] + [v.sig for v in draft_variants]
    )
    n_standing = sum(len(c) for c in standing)
    draft_rows = matrix[n_standing : n_standing + len(draft_variants)]
    draft_sigs = sig_index[n_standing:]
    placed = [""] * len(draft_variants)
    if n_standing:
        labels = np.repeat(np.arange(len(standing)), [len(c) for c in standing])
        centroids = ideas.centroids_of(matrix[:n_standing], labels, len(standing))
        members: list[set[int]] = [set() for _ in standing]
        for label, sig in zip(labels, sig_index[:n_standing], strict=True):
            members[label].add(int(sig))
        parts: dict[tuple[str, str], list[int]] = {}
        for i, variant in enumerate(draft_variants):
            parts.setdefault((variant.stance, variant.scope), []).append(i)
        for (stance, scope), rows in parts.items():
            allowed = [j for j, c in enumerate(standing)
                       if c[0].stance == stance and _within(scope, c[0].scope, sections)]  # fmt: skip
            if not allowed:
                continue
            picks = ideas.assign(draft_rows[rows], draft_sigs[rows], centroids[allowed],
                                 [members[j] for j in allowed], clash, PLACE_THRESHOLD)  # fmt: skip
            for i, pick in zip(rows, picks, strict=True):
                if pick >= 0:
                    placed[i] = standing[allowed[pick]][0].scope
    if uids:
        similarity = (draft_rows @ matrix[n_standing + len(draft_variants) :].T).toarray()
        for i, variant in enumerate(draft_variants):
            if placed[i]:
                continue
            candidates = [j for j, uid in enumerate(uids) if _within(variant.scope, uid, sections)]
            if candidates:
                best = max(candidates, key=lambda j: similarity[i, j])
                if similarity[i, best] >= PARAGRAPH_TEXT_MIN:
                    placed[i] = uids[best]
    return placed


def _within(scope: str, uid: str, sections: dict[str, set[str]]) -> bool:
    if scope.startswith("section:") and scope[8:] in sections:
        return uid in sections[scope[8:]]
    return True


def _split_around(words: list[str], base: list[str]) -> tuple[int, int]:
    """Lengths of the common prefix and (non-overlapping) common suffix of two word lists."""
    limit = min(len(words), len(base))
    prefix = 0
    while prefix < limit and words[prefix] == base[prefix]:
        prefix += 1
    suffix = 0
    while suffix < limit - prefix and words[-1 - suffix] == base[-1 - suffix]:
        suffix += 1
    return prefix, suffix


def _campaign(variants: list[Variant]) -> tuple[int, str]:
    """Comments that are one text with a short name inserted (a cell, a member): variants sharing
    a long prefix and suffix with one base text and differing by a few whole words in between (a
    typo changes one word a little; a name is other words). The base is the most frequent
    variant that frames the most copies. Returns their count and the text with "…" where the
    names go, or (0, "") below three different names."""
    if len(variants) < 3:
        return 0, ""
    best = (0, "")
    for base_variant in sorted(variants, key=lambda v: -v.weight)[:CAMPAIGN_BASES]:
        found = _copies_of(base_variant, variants)
        if found[0] > best[0]:
            best = found
    return best


def _copies_of(base_variant: Variant, variants: list[Variant]) -> tuple[int, str]:
    base = base_variant.key.split()
    copies, names, edges = base_variant.weight, set(), []
    for variant in variants:
        words = variant.key.split()
        if words == base:
            continue
        prefix, suffix = _split_around(words, base)
        middle, base_middle = words[prefix : len(words) - suffix], base[prefix : len(base) - suffix]
        if prefix + suffix < max(6, 0.7 * len(base)) or not 0 < len(middle) <= 6 or not base_middle:
            continue
        if len(middle) == len(base_middle) == 1 and _close(middle[0], base_middle[0]):
            continue  # a typo, not a name
        copies += variant.weight
        names.add(" ".join(middle))
        edges.append((prefix, suffix))
    if len(names) < 2:
        return 0, ""
    prefix = min(e[0] for e in edges)
    suffix = min(e[1] for e in edges)
    return copies, " ".join([*base[:prefix], "…", *base[len(base) - suffix :]])


def _close(a: str, b: str) -> bool:
    return len(set(a) ^ set(b)) <= 2 and abs(len(a) - len(b)) <= 2


def make_group(variants: list[Variant]) -> Group:
    """The group of these variants: representative = the variant most comments wrote (ties: the
    earliest comment); `placed_ids` are the comments on the whole draft placed on its paragraph."""
    best = max(variants, key=lambda v: (v.weight, -min(v.ids)))
    campaign, template = _campaign(variants)
    return Group(
        scope=variants[0].where, stance=variants[0].stance,
        comment_ids=sorted(cid for v in variants for cid in v.ids), representative_id=min(best.ids),
        representative_text=best.text, placed_ids=sorted(cid for v in variants if v.place for cid in v.ids),
        campaign=campaign, campaign_text=template,
    )  # fmt: skip


def group_comments(
    rows: Iterable[tuple],
    paragraphs: dict[str, str] | None = None,
    sections: dict[str, set[str]] | None = None,
) -> list[Group]:
    """Groups (comment id, scope, stance, text) rows — (id, scope, text) rows count as one stance.
    `paragraphs` maps a paragraph uid to its text (the draft's vocabulary, and where whole-draft
    comments may go); `sections` maps a section uid to its paragraph uids. Every comment is in
    exactly one group; groups come out largest first."""
    paragraphs = paragraphs or {}
    normal = ((r[0], r[1], "", r[2]) if len(r) == 3 else r for r in rows)
    by_shard: dict[str, list[Variant]] = {}
    for variant in fold_variants(normal):
        by_shard.setdefault(shard_of(variant.scope), []).append(variant)
    draft = by_shard.pop(DRAFT, [])
    first_pass = [c for shard, members in by_shard.items()
                  for c in cluster_variants(members, paragraphs.get(shard, ""))]  # fmt: skip
    for variant, uid in zip(
        draft, place_draft_variants(first_pass, draft, paragraphs, sections), strict=True
    ):
        variant.place = uid
        by_shard.setdefault(shard_of(variant.where), []).append(variant)
    clusters = [c for shard, members in by_shard.items()
                for c in cluster_variants(members, paragraphs.get(shard, ""))]  # fmt: skip
    return finish(clusters)


def sample_ideas(by_shard: dict[str, list[Variant]], paragraphs: dict[str, str]) -> list[list[Variant]]:
    """The ideas of the `PLACE_SAMPLE` most frequent variants of every paragraph: what whole-draft
    variants are placed against (`place_draft_variants`), the same sample the sharded run reads.
    Only the `TOP_VARIANTS` standing for each idea are kept, as `place_draft_variants` reads them."""
    first_pass = [
        c for shard, members in by_shard.items()
        for c in cluster_variants(sorted(members, key=lambda v: -v.weight)[:PLACE_SAMPLE], paragraphs.get(shard, ""))
    ]  # fmt: skip
    return [sorted(c, key=lambda v: -v.weight)[:TOP_VARIANTS] for c in first_pass]


def assign_new(
    variants: Sequence[Variant], standing: Sequence[tuple[int, str, list[str]]], draft_text: str = ""
) -> tuple[dict[int, list[int]], list[Variant]]:
    """New variants against existing groups given as (group id, stance, texts standing for it):
    comment ids joining each group, and the variants that join none."""
    if not variants or not standing:
        return {}, list(variants)
    group_texts = [(i, content_key(t)) for i, (_, _, texts) in enumerate(standing) for t in texts]
    matrix = ideas.vectorize(
        [feature_text(k) for _, k in group_texts] + [feature_text(v.key) for v in variants],
        _draft_words(draft_text),
    )
    sig_index, clash = ideas._signature_index(
        [discriminators(k) for _, k in group_texts] + [v.sig for v in variants]
    )
    n = len(group_texts)
    labels = np.array([i for i, _ in group_texts])
    centroids = ideas.centroids_of(matrix[:n], labels, len(standing))
    members: list[set[int]] = [set() for _ in standing]
    for label, sig in zip(labels, sig_index[:n], strict=True):
        members[label].add(int(sig))
    joined: dict[int, list[int]] = {}
    left: list[Variant] = []
    by_stance: dict[str, list[int]] = {}
    for i, variant in enumerate(variants):
        by_stance.setdefault(variant.stance, []).append(i)
    for stance, rows in by_stance.items():
        allowed = [j for j, (_, s, _) in enumerate(standing) if s == stance]
        picks = (ideas.assign(matrix[[n + i for i in rows]], sig_index[[n + i for i in rows]], centroids[allowed],
                              [members[j] for j in allowed], clash) if allowed else [-1] * len(rows))  # fmt: skip
        for i, pick in zip(rows, picks, strict=True):
            if pick >= 0:
                joined.setdefault(standing[allowed[pick]][0], []).extend(variants[i].ids)
            else:
                left.append(variants[i])
    return joined, left


def finish(clusters: list[list[Variant]]) -> list[Group]:
    """Groups of the clusters, largest first."""
    groups = [make_group(cluster) for cluster in clusters]
    groups.sort(key=lambda g: (-len(g.comment_ids), g.representative_id))
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

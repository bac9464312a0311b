"""Counts of a consultation, computed by the database (never by loading comments into Python).

Counting rule: each active comment counts once, whatever its channel; `agreeing` adds up the
members who agreed with comments recorded on behalf of a cell, shown beside the count."""

from django.db.models import Count, Max, Sum

from ..enums import CommentStatus
from ..models import Comment, Consultation

DIMENSIONS = {
    "paragraph": "block_uid",
    "section": "section_uid",
    "channel": "channel",
    "cell": "cell_id",
    "stance": "stance",
}


def comment_counts(consultation: Consultation) -> dict:
    """{"total": n, "agreeing": m, "<dimension>": [[key, count, agreeing], …]} for each dimension."""
    return counts_and_shards(consultation, shards=False)[0]


def counts_and_shards(consultation: Consultation, shards: bool = True) -> tuple[dict, dict[str, list[int]]]:
    """`comment_counts`, and with `shards` the synthesis fingerprint of each shard — [active
    comments, highest id] per paragraph (a comment's own, else its suggested one) or "draft" —
    from the same single grouped scan."""
    active = Comment.objects.filter(consultation=consultation, status=CommentStatus.ACTIVE)
    result: dict = {"total": 0, "agreeing": 0}
    fingerprints: dict[str, list[int]] = {}
    # One grouped scan for every dimension (not one per dimension): the combinations are few
    # next to the comments, and each dimension is summed from them.
    sums: dict[str, dict] = {name: {} for name in DIMENSIONS}
    fields = list(DIMENSIONS.values()) + (["suggested_block_uid"] if shards else [])
    combined = (
        active.order_by()
        .values(*fields)
        .annotate(n=Count("id"), agreeing=Sum("agreeing_members"), top=Max("id"))
    )
    for row in combined.iterator(chunk_size=10_000):
        result["total"] += row["n"]
        result["agreeing"] += row["agreeing"] or 0
        if shards:
            entry = fingerprints.setdefault(row["block_uid"] or row["suggested_block_uid"] or "draft", [0, 0])
            entry[0] += row["n"]
            entry[1] = max(entry[1], row["top"])
        for name, field in DIMENSIONS.items():
            key = row[field]
            if key in ("", None):
                continue
            entry = sums[name].setdefault(key, [key, 0, 0])
            entry[1] += row["n"]
            entry[2] += row["agreeing"] or 0
    for name in DIMENSIONS:
        result[name] = [sums[name][key] for key in sorted(sums[name])]
    return result, fingerprints

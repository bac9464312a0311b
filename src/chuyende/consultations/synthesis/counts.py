"""Counts of a consultation, computed by the database (never by loading comments into Python).

Counting rule: each active comment counts once, whatever its channel; `agreeing` adds up the
members who agreed with comments recorded on behalf of a cell, shown beside the count."""

from django.db.models import Count, Sum

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
    active = Comment.objects.filter(consultation=consultation, status=CommentStatus.ACTIVE)
    totals = active.aggregate(total=Count("id"), agreeing=Sum("agreeing_members"))
    result = {"total": totals["total"], "agreeing": totals["agreeing"] or 0}
    # One grouped scan for every dimension (not one per dimension): the combinations are few
    # next to the comments, and each dimension is summed from them.
    sums: dict[str, dict] = {name: {} for name in DIMENSIONS}
    fields = list(DIMENSIONS.values())
    combined = active.order_by().values(*fields).annotate(n=Count("id"), agreeing=Sum("agreeing_members"))
    for row in combined.iterator(chunk_size=10_000):
        for name, field in DIMENSIONS.items():
            key = row[field]
            if key in ("", None):
                continue
            entry = sums[name].setdefault(key, [key, 0, 0])
            entry[1] += row["n"]
            entry[2] += row["agreeing"] or 0
    for name in DIMENSIONS:
        result[name] = [sums[name][key] for key in sorted(sums[name])]
    return result

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
    for name, field in DIMENSIONS.items():
        rows = active.values(field).annotate(n=Count("id"), agreeing=Sum("agreeing_members")).order_by(field)
        result[name] = [
            [row[field], row["n"], row["agreeing"] or 0] for row in rows if row[field] not in ("", None)
        ]
    return result

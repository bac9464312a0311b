"""Sealing submitted comments into the audit log in batches (design rule 5: "anchor batches").

A national consultation takes thousands of comments a second; one audit entry per comment would
make every submission wait for a chain head. Instead each comment stores the SHA-256 of what was
submitted, and `anchor_comments` seals every comment older than `SETTLE` not yet sealed with one
audit entry per batch (partition `consultation:<id>:comments`) holding the batch digest. `verify`
recomputes the digests: a removed, inserted or altered comment breaks its batch. Edits and
withdrawals, which are rare, are audited one by one.
"""

import hashlib
from datetime import timedelta

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from chuyende.common import audit
from chuyende.common.actors import SYSTEM

from .models import Comment, CommentAnchor, Consultation

SETTLE = timedelta(seconds=60)  # far longer than any insert transaction, so no straggler is skipped
BATCH = 50_000


def submitted_hash(*fields) -> str:
    return hashlib.sha256("\x1f".join(str(f) for f in fields).encode()).hexdigest()


def _digest(rows) -> tuple[str, int]:
    hasher, count = hashlib.sha256(), 0
    for row in rows:
        hasher.update(("\x1e".join(str(v) for v in row) + "\n").encode())
        count += 1
    return hasher.hexdigest(), count


def _rows(consultation_id: int, first_id: int, last_id: int):
    return (
        Comment.objects.filter(consultation_id=consultation_id, pk__gte=first_id, pk__lte=last_id)
        .order_by("pk")
        .values_list("pk", "author_id", "idempotency_key", "submitted_hash")
        .iterator(chunk_size=5000)
    )


def anchor_comments(consultation: Consultation, now=None) -> list[CommentAnchor]:
    """Seals the settled comments not sealed yet; returns the new anchors."""
    now = now or timezone.now()
    anchors: list[CommentAnchor] = []
    while True:
        done = (
            CommentAnchor.objects.filter(consultation=consultation).aggregate(last=Max("last_id"))["last"]
            or 0
        )
        ids = list(
            Comment.objects.filter(consultation=consultation, pk__gt=done, created_at__lt=now - SETTLE)
            .order_by("pk")
            .values_list("pk", flat=True)[:BATCH]
        )
        if not ids:
            return anchors
        digest, count = _digest(_rows(consultation.pk, ids[0], ids[-1]))
        with transaction.atomic():
            anchor = CommentAnchor.objects.create(
                consultation=consultation, first_id=ids[0], last_id=ids[-1], count=count, digest=digest
            )
            audit.record(
                "comment.anchor", anchor, actor=SYSTEM, partition=f"consultation:{consultation.pk}:comments",
                changes={"first_id": ids[0], "last_id": ids[-1], "count": count, "digest": digest},
            )  # fmt: skip
        anchors.append(anchor)


def verify_anchors(consultation: Consultation) -> list[CommentAnchor]:
    """The anchors whose comments no longer match their digest."""
    broken = []
    for anchor in CommentAnchor.objects.filter(consultation=consultation):
        digest, count = _digest(_rows(consultation.pk, anchor.first_id, anchor.last_id))
        if (digest, count) != (anchor.digest, anchor.count):
            broken.append(anchor)
    return broken

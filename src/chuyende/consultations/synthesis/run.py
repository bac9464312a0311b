"""Executing a synthesis run: counts, then grouping, writing progress and honouring the cancel flag
between batches. Called by the task (`tasks.synthesize`), inline when no worker runs."""

import logging
from array import array

from django.db import transaction
from django.utils import timezone

from ..enums import CommentStatus, RunStatus
from ..models import Comment, CommentGroup, SynthesisRun, TextSignature
from .counts import comment_counts
from .grouping import group_comments

logger = logging.getLogger(__name__)
BATCH = 20_000
LOOKUP_CHUNK = 2_000


class Cancelled(Exception):
    pass


def _scope(target: str, block_uid: str, section_uid: str) -> str:
    if block_uid:
        return block_uid
    return f"section:{section_uid}" if section_uid else "draft"


def _block_of(scope: str) -> str:
    return "" if scope == "draft" or scope.startswith("section:") else scope


def _set(run: SynthesisRun, **fields) -> None:
    SynthesisRun.objects.filter(pk=run.pk).update(**fields)
    for name, value in fields.items():
        setattr(run, name, value)


def _check_cancel(run: SynthesisRun) -> None:
    if SynthesisRun.objects.filter(pk=run.pk, cancel_requested=True).exists():
        raise Cancelled


def _read_comments(run: SynthesisRun) -> list[tuple[int, str, str]]:
    rows: list[tuple[int, str, str]] = []
    base = Comment.objects.filter(consultation_id=run.consultation_id, status=CommentStatus.ACTIVE)
    last = 0
    while True:
        batch = list(
            base.filter(pk__gt=last)
            .order_by("pk")
            .values_list("pk", "target", "block_uid", "section_uid", "text")[:BATCH]
        )
        if not batch:
            return rows
        rows.extend((pk, _scope(t, b, s), text) for pk, t, b, s, text in batch)
        last = batch[-1][0]
        _check_cancel(run)
        _set(run, progress=min(5 + len(rows) * 25 // max(run.total, 1), 30))


def _cached_signatures(digests: list[str]) -> dict[str, array]:
    found = {}
    for start in range(0, len(digests), LOOKUP_CHUNK):
        chunk = digests[start : start + LOOKUP_CHUNK]
        for key, raw in TextSignature.objects.filter(digest__in=chunk).values_list("digest", "signature"):
            found[key] = array("I", bytes(raw))
    return found


def _write_groups(run: SynthesisRun, groups) -> int:
    """Replaces the consultation's groups; singletons stay ungrouped (handled one by one)."""
    shared = [g for g in groups if len(g.comment_ids) > 1]
    with transaction.atomic():
        Comment.objects.filter(consultation_id=run.consultation_id, group__isnull=False).update(group=None)
        CommentGroup.objects.filter(consultation_id=run.consultation_id).delete()
        created = CommentGroup.objects.bulk_create(
            [
                CommentGroup(
                    consultation_id=run.consultation_id, run=run, block_uid=_block_of(g.scope),
                    representative_id=g.representative_id,
                    representative_text=g.representative_text, size=len(g.comment_ids),
                )
                for g in shared
            ],
            batch_size=2000,
        )  # fmt: skip
        for row, group in zip(created, shared, strict=True):
            for start in range(0, len(group.comment_ids), LOOKUP_CHUNK):
                ids = group.comment_ids[start : start + LOOKUP_CHUNK]
                Comment.objects.filter(pk__in=ids).update(group_id=row.pk)
    return len(shared)


def execute_run(run_id: int) -> SynthesisRun | None:
    """Runs one synthesis: counts by paragraph, section, channel, cell and stance; then groups
    near-duplicate comments, caching each new text signature for the next run."""
    run = SynthesisRun.objects.filter(pk=run_id).first()
    if run is None:
        logger.warning("synthesis run %s is gone", run_id)
        return None
    if run.status != RunStatus.QUEUED:
        return run
    try:
        _set(run, status=RunStatus.RUNNING, progress=1)
        counts = comment_counts(run.consultation)
        _set(run, total=counts["total"], progress=5)
        rows = _read_comments(run)
        new_signatures: list[TextSignature] = []

        def remember(key, sig):
            new_signatures.append(TextSignature(digest=key, signature=sig.tobytes()))

        def progress(fraction):
            _set(run, progress=30 + int(fraction * 60))

        hits: list[int] = []

        def cached(digests):
            found = _cached_signatures(digests)
            hits.append(len(found))
            return found

        groups = group_comments(rows, cached, remember, progress)
        reused = sum(hits)
        _check_cancel(run)
        TextSignature.objects.bulk_create(new_signatures, batch_size=2000, ignore_conflicts=True)
        shared = _write_groups(run, groups)
        counts["groups"] = shared
        counts["grouped_comments"] = sum(len(g.comment_ids) for g in groups if len(g.comment_ids) > 1)
        counts["new_signatures"] = len(new_signatures)
        _set(
            run, status=RunStatus.DONE, progress=100, result=counts, reused=reused, finished_at=timezone.now()
        )
    except Cancelled:
        _set(run, status=RunStatus.CANCELLED, finished_at=timezone.now())
    except Exception as error:
        logger.exception("synthesis run %s failed", run_id)
        _set(run, status=RunStatus.FAILED, error=str(error)[:2000], finished_at=timezone.now())
    return run

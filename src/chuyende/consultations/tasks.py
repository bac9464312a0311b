"""Background tasks of consultations. They take ids, re-fetch and call the domain."""

import logging

from django.tasks import task

from .anchoring import anchor_comments
from .models import Consultation
from .synthesis.run import execute_counts, execute_run, execute_samples, execute_shards

logger = logging.getLogger(__name__)


def _queued_backend() -> bool:
    from django.conf import settings

    return "Immediate" not in settings.TASKS["default"]["BACKEND"]


@task
def synthesize(run_id: int) -> None:
    """Counts and groups the comments of a consultation (see synthesis/run.py). With a worker
    queue the paragraphs are `synthesize_shard` tasks of a few each, so several workers share the run."""
    if _queued_backend():
        execute_run(
            run_id,
            enqueue_shards=_enqueue_shard,
            enqueue_counts=lambda run: synthesize_counts.enqueue(run),
            enqueue_samples=lambda run: synthesize_samples.enqueue(run),
        )
    else:
        execute_run(run_id)


@task
def synthesize_shard(run_id: int, shards: list[str] | str) -> None:
    """Groups a few paragraphs (or the whole-draft remainder) of a run; the last task finishes
    it. (One shard name: a task queued by an earlier version.)"""
    execute_shards(run_id, [shards] if isinstance(shards, str) else shards)


def _enqueue_shard(run_id: int, shards: list[str]) -> None:
    synthesize_shard.enqueue(run_id, shards)


@task
def synthesize_samples(run_id: int) -> None:
    """Half of a first run's placement on workers: the ideas of each paragraph's sample."""
    execute_samples(run_id, enqueue_shards=_enqueue_shard)


@task
def synthesize_counts(run_id: int) -> None:
    """Counts the comments of a first run beside its shard tasks; the last task finishes it."""
    execute_counts(run_id)


@task
def anchor(consultation_id: int) -> None:
    """Seals settled comments into the audit log (see anchoring.py)."""
    consultation = Consultation.objects.filter(pk=consultation_id).first()
    if consultation is None:
        logger.warning("consultation %s is gone", consultation_id)
        return
    anchor_comments(consultation)

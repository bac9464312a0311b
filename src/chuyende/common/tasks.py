"""Background tasks of the common app. They run inline when no worker is configured."""

from django.tasks import task

from .outbox import send_released


@task
def send_outbox(limit: int | None = None) -> dict[str, int]:
    """Sends the released outbox messages (see `common.outbox.send_released`)."""
    return send_released(limit=limit)


@task
def write_audit_checkpoint() -> dict[str, str]:
    """Signs the audit chain heads into a checkpoint outside the database (common.checkpoints).
    Without a key or a directory configured there is nothing to sign with or to write to: the
    task says so and succeeds, so the rest of the daily round runs; a broken chain fails it."""
    import logging

    from django.conf import settings

    from .checkpoints import write_checkpoint

    if not settings.CHUYENDE_AUDIT_KEY or not settings.CHUYENDE_AUDIT_CHECKPOINT_DIR:
        logging.getLogger(__name__).warning(
            "audit checkpoint skipped: set CHUYENDE_AUDIT_KEY and CHUYENDE_AUDIT_CHECKPOINT_DIR"
        )
        return {"skipped": "not configured"}
    return {"path": str(write_checkpoint())}

"""Background tasks of the common app. They run inline when no worker is configured."""

from django.tasks import task

from .outbox import send_released


@task
def send_outbox(limit: int | None = None) -> dict[str, int]:
    """Sends the released outbox messages (see `common.outbox.send_released`)."""
    return send_released(limit=limit)

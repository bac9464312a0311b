"""Background work of the commitments step; runs inline when no worker is configured."""

import logging
from datetime import date

from django.tasks import task

from chuyende.common.actors import SYSTEM

from .domain import prepare_digests

logger = logging.getLogger(__name__)


@task()
def send_reminder_digests(today: str | None = None) -> int:
    """Prepares the day's reminder digests in the outbox (at most one per member per day).
    `today` is an ISO date (the task queue stores plain values); defaults to the local date."""
    from django.utils import timezone

    day = date.fromisoformat(today) if today else timezone.localdate()
    prepared = prepare_digests(actor=SYSTEM, today=day)
    logger.info("commitment digests prepared for %s: %d", day, prepared)
    return prepared

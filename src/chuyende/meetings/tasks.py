"""Background work of the meetings step. Tasks take ids or plain values, re-fetch, and call pure
code; with the immediate backend (tests, one-off use) they run inline."""

import logging
from datetime import timedelta

from django.tasks import task
from django.utils import timezone

from .checks import check_duration, check_materials
from .enums import MeetingStatus
from .models import Meeting

logger = logging.getLogger(__name__)


@task()
def scan_upcoming_meetings(hours_ahead: int = 48) -> dict[str, list[int]]:
    """Finds scheduled meetings starting within `hours_ahead` hours that break a 42-HD/BTCTW rule
    (too short, materials not yet published a day ahead), so secretaries can be told in time.
    Returns {warning code: [meeting ids]}; changes nothing."""
    now = timezone.now()
    meetings = Meeting.objects.filter(
        status=MeetingStatus.SCHEDULED, starts_at__gte=now, starts_at__lte=now + timedelta(hours=hours_ahead)
    ).only("pk", "kind", "starts_at", "ends_at", "materials_published_at")
    found: dict[str, list[int]] = {}
    for meeting in meetings.iterator(chunk_size=2000):
        for warning in (
            check_duration(meeting.kind, meeting.starts_at, meeting.ends_at),
            check_materials(meeting.starts_at, meeting.materials_published_at, now),
        ):
            if warning is not None:
                found.setdefault(warning.code, []).append(meeting.pk)
    logger.info("upcoming meetings with warnings: %s", {k: len(v) for k, v in found.items()})
    return found

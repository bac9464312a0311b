from datetime import timedelta

from django.utils import timezone

from chuyende.meetings.tasks import scan_upcoming_meetings

from . import helpers as h


def test_scan_upcoming_meetings_flags_short_and_unpublished(world):
    soon = timezone.now().replace(microsecond=0) + timedelta(hours=20)
    short = h.meeting(world, starts_at=soon, minutes=60)
    h.meeting(world, starts_at=soon + timedelta(days=10))  # too far ahead
    result = scan_upcoming_meetings.enqueue(hours_ahead=48)
    assert result.return_value == {"duration": [short.pk], "materials": [short.pk]}

"""Home panel of the meetings step: the user's upcoming meetings with their rule warnings."""

from datetime import timedelta

from django.utils import timezone
from django.utils.translation import gettext as _

from chuyende.meetings.access import meetings_for
from chuyende.meetings.checks import check_duration, check_materials
from chuyende.meetings.enums import MeetingStatus

from .home import Panel


def upcoming_meetings_panel(request) -> Panel | None:
    now = timezone.now()
    meetings = list(
        meetings_for(request.user)
        .filter(starts_at__gte=now - timedelta(days=1))
        .exclude(status=MeetingStatus.CANCELLED)
        .order_by("starts_at")[:5]
    )
    if not meetings:
        return None
    rows = [
        (m, [w for w in (check_duration(m.kind, m.starts_at, m.ends_at),
                         check_materials(m.starts_at, m.materials_published_at, now)) if w])
        for m in meetings
    ]  # fmt: skip
    return Panel(_("Sinh hoạt sắp tới"), "web/panels/meetings.html", {"rows": rows}, order=30)

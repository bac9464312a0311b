"""The one transition function of a meeting's status (states and allowed moves in enums.py)."""

from datetime import datetime

from django.utils.translation import gettext as _

from chuyende.common.errors import DomainError

from ..enums import MEETING_TRANSITIONS, MeetingStatus
from ..models import Meeting


def move_meeting(meeting: Meeting, status: str, *, minutes_approved_at: datetime | None = None) -> Meeting:
    """Sets `meeting.status` (and, when approving minutes, `minutes_approved_at`) in the database and
    on the instance. Called inside the caller's transaction, after the caller checked permission and
    wrote nothing else about the meeting: recording attendance and approving minutes hold it,
    `cancel_meeting` cancels it. An illegal move raises DomainError and changes nothing."""
    if status not in MEETING_TRANSITIONS.get(meeting.status, set()):
        raise DomainError(
            _("Không thể chuyển buổi sinh hoạt từ “%(old)s” sang “%(new)s”.")
            % {"old": MeetingStatus(meeting.status).label, "new": MeetingStatus(status).label}
        )
    changes: dict = {"status": status}
    if minutes_approved_at is not None:
        changes["minutes_approved_at"] = minutes_approved_at
    Meeting.objects.filter(pk=meeting.pk).update(**changes)
    for field, value in changes.items():
        setattr(meeting, field, value)
    return meeting

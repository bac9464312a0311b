"""iCalendar (RFC 5545) text for one meeting and for a member's personal feed."""

from collections.abc import Iterable
from datetime import UTC

from django.db.models import Q, QuerySet
from django.utils import timezone

from chuyende.orgs.models import Member

from ..enums import MeetingKind, MeetingStatus
from ..models import Meeting


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def _stamp(moment) -> str:
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def _fold(line: str) -> list[str]:
    """Lines longer than 75 octets continue on the next line after a space."""
    out, current = [], ""
    for char in line:
        if len((current + char).encode()) > 73:
            out.append(current)
            current = " "
        current += char
    return [*out, current]


def ics(meetings: Iterable[Meeting], name: str, host: str = "chuyende") -> str:
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//chuyende//Sinh hoat chuyen de//VI",
             "CALSCALE:GREGORIAN", f"X-WR-CALNAME:{_escape(name)}"]  # fmt: skip
    now = _stamp(timezone.now())
    for m in meetings:
        lines += [
            "BEGIN:VEVENT",
            f"UID:meeting-{m.pk}@{host}",
            f"DTSTAMP:{now}",
            f"DTSTART:{_stamp(m.starts_at)}",
            f"DTEND:{_stamp(m.ends_at)}",
            f"SUMMARY:{_escape(m.title)}",
            f"LOCATION:{_escape(m.place)}",
            f"DESCRIPTION:{_escape(m.organization.name + chr(10) + chr(10).join(m.agenda))}",
            f"STATUS:{'CANCELLED' if m.status == MeetingStatus.CANCELLED else 'CONFIRMED'}",
            "END:VEVENT",
        ]
    lines.append("END:VCALENDAR")
    return "".join(part + "\r\n" for line in lines for part in _fold(line))


def member_meetings(member: Member) -> QuerySet[Meeting]:
    """The member's cell meetings and the committee-level meetings above the cell."""
    return (
        Meeting.objects.filter(
            Q(organization_id=member.cell_id)
            | Q(organization_id__in=member.cell.ancestor_ids(), kind=MeetingKind.COMMITTEE)
        )
        .select_related("organization")
        .order_by("starts_at")
    )

"""Export package for the national member handbook app: one zip per meeting.

The zip holds the meeting's materials as uploaded, its approved minutes as PDF, and
`manifest.json` (meeting, organization, files with SHA-256 and size). Entries carry a fixed
timestamp so the same meeting exports to the same bytes.
"""

import hashlib
import io
import json
import zipfile

from chuyende.meetings.documents import minutes_bytes
from chuyende.meetings.enums import MinutesState
from chuyende.meetings.models import Meeting

MANIFEST_VERSION = 1


def _entry(name: str) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
    info.compress_type = zipfile.ZIP_DEFLATED
    return info


def meeting_package(meeting: Meeting) -> bytes:
    """The zip for `meeting`: materials, approved minutes (PDF) and a JSON manifest."""
    files: list[tuple[str, bytes, str]] = []
    for index, material in enumerate(meeting.materials.order_by("pk"), start=1):
        with material.file.open("rb") as handle:
            files.append(
                (
                    f"tai-lieu/{index:02d}-{(material.file.name or '').rsplit('/', 1)[-1]}",
                    handle.read(),
                    material.title,
                )
            )
    for minutes in meeting.minutes.filter(state=MinutesState.APPROVED).order_by("number"):
        pdf = minutes_bytes(meeting, "pdf", minutes)  # the bytes frozen on approval
        files.append((f"bien-ban/bien-ban-{minutes.number:02d}.pdf", pdf, f"Biên bản số {minutes.number}"))
    manifest = {
        "version": MANIFEST_VERSION,
        "meeting": {
            "id": meeting.pk,
            "title": meeting.title,
            "starts_at": meeting.starts_at.isoformat(),
            "place": meeting.place,
            "organization": {
                "id": meeting.organization_id,
                "name": meeting.organization.name,
                "path": meeting.organization.path,
            },  # fmt: skip
        },
        "files": [
            {"path": name, "title": title, "size": len(data), "sha256": hashlib.sha256(data).hexdigest()}
            for name, data, title in files
        ],
    }
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr(_entry("manifest.json"), json.dumps(manifest, ensure_ascii=False, indent=2))
        for name, data, _title in files:
            archive.writestr(_entry(name), data)
    return out.getvalue()

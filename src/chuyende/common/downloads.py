"""File responses with the Vietnamese name the reader sees in their downloads folder.

Uploaded files (evidence, meeting materials, imported originals) are never served from a public
folder: each has a view that first resolves its owning object with the same `get_*_for` scope as
the object's page, then answers through `stored_file_response`.
"""

from pathlib import PurePosixPath

from django.http import FileResponse, HttpResponse
from django.utils.http import content_disposition_header

# What an uploaded file is served as, by its extension; anything else is a plain download. The
# type the browser sent at upload time is not trusted (an "image" could be HTML).
SAFE_TYPES = {
    ".pdf": "application/pdf",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".doc": "application/msword",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".odt": "application/vnd.oasis.opendocument.text",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".png": "image/png",
    ".txt": "text/plain; charset=utf-8",
}


def file_response(content: bytes, file_name: str, content_type: str, *, inline: bool = False) -> HttpResponse:
    """`content` as a download named `file_name`. Non-ASCII names are sent twice, per RFC 6266:
    an ASCII fallback in `filename=` and the real name in RFC 5987 `filename*=utf-8''…`."""
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(not inline, file_name) or ""
    response["X-Content-Type-Options"] = "nosniff"
    return response


def download_name(label: str, stored_name: str) -> str:
    """The name a reader sees: `label` (e.g. the material's Vietnamese title) with the stored
    file's extension, without characters that are not allowed in file names."""
    suffix = PurePosixPath(stored_name).suffix.lower()
    base = "".join("-" if ch in '\\/:*?"<>|' or ord(ch) < 32 else ch for ch in label).strip(" .") or "tep"
    return base if base.lower().endswith(suffix) else f"{base}{suffix}"


def stored_file_response(field_file, file_name: str) -> FileResponse:
    """Streams a stored upload as an attachment named `file_name`, typed by its extension."""
    suffix = PurePosixPath(file_name).suffix.lower()
    content_type = SAFE_TYPES.get(suffix, "application/octet-stream")
    response = FileResponse(
        field_file.open("rb"), as_attachment=True, filename=file_name, content_type=content_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response

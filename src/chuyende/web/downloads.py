"""File responses with the Vietnamese name the reader sees in their downloads folder."""

from django.http import HttpResponse
from django.utils.http import content_disposition_header


def file_response(content: bytes, file_name: str, content_type: str, *, inline: bool = False) -> HttpResponse:
    """`content` as a download named `file_name`. Non-ASCII names are sent twice, per RFC 6266:
    an ASCII fallback in `filename=` and the real name in RFC 5987 `filename*=utf-8''…`."""
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(not inline, file_name)
    response["X-Content-Type-Options"] = "nosniff"
    return response

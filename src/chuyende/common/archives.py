"""Checks on an uploaded Office file (DOCX, XLSX: both are ZIP archives) before any parser opens it.

A "zip bomb" is a small file that declares, or decompresses to, gigabytes: a 20 KB upload that
python-docx or openpyxl would spend many seconds and all the memory of a worker on. The archive's
directory states each member's compressed and uncompressed size; Python's zipfile never inflates
a member past its declared size, so checking the declared sizes and ratios bounds what the parser
will read, and so its time and memory. Limits are generous for real documents (a 60-page paper
with pictures is ~5 MB inflated; a 50,000-member XLSX ~30 MB).
"""

import io
import zipfile

from django.utils.translation import gettext as _

from .errors import DomainError
from .limits import number

MAX_MEMBERS = 2_000
MAX_TOTAL_BYTES = 100 * 1024 * 1024  # all members, inflated
MAX_MEMBER_BYTES = 50 * 1024 * 1024  # any one member, inflated
MAX_RATIO = 200  # inflated / compressed, for members past RATIO_FLOOR
RATIO_FLOOR = 1024 * 1024  # small members (styles, settings) compress very well: no ratio check


class UnsafeArchive(DomainError):
    """The file is not a readable Office file, or declares more than any real document holds."""


def check_office_file(content: bytes, name: str) -> None:
    """Raises UnsafeArchive (a DomainError with a Vietnamese message naming `name`) when `content`
    is a ZIP archive declaring more members, or inflated sizes or ratios, than the limits above.
    Content that is not a ZIP archive passes: the parser then refuses it as unreadable."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(content))
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        return  # not an archive at all: the parser refuses it with its own message, at no cost
    with archive:
        members = archive.infolist()
        if len(members) > MAX_MEMBERS:
            raise UnsafeArchive(
                _("Tệp “%(name)s” chứa %(count)s thành phần, vượt giới hạn %(limit)s.")
                % {"name": name, "count": number(len(members)), "limit": number(MAX_MEMBERS)}
            )
        total = 0
        for member in members:
            total += member.file_size
            too_big = member.file_size > MAX_MEMBER_BYTES or total > MAX_TOTAL_BYTES
            ratio = member.file_size / max(member.compress_size, 1)
            if too_big or (member.file_size > RATIO_FLOOR and ratio > MAX_RATIO):
                raise UnsafeArchive(
                    _(
                        "Tệp “%(name)s” khi giải nén lớn bất thường (%(size)s MB): hệ thống không mở "
                        "tệp này. Hãy lưu lại tệp bằng Word/Excel rồi tải lên lại."
                    )
                    % {"name": name, "size": number(max(total, member.file_size) // (1024 * 1024))}
                )

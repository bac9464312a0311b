"""Reading the spreadsheets offices already keep (.xlsx or .csv) into rows of text.

Used by the member import and the organization-tree import. Every refusal is a `DomainError` with
a Vietnamese message that says what to do (wrong file type, broken encoding, broken file)."""

import csv
import io
import zipfile

from django.conf import settings
from django.utils.translation import gettext as _
from openpyxl import load_workbook

from chuyende.common.archives import check_office_file
from chuyende.common.errors import DomainError
from chuyende.common.text import fold


def decode_csv(content: bytes) -> str:
    for encoding in ("utf-8-sig", "utf-16"):
        if encoding == "utf-16" and not content.startswith((b"\xff\xfe", b"\xfe\xff")):
            continue
        try:
            return content.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise DomainError(
        _(
            "Tệp CSV không dùng bảng mã Unicode (UTF-8). Trong Excel, hãy chọn “Lưu thành” → "
            "“CSV UTF-8 (phân tách bằng dấu phẩy)” rồi tải lên lại."
        )
    )


def _cells(row) -> list[str]:
    return ["" if v is None else str(v).strip() for v in row]


def _first_non_empty(rows: list[list[str]]) -> list[str]:
    return next((row for row in rows if any(row)), [])


def read_rows(
    file_name: str,
    content: bytes,
    *,
    columns: dict[str, set[str]] | None = None,
    required: tuple[str, ...] = (),
) -> list[list[str]]:
    """The cells of one sheet (or of the CSV), as stripped text, row by row.

    A workbook may hold several lists (the tree on one sheet, the members on another): the sheet
    read is the first whose header row has every `required` column of `columns`, else the first."""
    if not content:
        raise DomainError(_("Tệp tải lên trống."))
    if len(content) > settings.CHUYENDE_MAX_UPLOAD_BYTES:
        raise DomainError(_("Tệp quá lớn. Vui lòng tách danh sách thành nhiều tệp nhỏ hơn."))
    name = file_name.lower()
    if name.endswith(".xlsx"):
        check_office_file(content, file_name)  # sizes and ratios before openpyxl opens it
        try:
            workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
        except (zipfile.BadZipFile, KeyError, OSError, ValueError):
            raise DomainError(
                _("Không đọc được tệp Excel. Tệp có thể bị hỏng hoặc không phải định dạng .xlsx.")
            ) from None
        try:
            sheets = [
                [_cells(row) for row in sheet.iter_rows(values_only=True)] for sheet in workbook.worksheets
            ]
        finally:
            workbook.close()
        if columns and required:
            for rows in sheets:
                positions = map_header(_first_non_empty(rows), columns)
                if all(column in positions for column in required):
                    return rows
        return sheets[0] if sheets else []
    if name.endswith(".csv"):
        text = decode_csv(content)
        try:
            dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
        except csv.Error:
            dialect = csv.excel
        return [[cell.strip() for cell in row] for row in csv.reader(io.StringIO(text), dialect)]
    raise DomainError(_("Chỉ nhận tệp Excel (.xlsx) hoặc CSV (.csv)."))


def map_header(header: list[str], columns: dict[str, set[str]]) -> dict[str, int]:
    """Column positions by name: each header cell folded (no accents, lower case) is looked up
    among the spellings of `columns`; the first match of a column wins."""
    positions: dict[str, int] = {}
    for index, title in enumerate(header):
        key = fold(title).strip(" :*")
        for column, spellings in columns.items():
            if key in spellings and column not in positions:
                positions[column] = index
    return positions

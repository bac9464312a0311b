"""XLSX export of a roll-up (the same rows the dashboard shows)."""

from io import BytesIO

from openpyxl import Workbook
from openpyxl.styles import Font

from chuyende.common.exports import safe_row

from ..domain.rollup import Rollup

COLUMNS = ("Đơn vị / Đảng viên", "Số nội dung", "Tiến độ bình quân (%)", "Đúng tiến độ", "Sắp đến hạn",
           "Quá hạn", "Đã hoàn thành", "Đã xác minh")  # fmt: skip


def rollup_xlsx(rollup: Rollup) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = "Tổng hợp cam kết"
    sheet.append(safe_row(sheet, [f"Tổng hợp thực hiện cam kết khắc phục — {rollup.organization.name}"]))
    sheet.append([f"Tính đến ngày {rollup.today.strftime('%d/%m/%Y')}"])
    sheet.append(list(COLUMNS))
    for cell in sheet[3]:
        cell.font = Font(bold=True)
    for row in [*rollup.rows, rollup.total]:
        c = row.counts()
        # Labels are names typed by people (units, members): never evaluated as formulas.
        sheet.append(safe_row(sheet, [row.label if row is not rollup.total else "Tổng cộng", row.items, row.percent,
                                      c["on_track"], c["due_soon"], c["overdue"], c["done"], c["verified"]]))  # fmt: skip
    sheet.column_dimensions["A"].width = 40
    out = BytesIO()
    book.save(out)
    return out.getvalue()

"""The downloadable XLSX template of the organization-tree import: the expected columns, an
example tree (a committee and two cells) and a sheet that explains each column."""

import io

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

HEADERS = (
    "Tên tổ chức",
    "Loại",
    "Cấp trên",
    "Mã",
    "Tên ngắn",
    "Tên in hoa",
    "Tên cấp trên in hoa",
    "Ký hiệu",
    "Địa danh",
    "Đơn vị",
    "Chức năng, nhiệm vụ",
)
EXAMPLE_ROWS = (
    ("Đảng bộ Cơ quan Văn phòng", "Đảng bộ", "", "DB-VP", "Đảng bộ Văn phòng", "ĐẢNG UỶ CƠ QUAN VĂN PHÒNG",
     "ĐẢNG BỘ KHỐI CÁC CƠ QUAN TỈNH", "ĐU", "Nha Trang", "Văn phòng Đoàn ĐBQH và HĐND tỉnh", ""),
    ("Chi bộ Phòng Nghiệp vụ Pháp chế", "Chi bộ", "DB-VP", "CB-PC", "Chi bộ Pháp chế", "", "", "CB", "",
     "Phòng Nghiệp vụ Pháp chế", "Thẩm tra dự thảo nghị quyết, giám sát văn bản quy phạm pháp luật"),
    ("Chi bộ Phòng Tổng hợp và Thông tin - Dân nguyện", "Chi bộ", "Đảng bộ Cơ quan Văn phòng", "CB-TH", "",
     "", "", "", "", "Phòng Tổng hợp và Thông tin - Dân nguyện", ""),
)  # fmt: skip


def tree_template_xlsx() -> bytes:
    """The template as XLSX bytes (openpyxl, no file on disk)."""
    book = Workbook()
    sheet = book.active
    sheet.title = _("Cây tổ chức")
    sheet.append(HEADERS)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in EXAMPLE_ROWS:
        sheet.append(row)
    for column, width in zip("ABCDEFGHIJK", (44, 10, 28, 10, 22, 34, 34, 9, 12, 36, 40), strict=True):
        sheet.column_dimensions[column].width = width
    sheet.freeze_panes = "A2"
    notes = book.create_sheet(_("Hướng dẫn"))
    notes.append((_("Cột"), _("Cách ghi")))
    guide: tuple[tuple[str, str], ...] = (
        ("Tên tổ chức", _("Bắt buộc. Tên đầy đủ, ví dụ “Chi bộ Phòng Nghiệp vụ Pháp chế”.")),
        ("Loại", _("Bắt buộc: “Đảng bộ” (hoặc “Đảng uỷ”) hay “Chi bộ”.")),
        ("Cấp trên", _("Tên hoặc mã của tổ chức cấp trên: một dòng khác trong tệp hoặc tổ chức đã có. Để trống: "
                       "trực thuộc tổ chức đang mở (hoặc là cấp cao nhất khi quản trị hệ thống nhập cho toàn hệ thống).")),
        ("Mã", _("Không bắt buộc, không trùng. Nên ghi: nhập lại tệp sẽ nhận ra tổ chức theo mã.")),
        ("Tên in hoa", _("Dòng tên cơ quan ban hành trong văn bản; để trống thì tự lập từ tên.")),
        ("Tên cấp trên in hoa", _("Dòng trên cùng góc trái văn bản, ví dụ “ĐẢNG BỘ KHỐI CÁC CƠ QUAN TỈNH”. Nên ghi "
                                  "cho tổ chức cấp cao nhất; để trống thì lấy tên in hoa của cấp trên.")),
        ("Ký hiệu", _("Ký hiệu trong số văn bản: ĐU, CB…; để trống thì ĐU cho đảng bộ, CB cho chi bộ.")),
        ("Địa danh", _("Ghi trong ngày tháng văn bản; để trống thì lấy của cấp trên.")),
        ("Đơn vị", _("Phòng, ban, đơn vị nơi tổ chức đảng sinh hoạt (không bắt buộc).")),
        ("Chức năng, nhiệm vụ", _("Mô tả ngắn đơn vị (không bắt buộc).")),
    )  # fmt: skip
    for line in guide:
        notes.append(line)
    notes.column_dimensions["A"].width = 22
    notes.column_dimensions["B"].width = 110
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()

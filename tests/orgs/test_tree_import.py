"""The organization tree from a spreadsheet: the parser's errors, idempotency and scope."""

import io

import pytest
from django.contrib.auth import get_user_model
from openpyxl import Workbook, load_workbook

from chuyende.common.errors import DomainError, NotAllowed
from chuyende.common.models import AuditEntry
from chuyende.orgs.domain import apply_member_import, preview_member_import
from chuyende.orgs.domain.tree_import import apply_organization_import, preview_organization_import
from chuyende.orgs.interfaces.tree_template import HEADERS, tree_template_xlsx
from chuyende.orgs.models import Member, Organization, OrganizationImport
from tests.world import build_world

pytestmark = pytest.mark.django_db

HEADER = ["Tên tổ chức", "Loại", "Cấp trên", "Mã", "Địa danh", "Đơn vị"]


def _xlsx(rows):
    workbook = Workbook()
    for row in rows:
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


@pytest.fixture
def admin():
    return get_user_model().objects.create_superuser("quantri", "quantri@example.vn", "mat-khau-quan-tri")


@pytest.fixture
def world():
    return build_world()


def _preview(actor, rows, place=None, name="cay.xlsx"):
    content = rows if isinstance(rows, bytes) else _xlsx(rows)
    return preview_organization_import(actor=actor, place=place, file_name=name, content=content)


TREE = [
    HEADER,
    ["Đảng bộ Cơ quan Văn phòng", "Đảng bộ", "", "DB-VP", "Nha Trang", ""],
    ["Chi bộ Phòng Nghiệp vụ Pháp chế", "Chi bộ", "DB-VP", "CB-PC", "", "Phòng Nghiệp vụ Pháp chế"],
    ["Chi bộ Phòng Tổng hợp", "chi bo", "Đảng bộ Cơ quan Văn phòng", "", "", ""],
]


def test_site_admin_imports_a_tree_from_an_empty_database(admin):
    preview = _preview(admin, TREE)
    assert preview.summary["counts"] == {"create": 3, "update": 0, "unchanged": 0, "error": 0}
    assert [row["depth"] for row in preview.summary["rows"]] == [0, 1, 1]
    assert Organization.objects.count() == 0  # the preview writes nothing

    applied = apply_organization_import(actor=admin, tree_import=preview)
    assert applied.status == OrganizationImport.Status.APPLIED
    root = Organization.objects.get(code="DB-VP")
    cell = Organization.objects.get(code="CB-PC")
    other = Organization.objects.get(name="Chi bộ Phòng Tổng hợp")
    assert (root.parent, root.kind, root.header_name, root.body_code, root.signing_authority) == (
        None, "committee", "ĐẢNG UỶ CƠ QUAN VĂN PHÒNG", "ĐU", "ĐẢNG UỶ",
    )  # fmt: skip
    assert (cell.parent, cell.kind, cell.place_name, cell.superior_header_name, cell.unit_name) == (
        root, "cell", "Nha Trang", "ĐẢNG UỶ CƠ QUAN VĂN PHÒNG", "Phòng Nghiệp vụ Pháp chế",
    )  # fmt: skip
    assert (other.parent, other.header_name, other.body_code) == (root, "CHI BỘ PHÒNG TỔNG HỢP", "CB")
    assert cell.path == root.path + f"{cell.pk:09d}"
    actions = list(AuditEntry.objects.values_list("action", flat=True).order_by("pk"))
    assert actions.count("organization.create") == 3
    assert "organization_import.apply" in actions


def test_reimporting_the_same_file_creates_nothing(admin):
    apply_organization_import(actor=admin, tree_import=_preview(admin, TREE))
    again = _preview(admin, TREE)
    assert again.summary["counts"] == {"create": 0, "update": 0, "unchanged": 3, "error": 0}
    apply_organization_import(actor=admin, tree_import=again)
    apply_organization_import(actor=admin, tree_import=again)  # a double click
    assert Organization.objects.count() == 3


def test_a_changed_unit_is_an_update(admin):
    apply_organization_import(actor=admin, tree_import=_preview(admin, TREE))
    changed = [row[:] for row in TREE]
    changed[2][5] = "Phòng Pháp chế"
    preview = _preview(admin, changed)
    assert preview.summary["counts"] == {"create": 0, "update": 1, "unchanged": 2, "error": 0}
    assert preview.summary["rows"][1]["changes"] == ["unit_name"]
    apply_organization_import(actor=admin, tree_import=preview)
    assert Organization.objects.get(code="CB-PC").unit_name == "Phòng Pháp chế"


def test_each_row_error_is_reported_in_vietnamese(admin):
    preview = _preview(
        admin,
        [
            HEADER,
            ["Đảng bộ Cơ quan Văn phòng", "Đảng bộ", "", "DB-VP", "Nha Trang", ""],
            ["", "Chi bộ", "DB-VP", "", "", ""],
            ["Chi bộ Ma", "Chi bộ", "Đảng bộ Không Có", "", "", ""],
            ["Tổ Đảng", "Tổ", "DB-VP", "", "", ""],
            ["Chi bộ A", "Chi bộ", "DB-VP", "CB-A", "", ""],
            ["Chi bộ A", "Chi bộ", "DB-VP", "", "", ""],
            ["Chi bộ trong chi bộ", "Chi bộ", "CB-A", "", "", ""],
            ["Đảng bộ X", "Đảng bộ", "Đảng bộ Y", "", "", ""],
            ["Đảng bộ Y", "Đảng bộ", "Đảng bộ X", "", "", ""],
            ["Chi bộ dưới vòng lặp", "Chi bộ", "Đảng bộ X", "", "", ""],
            ["Đảng bộ Không Địa Danh", "Đảng bộ", "", "", "", ""],
        ],
    )
    errors = {row["line"]: row["errors"] for row in preview.summary["rows"]}
    assert errors[2] == []
    assert errors[3] == ["Thiếu tên tổ chức."]
    assert errors[4] == ["Không tìm thấy cấp trên “Đảng bộ Không Có” trong tệp hoặc trong cây tổ chức."]
    assert errors[5] == ["Loại tổ chức “Tổ” không hợp lệ (Đảng bộ hoặc Chi bộ)."]
    assert errors[6] == []
    assert errors[7] == ["Trùng với dòng 6."]
    assert errors[8] == ["Cấp trên “CB-A” là chi bộ; chi bộ không có tổ chức trực thuộc."]
    assert errors[9] == ["Vòng lặp cấp trên: dòng 9 → 10 → 9."]
    assert errors[10] == ["Vòng lặp cấp trên: dòng 10 → 9 → 10."]
    assert errors[11] == ["Dòng cấp trên (dòng 9) có lỗi."]
    assert errors[12] == ["Tổ chức cấp cao nhất cần cột “Địa danh” (ví dụ: Nha Trang)."]
    assert preview.summary["counts"] == {"create": 2, "update": 0, "unchanged": 0, "error": 9}
    with pytest.raises(DomainError) as refused:
        apply_organization_import(actor=admin, tree_import=preview)
    assert refused.value.message == "Còn 9 dòng lỗi. Hãy sửa tệp và tải lên lại."
    assert Organization.objects.count() == 0


def test_duplicate_code_and_code_of_another_organization(admin, world):
    preview = _preview(
        admin,
        [
            HEADER,
            ["Chi bộ Một", "Chi bộ", "", "CB-1", "", ""],
            ["Chi bộ Hai", "Chi bộ", "", "cb-1", "", ""],
        ],
        place=world.committee,
    )
    assert preview.summary["rows"][1]["errors"] == ["Mã “cb-1” trùng với dòng 2."]
    world.cell_x.code = "CB-X"
    world.cell_x.save()
    clerk = world.users["clerk"]
    outside = _preview(clerk, [HEADER, ["Chi bộ Lạ", "Chi bộ", "", "CB-X", "", ""]], place=world.committee)
    assert outside.summary["rows"][0]["errors"] == [
        "Mã “CB-X” đã thuộc một tổ chức ngoài phạm vi nhập của bạn."
    ]


def test_wrong_file_type_broken_encoding_and_missing_columns(admin):
    with pytest.raises(DomainError) as wrong_type:
        _preview(admin, b"%PDF-1.4", name="cay.pdf")
    assert wrong_type.value.message == "Chỉ nhận tệp Excel (.xlsx) hoặc CSV (.csv)."
    with pytest.raises(DomainError) as encoding:
        # Windows-1258 bytes, as an old Excel "CSV" saves them: not UTF-8.
        _preview(admin, b"T\xean t\xf4 ch\xfac,Lo\xe0i\nChi b\xf4 A,Chi b\xf4\n", name="cay.csv")
    assert encoding.value.message.startswith("Tệp CSV không dùng bảng mã Unicode (UTF-8).")
    with pytest.raises(DomainError) as broken:
        _preview(admin, b"PK\x03\x04 not really a workbook", name="cay.xlsx")
    assert (
        broken.value.message
        == "Không đọc được tệp Excel. Tệp có thể bị hỏng hoặc không phải định dạng .xlsx."
    )
    with pytest.raises(DomainError) as columns:
        _preview(admin, [["Tên", "Cấp trên"], ["Chi bộ A", ""]])
    assert columns.value.message == "Không tìm thấy cột “Loại” ở dòng đầu tiên của tệp. Hãy dùng tệp mẫu."


def test_csv_in_utf8_is_read(admin):
    content = "Tên tổ chức;Loại;Cấp trên;Địa danh\nĐảng bộ Sở Tư pháp;Đảng uỷ;;Nha Trang\n".encode(
        "utf-8-sig"
    )
    preview = _preview(admin, content, name="cay.csv")
    assert preview.summary["counts"]["create"] == 1
    apply_organization_import(actor=admin, tree_import=preview)
    assert Organization.objects.get().kind == "committee"


def test_a_committee_clerk_imports_only_inside_the_committee(world):
    clerk = world.users["clerk"]
    preview = _preview(
        clerk,
        [
            HEADER,
            ["Đảng bộ Cơ quan Văn phòng", "Đảng bộ", "", "", "", ""],  # the place itself: unchanged
            ["Chi bộ Phòng Hành chính - Tổ chức", "Chi bộ", "", "", "", ""],  # under the place
            ["Chi bộ Văn thư", "Chi bộ", "Đảng bộ Sở Tư pháp", "", "", ""],  # another committee
            ["Đảng bộ Mới", "Đảng bộ", "", "", "", ""],
        ],
        place=world.committee,
    )
    rows = preview.summary["rows"]
    assert [row["action"] for row in rows] == ["unchanged", "create", "error", "create"]
    assert rows[2]["errors"] == [
        "Không tìm thấy cấp trên “Đảng bộ Sở Tư pháp” trong tệp hoặc trong Đảng bộ Cơ quan Văn phòng."
    ]
    site = OrganizationImport.objects.count()
    with pytest.raises(NotAllowed):
        _preview(clerk, TREE)  # the whole site: superusers only
    with pytest.raises(NotAllowed):
        _preview(world.users["cell_secretary"], TREE, place=world.committee)
    with pytest.raises(NotAllowed):
        _preview(world.users["member"], TREE, place=world.cell_a)
    assert OrganizationImport.objects.count() == site


def test_the_superior_line_of_a_top_level_committee_comes_from_the_file(admin):
    """Found by the newcomer's walk: an imported top-level committee had no superior line, so its
    first KH lacked "ĐẢNG BỘ KHỐI …" above its name, and no column of the file could say it."""
    rows = [
        ["Tên tổ chức", "Loại", "Cấp trên", "Mã", "Tên cấp trên in hoa", "Địa danh"],
        ["Đảng bộ Sở Tư pháp", "Đảng bộ", "", "DB-STP", "ĐẢNG BỘ KHỐI CÁC CƠ QUAN TỈNH", "Huế"],
        ["Chi bộ Văn phòng Sở", "Chi bộ", "DB-STP", "CB-VP", "", ""],
    ]
    apply_organization_import(actor=admin, tree_import=_preview(admin, rows))
    assert Organization.objects.get(code="DB-STP").superior_header_name == "ĐẢNG BỘ KHỐI CÁC CƠ QUAN TỈNH"
    assert Organization.objects.get(code="CB-VP").superior_header_name == "ĐẢNG UỶ SỞ TƯ PHÁP"
    rows[1][4] = "ĐẢNG BỘ TỈNH"
    again = _preview(admin, rows)
    assert [row["action"] for row in again.summary["rows"]] == ["update", "unchanged"]


def test_the_template_has_the_columns_and_imports_cleanly(admin):
    content = tree_template_xlsx()
    book = load_workbook(io.BytesIO(content))
    assert tuple(cell.value for cell in book.worksheets[0][1]) == HEADERS
    assert book.sheetnames == ["Cây tổ chức", "Hướng dẫn"]
    preview = preview_organization_import(actor=admin, place=None, file_name="mau.xlsx", content=content)
    assert preview.summary["counts"] == {"create": 3, "update": 0, "unchanged": 0, "error": 0}
    apply_organization_import(actor=admin, tree_import=preview)
    assert Organization.objects.get(code="CB-PC").parent.code == "DB-VP"
    assert Organization.objects.get(code="DB-VP").superior_header_name == "ĐẢNG BỘ KHỐI CÁC CƠ QUAN TỈNH"


def test_one_workbook_holds_the_tree_and_the_members_on_two_sheets(admin):
    book = Workbook()
    book.active.title = "Danh sách đảng viên"  # the members first: each import finds its own sheet
    for row in (["Họ và tên", "Chi bộ", "Loại đảng viên"], ["Võ Minh Tuấn", "Chi bộ Pháp chế", "Chính thức"]):
        book.active.append(row)
    tree = book.create_sheet("Cây tổ chức")
    for row in (
        ["Tên tổ chức", "Loại", "Cấp trên", "Mã", "Địa danh"],
        ["Đảng bộ Cơ quan Văn phòng", "Đảng bộ", "", "DB-VP", "Nha Trang"],
        ["Chi bộ Pháp chế", "Chi bộ", "DB-VP", "CB-PC", ""],
    ):
        tree.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    content = buffer.getvalue()
    tree_import = preview_organization_import(
        actor=admin, place=None, file_name="van-phong.xlsx", content=content
    )
    apply_organization_import(actor=admin, tree_import=tree_import)
    committee = Organization.objects.get(code="DB-VP")
    members = preview_member_import(
        actor=admin, organization=committee, file_name="van-phong.xlsx", content=content
    )
    assert members.summary["counts"] == {"create": 1, "update": 0, "unchanged": 0, "error": 0}
    apply_member_import(actor=admin, member_import=members)
    assert Member.objects.get().cell.code == "CB-PC"

import io
import re

import pytest
from openpyxl import Workbook

from chuyende.common.errors import DomainError, NotAllowed
from chuyende.orgs.domain import apply_member_import, preview_member_import
from chuyende.orgs.models import Member, MemberImport
from tests.world import build_world

pytestmark = pytest.mark.django_db

CSV = (
    "Họ và tên,Số thẻ đảng viên,Chi bộ,Loại đảng viên,Chức vụ,Email\n"
    "Phạm Thị Thuỳ Dung,38016101,Chi bộ Phòng Nghiệp vụ Pháp chế,Chính thức,Chuyên viên,dung@example.vn\n"
    "Ngô Đình Khoa,38016102,Phòng Nghiệp vụ Kinh tế - Ngân sách,Dự bị,Chuyên viên,\n"
)


@pytest.fixture
def world():
    return build_world()


def _xlsx(rows):
    workbook = Workbook()
    for row in rows:
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_csv_preview_writes_nothing_then_apply_creates_members(world):
    clerk = world.users["clerk"]
    preview = preview_member_import(
        actor=clerk, organization=world.committee, file_name="ds.csv", content=CSV.encode()
    )
    assert preview.summary["counts"] == {"create": 2, "update": 0, "unchanged": 0, "error": 0}
    assert not Member.objects.filter(party_card_number__in=["38016101", "38016102"]).exists()

    applied = apply_member_import(actor=clerk, member_import=preview)
    assert applied.status == MemberImport.Status.APPLIED
    khoa = Member.objects.get(party_card_number="38016102")
    assert (khoa.full_name, khoa.cell, khoa.status) == ("Ngô Đình Khoa", world.cell_b, "probationary")


def test_reimporting_the_same_file_changes_nothing(world):
    clerk = world.users["clerk"]
    first = preview_member_import(
        actor=clerk, organization=world.committee, file_name="ds.csv", content=CSV.encode()
    )
    apply_member_import(actor=clerk, member_import=first)
    count = Member.objects.count()
    again = preview_member_import(
        actor=clerk, organization=world.committee, file_name="ds.csv", content=CSV.encode("utf-8-sig")
    )
    assert again.summary["counts"] == {"create": 0, "update": 0, "unchanged": 2, "error": 0}
    apply_member_import(actor=clerk, member_import=again)
    apply_member_import(actor=clerk, member_import=again)  # a double click
    assert Member.objects.count() == count


def test_xlsx_with_row_errors_in_vietnamese_is_refused(world):
    content = _xlsx([
        ["STT", "Họ và tên", "Chi bộ", "Loại đảng viên", "Email"],
        [1, "Lê Quang Vinh", "Phòng Nghiệp vụ Pháp chế", "Chính thức", "vinh@example.vn"],
        [2, "", "Phòng Nghiệp vụ Pháp chế", "Chính thức", ""],
        [3, "Bùi Thị Lan Hương", "Chi bộ Không Có", "Dự bị", ""],
        [4, "Châu Văn Nghĩa", "Phòng Nghiệp vụ Pháp chế", "Tạm thời", "sai-email"],
    ])  # fmt: skip
    preview = preview_member_import(
        actor=world.users["clerk"], organization=world.committee, file_name="DS.XLSX", content=content
    )
    rows = preview.summary["rows"]
    assert preview.summary["counts"] == {"create": 1, "update": 0, "unchanged": 0, "error": 3}
    assert rows[1]["errors"] == ["Thiếu họ và tên."]
    assert rows[2]["errors"] == ["Không có chi bộ “Chi bộ Không Có” trong Đảng bộ Cơ quan Văn phòng."]
    assert rows[3]["errors"] == [
        "Loại đảng viên “Tạm thời” không hợp lệ (Chính thức hoặc Dự bị).",
        "Địa chỉ thư điện tử “sai-email” không hợp lệ.",
    ]
    with pytest.raises(DomainError, match="Còn 3 dòng lỗi"):
        apply_member_import(actor=world.users["clerk"], member_import=preview)
    assert not Member.objects.filter(full_name="Lê Quang Vinh").exists()


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("ds.xlsx", b"PK\x03\x04 not really a workbook", "Không đọc được tệp Excel"),
        (
            "ds.csv",
            "Ho va t\u00ean,Chi b\u00f4\nL\u00ea V\u0103n A,Ph\u00e1p ch\u00ea\n".encode("cp1258"),
            "không dùng bảng mã Unicode",
        ),
        ("ds.pdf", b"%PDF-1.4", "Chỉ nhận tệp Excel (.xlsx) hoặc CSV (.csv)."),
        ("ds.csv", b"", "Tệp tải lên trống."),
        ("ds.csv", "Tên,Đơn vị\nA,B\n".encode(), "Không tìm thấy cột “Họ và tên”"),
    ],
)
def test_broken_files_get_a_clear_message_and_store_nothing(world, name, content, message):
    with pytest.raises(DomainError, match=re.escape(message)):
        preview_member_import(
            actor=world.users["clerk"], organization=world.committee, file_name=name, content=content
        )
    assert MemberImport.objects.count() == 0


@pytest.mark.parametrize("role", ["member", "supervisor", "committee_member", "outsider"])
def test_only_managers_import(world, role):
    with pytest.raises(NotAllowed):
        preview_member_import(
            actor=world.users[role], organization=world.committee, file_name="ds.csv", content=CSV.encode()
        )


def test_cell_secretary_imports_only_into_their_cell(world):
    preview = preview_member_import(
        actor=world.users["cell_secretary"],
        organization=world.cell_a,
        file_name="ds.csv",
        content=CSV.encode(),
    )
    assert preview.summary["counts"]["error"] == 1
    assert "Không có chi bộ “Phòng Nghiệp vụ Kinh tế - Ngân sách”" in preview.summary["rows"][1]["errors"][0]

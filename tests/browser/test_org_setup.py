"""An office starts from nothing, in the browser: the site administrator (only `migrate` and one
superuser outside the browser) imports the organization tree from an XLSX, then the members, then
appoints the committee's secretary on the roles page, and the plan's issuing page offers him as
the signer. No Django admin, no API, no ORM writes."""

import re

import openpyxl
import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ADMIN_PASSWORD = "quan-tri-thu-nghiem"


def _tree_xlsx(tmp_path):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Tên tổ chức", "Loại", "Cấp trên", "Mã", "Địa danh", "Đơn vị"])
    sheet.append(
        ["Đảng bộ Cơ quan Văn phòng", "Đảng bộ", "", "DB-VP", "Nha Trang", "Văn phòng Đoàn ĐBQH và HĐND tỉnh"]
    )
    sheet.append(
        ["Chi bộ Phòng Nghiệp vụ Pháp chế", "Chi bộ", "DB-VP", "CB-PC", "", "Phòng Nghiệp vụ Pháp chế"]
    )
    sheet.append(["Chi bộ Phòng Tổng hợp", "Chi bộ", "Đảng bộ Cơ quan Văn phòng", "CB-TH", "", ""])
    path = tmp_path / "cay-to-chuc.xlsx"
    book.save(path)
    return path


def _members_xlsx(tmp_path):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Họ và tên", "Chi bộ", "Loại đảng viên"])
    sheet.append(["Võ Minh Tuấn", "Chi bộ Phòng Nghiệp vụ Pháp chế", "Chính thức"])
    sheet.append(["Huỳnh Thị Ngọc Ánh", "Chi bộ Phòng Tổng hợp", "Chính thức"])
    path = tmp_path / "danh-sach-dang-vien.xlsx"
    book.save(path)
    return path


def test_office_builds_its_tree_members_and_secretary_in_the_browser(live_server, page, tmp_path):
    url = live_server.url
    get_user_model().objects.create_superuser("quantri", "quantri@example.vn", ADMIN_PASSWORD)
    page.goto(f"{url}/dang-nhap/")
    page.get_by_label("Tên đăng nhập").fill("quantri")
    page.get_by_label("Mật khẩu").fill(ADMIN_PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()

    # The tree, from an XLSX: previewed row by row, then applied.
    page.goto(f"{url}/to-chuc/")
    page.get_by_role("link", name="Nhập cây tổ chức từ Excel/CSV").click()
    page.locator('input[type="file"]').set_input_files(str(_tree_xlsx(tmp_path)))
    page.get_by_role("button", name="Xem trước").click()
    expect(page.get_by_test_id("import-counts")).to_contain_text("3 thêm mới")
    page.get_by_role("button", name="Xác nhận nhập").click()
    expect(page.locator("body")).to_contain_text("Đã nhập xong: 3 tổ chức mới, 0 được cập nhật, 0 không đổi.")

    # The members, from the committee's page.
    page.get_by_role("link", name="Đảng bộ Cơ quan Văn phòng").first.click()
    committee_id = re.search(r"/to-chuc/(\d+)/", page.url).group(1)
    expect(page.locator("body")).to_contain_text("Chi bộ Phòng Nghiệp vụ Pháp chế")
    page.get_by_role("link", name="Nhập danh sách từ Excel/CSV").click()
    page.locator('input[type="file"]').set_input_files(str(_members_xlsx(tmp_path)))
    page.get_by_role("button", name="Xem trước").click()
    page.get_by_role("button", name="Xác nhận nhập").click()
    expect(page.locator("body")).to_contain_text(
        "Đã nhập xong: 2 đảng viên mới, 0 được cập nhật, 0 không đổi."
    )

    # The secretary of the committee, on its roles page (search without accents).
    page.goto(f"{url}/to-chuc/{committee_id}/")
    page.get_by_role("link", name="Vai trò").click()
    page.get_by_label("Tìm đảng viên (gõ có dấu hoặc không dấu)").fill("vo minh tuan")
    page.get_by_label(re.compile("Võ Minh Tuấn")).check()
    page.locator("select[name=role]").select_option(label="Bí thư")
    page.get_by_role("button", name="Phân công").click()
    expect(page.locator("body")).to_contain_text("Đã phân công đồng chí Võ Minh Tuấn làm Bí thư.")
    expect(page.get_by_test_id("current-roles")).to_contain_text("Võ Minh Tuấn")

    # A plan of the committee: its issuing page offers him as the signer.
    page.goto(f"{url}/ke-hoach/tao/?org={committee_id}")
    page.get_by_label("Chuyên đề").fill("Xây dựng và chỉnh đốn Đảng")
    page.get_by_label("Chi bộ sinh hoạt trước ngày").fill("2026-12-20")
    page.get_by_role("button", name="Lưu dự thảo").click()
    signer = page.get_by_label("Người ký")
    expect(signer.locator("option", has_text="Võ Minh Tuấn")).to_have_text("Võ Minh Tuấn — Bí thư")

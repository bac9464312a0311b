"""An office starts from nothing, in the browser: on an empty database the login page says how the
first account is made; the site administrator is made that way (`chuyende first_admin`, what
`make run DEMO=0` runs — the only step outside the browser besides `migrate`) and signs in. From
then on the home page's "Việc cần làm tiếp theo" leads, one line at a time: the organization tree
from an XLSX (with the superior line of the top committee), the members, the committee's secretary
on the roles page, the term, the members' logins. The plan's issuing page offers the secretary as
the signer, and the issued KH carries the superior line and no placeholder for the empty aims.
No Django admin, no API, no ORM writes."""

import re

import openpyxl
import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from tests.pdftext import pdf_text

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ADMIN_PASSWORD = "quan-tri-thu-nghiem"


def _tree_xlsx(tmp_path):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Tên tổ chức", "Loại", "Cấp trên", "Mã", "Tên cấp trên in hoa", "Địa danh", "Đơn vị"])
    sheet.append(["Đảng bộ Cơ quan Văn phòng", "Đảng bộ", "", "DB-VP", "ĐẢNG BỘ KHỐI CÁC CƠ QUAN TỈNH", "Nha Trang",
                  "Văn phòng Đoàn ĐBQH và HĐND tỉnh"])  # fmt: skip
    sheet.append(
        ["Chi bộ Phòng Nghiệp vụ Pháp chế", "Chi bộ", "DB-VP", "CB-PC", "", "", "Phòng Nghiệp vụ Pháp chế"]
    )
    sheet.append(["Chi bộ Phòng Tổng hợp", "Chi bộ", "Đảng bộ Cơ quan Văn phòng", "CB-TH", "", "", ""])
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


def _next_step(page, url, text, action):
    """The first line of "Việc cần làm tiếp theo" on the home page is this step; its button is taken."""
    page.goto(f"{url}/")
    first = page.locator("ul.tasks li").first
    expect(first).to_contain_text(text)
    first.get_by_role("link", name=action).click()


def test_office_starts_from_nothing_led_by_its_home_page(live_server, page, tmp_path, monkeypatch):
    url = live_server.url
    # No account at all: the login page says how the first one is made, and it is made that way.
    page.goto(f"{url}/dang-nhap/")
    expect(page.locator("#first-run")).to_contain_text("chuyende createsuperuser")
    monkeypatch.setenv("DJANGO_SUPERUSER_USERNAME", "quantri")
    monkeypatch.setenv("DJANGO_SUPERUSER_PASSWORD", ADMIN_PASSWORD)
    call_command("first_admin")
    page.goto(f"{url}/dang-nhap/")
    expect(page.locator("#first-run")).to_have_count(0)
    page.get_by_label("Tên đăng nhập").fill("quantri")
    page.get_by_label("Mật khẩu").fill(ADMIN_PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()

    # The tree, from an XLSX: previewed row by row, then applied.
    _next_step(page, url, "Hệ thống chưa có tổ chức nào.", "Nhập cây tổ chức")
    page.locator('input[type="file"]').set_input_files(str(_tree_xlsx(tmp_path)))
    page.get_by_role("button", name="Xem trước").click()
    expect(page.get_by_test_id("import-counts")).to_contain_text("3 thêm mới")
    page.get_by_role("button", name="Xác nhận nhập").click()
    expect(page.locator("body")).to_contain_text("Đã nhập xong: 3 tổ chức mới, 0 được cập nhật, 0 không đổi.")

    # The members, the step the home page names next.
    _next_step(page, url, "Đảng bộ Cơ quan Văn phòng chưa có đảng viên nào", "Nhập danh sách đảng viên")
    page.locator('input[type="file"]').set_input_files(str(_members_xlsx(tmp_path)))
    page.get_by_role("button", name="Xem trước").click()
    page.get_by_role("button", name="Xác nhận nhập").click()
    expect(page.locator("body")).to_contain_text(
        "Đã nhập xong: 2 đảng viên mới, 0 được cập nhật, 0 không đổi."
    )

    # The secretary of the committee, on its roles page (search without accents).
    _next_step(page, url, "Đảng bộ Cơ quan Văn phòng chưa phân công Bí thư", "Phân công vai trò")
    page.get_by_label("Tìm đảng viên (gõ có dấu hoặc không dấu)").fill("vo minh tuan")
    page.get_by_label(re.compile("Võ Minh Tuấn")).check()
    page.locator("select[name=role]").select_option(label="Bí thư")
    page.get_by_role("button", name="Phân công").click()
    expect(page.locator("body")).to_contain_text("Đã phân công đồng chí Võ Minh Tuấn làm Bí thư.")
    expect(page.get_by_test_id("current-roles")).to_contain_text("Võ Minh Tuấn")
    committee_id = re.search(r"/to-chuc/(\d+)/", page.url).group(1)

    # The term, then the logins: the last step stays until the members activate their accounts.
    _next_step(page, url, "Đảng bộ Cơ quan Văn phòng chưa có nhiệm kỳ", "Thêm nhiệm kỳ")
    page.get_by_label("Tên nhiệm kỳ").fill("Nhiệm kỳ 2025 – 2030")
    page.get_by_label("Từ ngày").fill("2025-07-01")
    page.get_by_role("button", name="Lưu").click()
    expect(page.locator("body")).to_contain_text("Nhiệm kỳ 2025 – 2030")
    _next_step(
        page, url, "2 đảng viên của Đảng bộ Cơ quan Văn phòng chưa kích hoạt tài khoản", "Cấp tài khoản"
    )
    expect(page).to_have_url(f"{url}/to-chuc/{committee_id}/tai-khoan/")
    expect(page.locator("main")).to_contain_text("Chi bộ Phòng Nghiệp vụ Pháp chế")

    # A plan of the committee without purpose or requirements: its issuing page offers the
    # secretary as the signer, and the issued KH has the superior line and no "…".
    page.goto(f"{url}/ke-hoach/tao/?org={committee_id}")
    page.get_by_label("Chuyên đề").fill("Xây dựng và chỉnh đốn Đảng")
    page.get_by_label("Chi bộ sinh hoạt trước ngày").fill("2026-12-20")
    page.get_by_role("button", name="Lưu dự thảo").click()
    plan_url = page.url
    for cell in ("Chi bộ Phòng Nghiệp vụ Pháp chế", "Chi bộ Phòng Tổng hợp"):
        form = page.locator("form.card", has_text=cell)
        form.get_by_label("Chuyên đề của chi bộ").fill("Nêu gương trong công tác")
        form.get_by_role("button", name="Phân công").click()
        expect(page.locator("body")).to_contain_text(f"Đã phân công chuyên đề cho {cell}.")
    issue = page.locator("#issue-plan")
    signer = issue.get_by_label("Người ký")
    expect(signer.locator("option", has_text="Võ Minh Tuấn")).to_have_text("Võ Minh Tuấn — Bí thư")
    signer.select_option(signer.locator("option", has_text="Võ Minh Tuấn").get_attribute("value"))
    issue.get_by_role("checkbox").check()
    issue.get_by_role("button", name=re.compile("Ban hành kế hoạch")).click()
    if page.get_by_role("checkbox", name=re.compile("Tôi đã đọc cảnh báo")).count():  # a past due date
        page.get_by_role("checkbox", name=re.compile("Tôi đã đọc cảnh báo")).check()
        page.locator("#issue-plan").get_by_role("checkbox", name="Tôi xác nhận.").check()
        page.locator("#issue-plan").get_by_role("button", name=re.compile("Ban hành kế hoạch")).click()
    expect(page.locator("body")).to_contain_text("Đã ban hành kế hoạch và phổ biến tới đảng viên.")
    response = page.request.get(f"{plan_url}ke-hoach.pdf")
    lines = pdf_text(response.body()).splitlines()
    assert lines[0] == "ĐẢNG BỘ KHỐI CÁC CƠ QUAN TỈNH" and lines[1] == "ĐẢNG UỶ CƠ QUAN VĂN PHÒNG"
    assert "I. NỘI DUNG" in lines and "II. TỔ CHỨC THỰC HIỆN" in lines
    assert not any(line.strip().endswith("…") for line in lines), lines

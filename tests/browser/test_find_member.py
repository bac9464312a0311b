import pytest
from playwright.sync_api import expect

from chuyende.orgs.enums import Role
from tests import factories as f

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_secretary_logs_in_opens_the_tree_and_finds_a_member_without_diacritics(live_server, page):
    committee = f.organization(name="Đảng bộ Cơ quan Văn phòng Đoàn ĐBQH và HĐND tỉnh")
    cell = f.cell(committee, name="Chi bộ Phòng Nghiệp vụ Pháp chế")
    f.member(cell, "Võ Minh Tuấn")
    f.member(cell, "Huỳnh Thị Ngọc Ánh")
    secretary = f.user("bithu", member=f.member(cell, "Nguyễn Đức Thành"))
    f.role(secretary, committee, Role.SECRETARY)

    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{live_server.url}/")
    page.get_by_label("Tên đăng nhập").fill("bithu")
    page.get_by_label("Mật khẩu").fill("mat-khau-thu-nghiem")
    page.get_by_role("button", name="Đăng nhập").click()
    expect(page.get_by_role("heading", name="Xin chào, Nguyễn Đức Thành")).to_be_visible()

    # On a phone the menu is one button; its links open under it.
    expect(page.get_by_role("link", name="Lưu trữ", exact=True)).to_be_hidden()
    page.get_by_text("Trình đơn", exact=True).click()
    page.get_by_role("link", name="Tổ chức", exact=True).click()
    page.get_by_role("button", name="Mở").first.click()
    expect(page.get_by_text("Chi bộ Phòng Nghiệp vụ Pháp chế")).to_be_visible()

    page.get_by_text("Trình đơn", exact=True).click()
    page.get_by_role("link", name="Đảng viên", exact=True).click()
    page.get_by_label("Tìm theo họ tên").fill("huynh thi ngoc anh")
    results = page.locator("#results tbody tr")
    expect(results).to_have_count(1)
    expect(results.first).to_contain_text("Huỳnh Thị Ngọc Ánh")

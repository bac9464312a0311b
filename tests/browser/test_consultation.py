import io
from datetime import timedelta

import docx
import pytest
from django.utils import timezone
from playwright.sync_api import expect

from chuyende.common.actors import SYSTEM
from chuyende.consultations.domain import create_draft, open_consultation, publish_version
from chuyende.consultations.structure import parse_lines
from chuyende.orgs.enums import Role
from tests import factories as f

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PARAGRAPH = "Nâng cao chất lượng sinh hoạt chi bộ và trách nhiệm nêu gương của đảng viên."


def _login(page, url, username):
    page.goto(f"{url}/dang-nhap/")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill("mat-khau-thu-nghiem")
    page.get_by_role("button", name="Đăng nhập").click()


def test_member_comments_on_a_phone_office_handles_it_report_shows_it(live_server, page):
    committee = f.organization(name="Đảng bộ Cơ quan Văn phòng")
    cell = f.cell(committee, name="Chi bộ Phòng Nghiệp vụ Pháp chế")
    f.user("dangvien", member=f.member(cell, "Huỳnh Thị Ngọc Ánh"))
    f.role(f.user("vanphong"), committee, Role.OFFICE_CLERK)
    lines = ["I. MỤC TIÊU", f"1. {PARAGRAPH}", "2. Siết chặt kỷ luật, kỷ cương."]
    draft = create_draft(
        actor=SYSTEM, organization=committee, title="Dự thảo Nghị quyết", blocks=parse_lines(lines)
    )
    version = publish_version(actor=SYSTEM, version=draft.versions.get())
    now = timezone.now()
    consultation = open_consultation(
        actor=SYSTEM, version=version, title="Lấy ý kiến dự thảo", opens_at=now - timedelta(days=1),
        closes_at=now + timedelta(days=3), organizations=[committee],
    )  # fmt: skip

    page.set_viewport_size({"width": 390, "height": 844})
    _login(page, live_server.url, "dangvien")
    page.get_by_role("link", name="Lấy ý kiến dự thảo").first.click()
    block = page.locator("section.block", has_text=PARAGRAPH)
    block.get_by_text(PARAGRAPH).click()  # tap one: the form opens under the paragraph
    block.get_by_label("Nội dung góp ý").fill("Đề nghị bổ sung trách nhiệm của người đứng đầu.")
    block.get_by_role("button", name="Đề nghị sửa đổi").click()  # tap two
    expect(block.get_by_role("status")).to_have_text("Đã ghi nhận ý kiến của đồng chí.")

    page.context.clear_cookies()
    page.set_viewport_size({"width": 1280, "height": 900})
    _login(page, live_server.url, "vanphong")
    page.goto(f"{live_server.url}/lay-y-kien/{consultation.pk}/xu-ly/")
    expect(page.get_by_test_id("unhandled")).to_have_text("còn 1 ý kiến chưa xử lý")
    page.get_by_role("button", name="Tổng hợp, nhóm ý kiến trùng lặp").click()
    expect(page.locator("#progress")).to_contain_text("Hoàn tất")
    page.keyboard.press("a")  # accept the selected item, focus its explanation
    page.keyboard.type("Tiếp thu, bổ sung vào dự thảo lần 2.")
    page.keyboard.press("Enter")
    expect(page.get_by_test_id("unhandled")).to_have_text("còn 0 ý kiến chưa xử lý")

    report = page.request.get(f"{live_server.url}/lay-y-kien/{consultation.pk}/bao-cao/?format=docx")
    table = docx.Document(io.BytesIO(report.body())).tables[-1]
    row = [cell.text for cell in table.rows[1].cells]
    assert row[0] == "1" and PARAGRAPH in row[1] and "người đứng đầu" in row[2]
    assert (row[3], row[4]) == ("Tiếp thu", "Tiếp thu, bổ sung vào dự thảo lần 2.")

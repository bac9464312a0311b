"""Choosing named members as a consultation's audience: each search replaces the results, so a
ticked member must move to the chosen list (static/web/app.js; the CSP forbids inline scripts)."""

import pytest
from playwright.sync_api import expect

from chuyende.common.actors import SYSTEM
from chuyende.consultations.domain import create_draft
from chuyende.consultations.models import Consultation
from chuyende.consultations.structure import parse_lines
from chuyende.orgs.enums import Role
from tests import factories as f

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_members_ticked_in_two_searches_are_both_in_the_audience(live_server, page):
    committee = f.organization(name="Đảng bộ Cơ quan Văn phòng")
    cell = f.cell(committee, name="Chi bộ Phòng Nghiệp vụ Pháp chế")
    other = f.cell(committee, name="Chi bộ Phòng Tổng hợp")
    anh = f.member(cell, "Huỳnh Thị Ngọc Ánh")
    tuan = f.member(other, "Võ Minh Tuấn")
    f.role(f.user("vanphong"), committee, Role.OFFICE_CLERK)
    draft = create_draft(
        actor=SYSTEM, organization=committee, title="Dự thảo Nghị quyết",
        blocks=parse_lines(["I. MỤC TIÊU", "1. Nâng cao chất lượng sinh hoạt chi bộ."]),
    )  # fmt: skip

    page.goto(f"{live_server.url}/dang-nhap/")
    page.get_by_label("Tên đăng nhập").fill("vanphong")
    page.get_by_label("Mật khẩu").fill("mat-khau-thu-nghiem")
    page.get_by_role("button", name="Đăng nhập").click()
    page.goto(f"{live_server.url}/du-thao/{draft.pk}/lay-y-kien/")
    page.locator("#open-form input[name=organizations]:checked").uncheck()

    search = page.get_by_label("Tìm đảng viên (gõ có dấu hoặc không dấu)")
    search.fill("ngoc anh")
    page.locator("#found").get_by_label("Huỳnh Thị Ngọc Ánh", exact=False).check()
    search.fill("minh tuan")
    page.locator("#found").get_by_label("Võ Minh Tuấn", exact=False).check()
    picked = page.locator("#picked input[name=members]:checked")
    expect(picked).to_have_count(2)  # the first one survived the second search

    page.locator("#open-form input[name=confirmed]").check()
    page.get_by_role("button", name="Công bố và mở lấy ý kiến").click()
    expect(page.get_by_text("Đã công bố dự thảo và mở đợt lấy ý kiến.")).to_be_visible()
    consultation = Consultation.objects.get()
    assert set(consultation.audience_members.values_list("pk", flat=True)) == {anh.pk, tuan.pk}

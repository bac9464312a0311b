import os
import re
from importlib import import_module

import pytest
from playwright.sync_api import expect

from chuyende.meetings.models import Meeting
from tests.world import build_world

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _scoring_templates(transactional_db):
    """The templates come from a data migration, and an earlier transactional test flushes them:
    load them again the way the migration does."""
    from django.apps import apps

    import_module("chuyende.meetings.migrations.0002_load_scoring_templates").load(apps, None)


PASSWORD = "mat-khau-thu-nghiem"


def _login(page, base, username):
    page.context.clear_cookies()
    page.goto(f"{base}/dang-nhap/")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()


def test_secretary_runs_a_meeting_and_the_supervisor_confirms_the_grade(live_server, page, tmp_path):
    world = build_world()
    base = live_server.url
    page.set_viewport_size({"width": 390, "height": 844})
    _login(page, base, "bithu-phapche")

    page.goto(f"{base}/sinh-hoat/?org={world.cell_a.pk}")
    page.get_by_role("link", name="Lên lịch buổi sinh hoạt").click()
    page.locator("[name=kind]").select_option("thematic")
    page.locator("[name=title]").fill("Sinh hoạt chuyên đề tháng 3")
    page.locator("[name=starts_at]").fill("2026-03-03T14:00")
    page.locator("[name=ends_at]").fill("2026-03-03T16:30")
    page.locator("[name=agenda]").fill("Quán triệt chuyên đề\nThảo luận")
    page.get_by_role("button", name="Lên lịch").click()
    # The start is already past (the test's meeting is in March): a warning, everything kept.
    expect(page.get_by_text("Chỉ xác nhận nếu đồng chí đang ghi lại một buổi đã diễn ra.")).to_be_visible()
    expect(page.locator("[name=agenda]")).to_have_value("Quán triệt chuyên đề\nThảo luận")
    page.get_by_label("Tôi đã đọc cảnh báo, vẫn lên lịch").check()
    page.get_by_role("button", name="Lên lịch").click()
    expect(page.get_by_role("heading", name="Sinh hoạt chuyên đề tháng 3")).to_be_visible()

    paper = tmp_path / "bai-tham-luan.pdf"
    paper.write_bytes(b"%PDF-1.4 bai tham luan")
    page.locator("[name=file]").set_input_files(str(paper))
    page.get_by_role("button", name="Tải lên").click()
    page.get_by_label(re.compile("Tài liệu sẽ được gửi tới 2 đảng viên phải dự")).check()
    page.get_by_role("button", name="Phát hành tài liệu tới đảng viên").click()
    expect(page.get_by_text("Đã phát hành lúc")).to_be_visible()

    page.get_by_role("link", name="Điểm danh").click()
    for member in (world.member_a, world.member_a2):
        row = page.locator(f"#member-{member.pk}")
        row.get_by_role("button", name="Có mặt").click()
        expect(row).to_contain_text("Có mặt")
    expect(page.locator("#attendance tbody tr")).to_have_count(2)

    page.get_by_role("link", name="Sinh hoạt chuyên đề tháng 3").click()
    page.get_by_role("link", name="Biên bản", exact=True).click()
    page.get_by_role("button", name="Lập dự thảo biên bản từ chương trình và điểm danh").click()
    page.locator("[name=proceedings]").fill(
        "Võ Minh Tuấn: Trình bày bài tham luận\nHuỳnh Thị Ngọc Ánh: Góp ý"
    )
    page.locator("[name=conclusion]").fill("Chi bộ thống nhất các giải pháp.")
    page.locator("[name=votes_agree]").fill("2")
    page.get_by_label(re.compile("Biên bản sẽ được thông qua và khoá")).check()
    page.get_by_role("button", name="Đã đọc lại và thông qua — khoá biên bản").click()
    expect(page.get_by_role("heading", name="Biên bản — Đã thông qua")).to_be_visible()

    page.get_by_role("link", name="Sinh hoạt chuyên đề tháng 3").click()
    page.get_by_role("link", name="Xếp loại chất lượng").click()
    for code, value in {"chuan_bi": "14", "du_hop": "20", "tien_hanh": "40", "ket_thuc": "18"}.items():
        page.locator(f"[name={code}]").fill(value)
    page.get_by_role("button", name="Chi bộ đề xuất").click()
    expect(page.locator("#evaluation")).to_contain_text("Chi bộ đề xuất: 92 điểm — Tốt")
    expect(page.get_by_role("button", name="Xác nhận xếp loại")).to_have_count(0)

    meeting = Meeting.objects.get(title="Sinh hoạt chuyên đề tháng 3")
    _login(page, base, "giamsat")
    page.goto(f"{base}/sinh-hoat/{meeting.pk}/xep-loai/")
    page.get_by_label(re.compile("Xếp loại sẽ được xác nhận")).check()
    page.get_by_role("button", name="Xác nhận xếp loại").click()
    expect(page.locator("#evaluation")).to_contain_text("Đã xác nhận: 92 điểm — Tốt")
    meeting.refresh_from_db()
    assert (meeting.score, meeting.passed, meeting.minutes_approved_at is not None) == (92, True, True)

import os

import pytest
from playwright.sync_api import expect

from chuyende.papers.models import PaperComment
from tests.papers.helpers import submitted_paper
from tests.world import build_world

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PARAGRAPH = "Việc học tập nghị quyết có lúc còn hình thức, chưa gắn với nhiệm vụ của phòng."


def log_in(page, url, username):
    page.goto(f"{url}/dang-nhap/")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill("mat-khau-thu-nghiem")
    page.get_by_role("button", name="Đăng nhập").click()


def test_member_taps_a_paragraph_comments_and_the_author_answers(live_server, page):
    world = build_world()
    paper = submitted_paper(world)
    page.set_viewport_size({"width": 390, "height": 844})

    log_in(page, live_server.url, "bithu")  # a member of another cell of the committee
    page.goto(f"{live_server.url}/tham-luan/{paper.pk}/")
    page.get_by_text(PARAGRAPH).click()
    form = page.locator(".comment-form")
    expect(form).to_be_visible()
    form.get_by_label("Góp ý của đồng chí").fill("Nêu rõ nghị quyết nào, kỳ sinh hoạt nào.")
    form.get_by_role("button", name="Gửi góp ý").click()
    expect(page.get_by_text("Đã gửi góp ý. Cảm ơn đồng chí.")).to_be_visible()
    comment = PaperComment.objects.get()
    assert comment.quoted_text == PARAGRAPH

    page.context.clear_cookies()
    log_in(page, live_server.url, "dangvien")  # the author
    page.goto(f"{live_server.url}/tham-luan/{paper.pk}/")
    card = page.locator(f"#gop-y-{comment.pk}")
    card.get_by_text("Trả lời góp ý").click()
    card.get_by_label("Tiếp thu", exact=True).check()
    card.get_by_label("Trả lời, giải trình").fill("Đã bổ sung tên nghị quyết.")
    card.get_by_role("button", name="Lưu trả lời").click()
    expect(page.locator(f"#gop-y-{comment.pk}")).to_contain_text("Đã bổ sung tên nghị quyết.")

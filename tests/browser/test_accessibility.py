"""axe-core on the main pages of every demo role, on a phone (390×844) and a desktop; any serious
or critical violation fails. And the comment and attendance flows driven by the keyboard alone.

axe-core is vendored (tests/browser/vendor/axe.min.js, from the npm registry): nothing is fetched
while the tests run. The page set is bounded on purpose (this machine is shared): each role's home,
its own pages and one page of each kind it works on."""

from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from chuyende.commitments.access import commitments_for
from chuyende.consultations.access import consultations_for
from chuyende.documents.access import documents_for
from chuyende.meetings.access import meetings_for, plans_for
from chuyende.orgs.models import Member
from tests.world import build_world

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

AXE = Path(__file__).parent / "vendor" / "axe.min.js"
VIEWPORTS = {"phone": {"width": 390, "height": 844}, "desktop": {"width": 1280, "height": 900}}
BLOCKING = {"serious", "critical"}


@pytest.fixture
def browser_context_args(browser_context_args):
    """The site's Content-Security-Policy allows no injected script, and axe must be injected: the
    policy is lifted for these pages only (what axe checks does not depend on it)."""
    return {**browser_context_args, "bypass_csp": True}


def _sign_in(page, base, user):
    """A session made by Django's test client, handed to the browser: logging in through the form
    for every role would only test the login page again."""
    client = Client()
    client.force_login(user)
    page.context.clear_cookies()
    page.context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": client.cookies[settings.SESSION_COOKIE_NAME].value, "url": base}])  # fmt: skip


def _violations(page) -> list[str]:
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
    return [
        f"{v['id']} ({v['impact']}): {v['help']} — {', '.join(str(n['target']) for n in v['nodes'][:3])}"
        for v in result["violations"]
        if v["impact"] in BLOCKING
    ]


def _first(queryset):
    item = queryset.order_by("pk").first()
    assert item is not None, f"the demo has no {queryset.model.__name__} for this role"
    return item.pk


def _pages(user) -> list[str]:
    """Home, the user's own page and one page of each kind the role works on."""
    urls = [reverse("home"), reverse("my-page"), reverse("meeting-list"), reverse("document-list")]
    username = user.get_username()
    if username in ("vanphong", "bithu"):
        urls += [reverse("document-detail", args=[_first(documents_for(user))]), reverse("org-tree"),
                 reverse("plan-detail", args=[_first(plans_for(user))]), reverse("archive-browse")]  # fmt: skip
    if username in ("bithu-phapche", "giamsat"):
        meeting = _first(meetings_for(user))
        urls += [reverse("meeting-detail", args=[meeting]), reverse("meeting-attendance", args=[meeting]),
                 reverse("meeting-minutes", args=[meeting]), reverse("meeting-grade", args=[meeting])]  # fmt: skip
    if username == "dangvien":
        urls += [reverse("commitment-detail", args=[_first(commitments_for(user))]),
                 reverse("consultation-detail", args=[_first(consultations_for(user))]),
                 reverse("commitment-create"), "/khong-co-trang-nay/"]  # fmt: skip
    return urls


def test_main_pages_of_every_demo_role_have_no_serious_violation(live_server, page):
    call_command("demo")
    from django.contrib.auth import get_user_model

    users = get_user_model().objects.filter(
        username__in=["vanphong", "bithu", "giamsat", "bithu-phapche", "dangvien"]
    )
    assert users.count() == 5
    problems, checked = [], 0
    for user in users.order_by("username"):
        _sign_in(page, live_server.url, user)
        urls = _pages(user)
        for name, size in VIEWPORTS.items():
            page.set_viewport_size(size)
            for url in urls:
                page.goto(live_server.url + url)
                checked += 1
                problems += [f"{user.get_username()} {name} {url}: {p}" for p in _violations(page)]
    assert checked >= 50
    assert problems == [], "\n".join(problems)


def _tab_to(page, selector, limit=80):
    """Presses Tab until the focused element matches `selector` (the keyboard is all there is)."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("(s) => document.activeElement && document.activeElement.matches(s)", selector):
            return
    raise AssertionError(f"Tab never reached {selector}")


def _read_when_free(read, seconds=10.0):
    """The live server's thread may still hold SQLite's shared-cache table lock for a moment after
    its answer is on screen (the in-memory test database), and the page may already read "Có mặt"
    (the button's own label) before the server has stored the click (seen on PostgreSQL): read
    again until the row is there and the lock is gone."""
    import time

    from django.core.exceptions import ObjectDoesNotExist
    from django.db import OperationalError

    deadline = time.monotonic() + seconds
    while True:
        try:
            return read()
        except (OperationalError, ObjectDoesNotExist):
            if time.monotonic() > deadline:
                raise
            time.sleep(0.1)


def test_attendance_and_comment_with_the_keyboard_only(live_server, page):
    from chuyende.common.actors import SYSTEM
    from chuyende.consultations.domain import create_draft, open_consultation, publish_version
    from chuyende.consultations.structure import parse_lines
    from tests.meetings import helpers as h

    world = build_world()
    meeting = h.meeting(world)
    page.set_viewport_size(VIEWPORTS["phone"])
    _sign_in(page, live_server.url, world.users["cell_secretary"])
    page.goto(f"{live_server.url}/sinh-hoat/{meeting.pk}/diem-danh/")
    member = world.member_a
    _tab_to(page, f"#member-{member.pk} button[data-status=present]")
    page.keyboard.press("Enter")
    expect(page.locator(f"#member-{member.pk}")).to_contain_text("Có mặt")
    status = _read_when_free(lambda: Member.objects.get(pk=member.pk).attendances.get(meeting=meeting).status)
    assert status == "present"

    paragraph = "Nâng cao chất lượng sinh hoạt chi bộ."
    draft = create_draft(actor=SYSTEM, organization=world.committee, title="Dự thảo Nghị quyết",
                         blocks=parse_lines(["I. MỤC TIÊU", f"1. {paragraph}"]))  # fmt: skip
    version = publish_version(actor=SYSTEM, version=draft.versions.get())
    now = timezone.now()
    consultation = open_consultation(actor=SYSTEM, version=version, title="Lấy ý kiến", opens_at=now - timedelta(days=1),
                                     closes_at=now + timedelta(days=3), organizations=[world.committee])  # fmt: skip
    _sign_in(page, live_server.url, world.users["member"])
    page.goto(f"{live_server.url}/lay-y-kien/{consultation.pk}/")
    block = page.locator("section.block", has_text=paragraph)
    _tab_to(page, f"#{block.get_attribute('id')} .block-text")
    page.keyboard.press("Enter")  # opens the comment form under the paragraph
    expect(block.locator("textarea[name=text]")).to_be_visible()
    _tab_to(page, f"#{block.get_attribute('id')} textarea[name=text]")
    page.keyboard.type("Đề nghị nêu rõ trách nhiệm người đứng đầu.")
    _tab_to(page, f"#{block.get_attribute('id')} button[value=propose]")
    page.keyboard.press("Enter")
    expect(block.get_by_role("status")).to_have_text("Đã ghi nhận ý kiến của đồng chí.")
    assert (
        _read_when_free(lambda: consultation.comments.get().text)
        == "Đề nghị nêu rõ trách nhiệm người đứng đầu."
    )

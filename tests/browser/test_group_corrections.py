"""The office corrects the synthesis in the browser (/lay-y-kien/<id>/nhom-y-kien/): reads a
group's comments page by page, chooses the representative, marks "đã xem", merges two groups and
moves a comment by picking the target group from the searchable list, splits a group — and a
rerun of the synthesis keeps every one of those decisions."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from chuyende.common.actors import SYSTEM
from chuyende.consultations import domain
from chuyende.consultations.models import Comment, CommentGroup
from chuyende.consultations.structure import parse_lines
from chuyende.orgs.enums import Role
from tests import factories as f

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

BIG = "Đề nghị bổ sung trách nhiệm nêu gương của người đứng đầu cấp uỷ trong sinh hoạt chi bộ"
CHOSEN = (
    "bổ sung trách nhiệm nêu gương của người đứng đầu cấp uỷ trong sinh hoạt chi bộ, nhất là khi kiểm điểm"
)
ONLINE = ["Đảng viên ở xa được học nghị quyết trực tuyến.", "Cho đảng viên làm ăn xa học nghị quyết online."]
DEADLINE = [
    "Đề nghị lùi thời hạn số hoá hồ sơ đảng viên đến năm 2028.",
    "Nên lùi hạn số hoá hồ sơ đảng viên đến 2028.",
]


def _login(page, url, username):
    page.goto(f"{url}/dang-nhap/")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill("mat-khau-thu-nghiem")
    page.get_by_role("button", name="Đăng nhập").click()


def _seed():
    committee = f.organization(name="Đảng bộ Cơ quan Văn phòng")
    cell = f.cell(committee, name="Chi bộ Phòng Tổng hợp")
    members = [f.user(f"dv{n}", member=f.member(cell)) for n in range(3)]
    clerk = f.user("vanphong")
    f.role(clerk, committee, Role.OFFICE_CLERK)
    lines = [
        "I. MỤC TIÊU",
        "1. Nâng cao chất lượng sinh hoạt chi bộ.",
        "2. Số hoá hồ sơ đảng viên trước năm 2027.",
    ]
    draft = domain.create_draft(
        actor=SYSTEM, organization=committee, title="Dự thảo", blocks=parse_lines(lines)
    )
    version = domain.publish_version(actor=SYSTEM, version=draft.versions.get())
    now = timezone.now()
    consultation = domain.open_consultation(
        actor=SYSTEM, version=version, title="Lấy ý kiến dự thảo", opens_at=now - timedelta(days=1),
        closes_at=now + timedelta(days=3), organizations=[committee],
    )  # fmt: skip
    first, second = version.blocks.filter(kind="paragraph").order_by("position")
    texts = [(first, BIG + ("." if n % 2 else "")) for n in range(22)] + [(first, CHOSEN)]
    texts += [(first, t) for t in ONLINE] + [(second, t) for t in DEADLINE]
    for n, (block, text) in enumerate(texts):
        domain.submit_comment(
            actor=members[n % 3], consultation=consultation, stance="propose", text=text,
            idempotency_key=f"b{n}", target="paragraph", block_uid=block.uid,
        )  # fmt: skip
    return consultation, clerk, members, second


def _synthesize(consultation, clerk):
    run = domain.start_synthesis(actor=clerk, consultation=consultation)
    run.refresh_from_db()
    assert run.status == "done", run.error


def _group_of(text):
    return CommentGroup.objects.get(comments__text=text)


def _membership(consultation):
    return sorted(
        sorted(g.comments.values_list("pk", flat=True))
        for g in CommentGroup.objects.filter(consultation=consultation)
    )


def test_office_corrects_groups_and_a_rerun_keeps_every_correction(live_server, page):
    consultation, clerk, members, second = _seed()
    _synthesize(consultation, clerk)
    big = CommentGroup.objects.get(comments__text=CHOSEN)
    online = _group_of(ONLINE[0])
    deadline = _group_of(DEADLINE[0])
    assert big.size == 23 and online.size == 2 and deadline.size == 2

    _login(page, live_server.url, "vanphong")
    page.goto(f"{live_server.url}/lay-y-kien/{consultation.pk}/nhom-y-kien/")
    card = page.locator(f"#group-{big.pk}")
    expect(card.get_by_test_id("group-counts")).to_contain_text("23 ý kiến")

    # Read the comments, twenty a page.
    card.get_by_role("button", name="Xem các ý kiến").click()
    expect(card.locator("li[id^=comment-]")).to_have_count(20)
    card.get_by_role("link", name="Trang sau").click()
    expect(card.locator("li[id^=comment-]")).to_have_count(3)

    # Choose the representative (the htmx answer is the refreshed card).
    card.locator("li", has_text="nhất là khi kiểm điểm").get_by_role(
        "button", name="Chọn làm đại diện"
    ).click()
    expect(card.locator("blockquote")).to_have_text(CHOSEN)

    # Mark it seen.
    card.get_by_role("button", name="Đánh dấu đã xem").click()
    expect(card.locator(".badge.ok", has_text="Đã xem")).to_be_visible()

    # Merge the deadline group into the online group, picking it by its text, not its number.
    online_card = page.locator(f"#group-{online.pk}")
    online_card.get_by_text("Gộp với nhóm khác…").click()
    online_card.get_by_test_id("merge-search").fill("lui thoi han so hoa")
    pick = online_card.get_by_test_id("group-picker").locator("label", has_text="lùi")
    expect(pick).to_have_count(1)
    pick.locator("input[type=radio]").check()
    online_card.get_by_role("button", name="Gộp vào nhóm này").click()
    expect(online_card.get_by_test_id("group-counts")).to_contain_text("4 ý kiến")
    assert not CommentGroup.objects.filter(pk=deadline.pk).exists()

    # Split two comments out of the big group.
    card.get_by_role("button", name="Xem các ý kiến").click()
    boxes = card.locator("li[id^=comment-] input[type=checkbox]")
    expect(boxes).to_have_count(20)
    boxes.nth(0).check()
    boxes.nth(1).check()
    card.get_by_role("button", name="Tách các ý kiến đã chọn thành nhóm mới").click()
    expect(card.get_by_test_id("group-counts")).to_contain_text("21 ý kiến")

    # Move one comment of the big group into the merged group, picked from the list.
    card.get_by_role("button", name="Xem các ý kiến").click()
    row = card.locator("li[id^=comment-]").nth(2)
    moved_id = int(row.get_attribute("id").split("-")[1])
    row.get_by_text("Chuyển sang nhóm khác…").click()
    row.get_by_test_id("move-search").fill("truc tuyen")
    row.get_by_test_id("group-picker").locator("input[type=radio]").first.check()
    row.get_by_role("button", name="Chuyển").click()
    expect(card.get_by_test_id("group-counts")).to_contain_text("20 ý kiến")
    expect(online_card.get_by_test_id("group-counts")).to_contain_text("4 ý kiến")  # not refreshed yet
    page.reload()
    expect(page.locator(f"#group-{online.pk}").get_by_test_id("group-counts")).to_contain_text("5 ý kiến")

    before = _membership(consultation)
    big.refresh_from_db()
    assert (big.representative_text, big.seen_at is not None, big.edited) == (CHOSEN, True, True)
    assert Comment.objects.get(pk=moved_id).group_id == online.pk

    # A rerun regroups what no one touched and keeps every correction.
    late, _ = domain.submit_comment(
        actor=members[0], consultation=consultation, stance="propose", idempotency_key="late",
        text="Cần bố trí kinh phí riêng cho việc số hoá hồ sơ.", target="paragraph", block_uid=second.uid,
    )  # fmt: skip
    _synthesize(consultation, clerk)
    assert _membership(consultation) == sorted([*before, [late.pk]])
    big.refresh_from_db()
    assert (big.representative_text, big.seen_at is not None) == (CHOSEN, True)
    assert Comment.objects.get(pk=moved_id).group_id == online.pk
    page.reload()
    expect(page.locator(f"#group-{big.pk}").locator("blockquote")).to_have_text(CHOSEN)

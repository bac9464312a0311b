"""What the newcomer's walk (an office starting from an empty database, then each role) tripped
on, one test each: a blank home page, a login page no password can pass, a plan that printed "…",
paragraphs that could not be commented on without JavaScript, a stale rate after "Đã nghiên cứu",
a flash message on the wrong page, dead ends between steps."""

import re
import subprocess
from datetime import date
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from chuyende.common.actors import SYSTEM
from chuyende.consultations.models import Comment
from chuyende.documents.models import Recipient
from chuyende.meetings import domain as meetings
from chuyende.meetings.documents import plan_document
from chuyende.orgs.domain.accounts import create_login
from chuyende.orgs.enums import Role
from chuyende.papers.models import PaperComment
from tests import factories as f
from tests.consultations.helpers import consultation_for, paragraph
from tests.documents.helpers import issued, sent_to_subtree, term_for
from tests.meetings import helpers as mh
from tests.papers.helpers import submitted_paper
from tests.world import build_world

pytestmark = pytest.mark.django_db
REPO = Path(__file__).resolve().parents[2]


@pytest.fixture
def world():
    return build_world()


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _tasks(page: str) -> list[str]:
    """The lines of "Việc cần làm tiếp theo", each as "text → action (url)"."""
    found = re.findall(r'<li><span>(.*?)</span> <a class="button" href="([^"]*)">(.*?)</a></li>', page)
    return [f"{text} → {action} ({url})" for text, url, action in found]


# Starting from nothing: the command line and the login page ----------------------------------


def test_make_run_demo_0_asks_for_the_first_administrator_and_loads_no_demo():
    plain = subprocess.run(["make", "-n", "run"], cwd=REPO, capture_output=True, text=True, check=True).stdout
    empty = subprocess.run(["make", "-n", "run", "DEMO=0", "PORT=8123"], cwd=REPO, capture_output=True,
                           text=True, check=True).stdout  # fmt: skip
    assert "chuyende demo --if-empty" in plain and "first_admin" not in plain
    assert "chuyende demo" not in empty and "demo_logins" not in empty
    assert "chuyende first_admin --port 8123" in empty and "chuyende serve" in empty


def test_first_admin_creates_the_administrator_once(monkeypatch, capsys):
    monkeypatch.setenv("DJANGO_SUPERUSER_USERNAME", "quantri")
    monkeypatch.setenv("DJANGO_SUPERUSER_PASSWORD", "mat-khau-quan-tri-dai")
    call_command("first_admin")
    assert get_user_model().objects.get(username="quantri").is_superuser
    assert "Tiếp theo: đăng nhập tại http://127.0.0.1:8000/dang-nhap/" in capsys.readouterr().out
    call_command("first_admin", "--port", "8123")
    assert "Đã có tài khoản quản trị hệ thống (quantri)" in capsys.readouterr().out
    assert get_user_model().objects.count() == 1


def test_first_admin_without_a_terminal_says_which_command_to_run(monkeypatch, capsys):
    monkeypatch.delenv("DJANGO_SUPERUSER_USERNAME", raising=False)
    monkeypatch.setattr("sys.stdin.isatty", lambda: False)
    call_command("first_admin")
    assert "chuyende createsuperuser" in capsys.readouterr().out
    assert not get_user_model().objects.exists()


def test_login_page_of_an_empty_database_says_how_the_first_account_is_made():
    page = Client().get(reverse("login")).text
    assert 'id="first-run"' in page and "chuyende createsuperuser" in page
    get_user_model().objects.create_superuser("quantri", "", "mat-khau-quan-tri-dai")
    assert 'id="first-run"' not in Client().get(reverse("login")).text


def test_a_refused_login_keeps_the_user_name_typed():
    get_user_model().objects.create_user("thanhnd", password="dung-mat-khau-roi")
    page = Client().post(reverse("login"), {"username": "thanhnd", "password": "sai"}).text
    assert 'value="thanhnd"' in page


# The administrator's home page leads the set-up --------------------------------------------


def test_administrators_home_leads_from_nothing_to_an_office_ready_to_work():
    admin = get_user_model().objects.create_superuser("quantri", "", "mat-khau-quan-tri-dai")
    client = _client(admin)
    tasks = _tasks(client.get("/").text)
    assert tasks[0].startswith("Hệ thống chưa có tổ chức nào.") and tasks[0].endswith(
        f"→ Nhập cây tổ chức ({reverse('org-import')})"
    )
    assert tasks[1].endswith(f"→ Thêm tổ chức cấp cao nhất ({reverse('org-create-root')})")
    tree = client.get(reverse("org-tree")).text
    assert "Hệ thống chưa có tổ chức nào" in tree and "Bạn chưa được phân công" not in tree

    committee = f.organization(name="Đảng bộ Sở Tư pháp")
    cell = f.cell(committee, name="Chi bộ Văn phòng Sở")
    (task,) = _tasks(client.get("/").text)
    assert task.startswith("Đảng bộ Sở Tư pháp chưa có đảng viên nào")
    assert task.endswith(f"→ Nhập danh sách đảng viên ({reverse('member-import', args=[committee.pk])})")

    secretary = f.member(cell, "Lê Văn Quý")
    create_login(actor=SYSTEM, member=secretary)
    tasks = _tasks(client.get("/").text)
    assert [t.rsplit("→", 1)[1].strip() for t in tasks] == [
        f"Phân công vai trò ({reverse('org-roles', args=[committee.pk])})",
        f"Thêm nhiệm kỳ ({reverse('org-term-create', args=[committee.pk])})",
        f"Cấp tài khoản ({reverse('org-accounts', args=[committee.pk])})",
    ]
    assert tasks[2].startswith("1 đảng viên của Đảng bộ Sở Tư pháp chưa kích hoạt tài khoản")

    secretary.refresh_from_db()
    f.role(secretary.user, committee, Role.SECRETARY)
    term_for(committee)
    secretary.user.set_password("mat-khau-cua-minh")
    secretary.user.save()
    assert _tasks(client.get("/").text) == []


def test_a_superior_kept_as_the_top_of_the_tree_is_not_asked_to_be_set_up():
    """The demo's tree: "Đảng bộ Khối" above the office's committee, with no secretary or term of
    its own. The set-up lines are about the committee whose cells hold the sessions."""
    admin = get_user_model().objects.create_superuser("quantri", "", "mat-khau-quan-tri-dai")
    superior = f.organization(name="Đảng bộ Khối các cơ quan tỉnh")
    committee = f.organization(superior, name="Đảng bộ Cơ quan Văn phòng")
    f.member(f.cell(committee, name="Chi bộ Phòng Tổng hợp"), "Lê Văn Quý")
    tasks = _tasks(_client(admin).get("/").text)
    assert tasks and all(t.startswith("Đảng bộ Cơ quan Văn phòng chưa") for t in tasks), tasks


def test_the_office_is_told_to_write_the_plan_while_none_is_in_progress(world):
    clerk = _client(world.users["clerk"])
    line = (
        "Đảng bộ Cơ quan Văn phòng chưa có kế hoạch sinh hoạt chuyên đề nào đang thực hiện: lập kế hoạch, "
        "phân công chuyên đề cho từng chi bộ rồi ban hành. → Lập kế hoạch "
        f"({reverse('plan-create')}?org={world.committee.pk})"
    )
    assert line in _tasks(clerk.get("/").text)
    assert not any("Lập kế hoạch" in t for t in _tasks(_client(world.users["cell_secretary"]).get("/").text))
    mh.plan(world)
    assert line not in _tasks(clerk.get("/").text)


# Papers the office prints -------------------------------------------------------------------


def _text(block) -> str:
    if hasattr(block, "content"):
        return "".join(run.text for run in block.content)
    return getattr(block, "text", "")


def test_a_plan_without_purpose_or_requirements_prints_no_placeholder(world):
    plan = mh.plan(world, purpose="Nâng cao nhận thức", requirements="")
    lines = [(getattr(b, "number", ""), _text(b)) for b in plan_document(plan).blocks]
    assert ("1.", "Nâng cao nhận thức") in lines and not any(text == "…" for _, text in lines)
    assert [(n, t) for n, t in lines if t == "MỤC ĐÍCH, YÊU CẦU"] == [("I.", "MỤC ĐÍCH, YÊU CẦU")]
    bare = mh.plan(world, theme="Chuyên đề thứ hai", purpose="", requirements="")
    headings = [(b.number, b.text) for b in plan_document(bare).blocks if type(b).__name__ == "Heading"]
    assert headings == [("I.", "NỘI DUNG"), ("II.", "TỔ CHỨC THỰC HIỆN")]


# Without JavaScript ---------------------------------------------------------------------------


def test_a_paper_paragraph_can_be_commented_on_without_javascript(world):
    paper = submitted_paper(world)
    anchor = paper.current_version.paragraphs.order_by("position")[1].anchor
    client = _client(world.users["cell_secretary"])
    page = client.get(reverse("paper-detail", args=[paper.pk])).text
    link = f'<noscript><a class="noscript-link" href="?doan={anchor}#form-{anchor}">Góp ý đoạn này</a></noscript>'
    assert link in page
    opened = client.get(reverse("paper-detail", args=[paper.pk]) + f"?doan={anchor}").text
    form = re.search(rf'<div id="form-{anchor}" class="para-form">(.*?)</div>', opened, re.S).group(1)
    assert f'name="anchor" value="{anchor}"' in form and 'action="/tham-luan/' in form
    client.post(reverse("paper-comment", args=[paper.pk]),
                {"target": "paragraph", "anchor": anchor, "text": "Nên nêu rõ hơn.", "idempotency_key": "k-1"})  # fmt: skip
    assert PaperComment.objects.get().anchor == anchor


def test_a_consultation_paragraph_can_be_commented_on_without_javascript(world):
    consultation = consultation_for(world)
    block = paragraph(consultation, 2)
    client = _client(world.users["member"])
    url = reverse("consultation-comment", args=[consultation.pk, block.uid])
    detail = client.get(reverse("consultation-detail", args=[consultation.pk])).text
    assert f'<noscript><a class="noscript-link" href="{url}">Góp ý đoạn này</a></noscript>' in detail
    assert f'href="{reverse("consultation-comment-draft", args=[consultation.pk])}">Góp ý chung</a>' in detail

    page = client.get(url).text
    assert "<html" in page and block.text in page and f'action="{url}"' in page
    key = re.search(r'name="idempotency_key" value="([0-9a-f]+)"', page).group(1)
    refused = client.post(url, {"text": "Đề nghị làm rõ thời hạn.", "idempotency_key": key})
    assert refused.status_code == 400 and "<html" in refused.text
    assert "Hãy chọn ý kiến." in refused.text and "Đề nghị làm rõ thời hạn." in refused.text
    sent = client.post(url, {"stance": "propose", "text": "Đề nghị làm rõ thời hạn.", "idempotency_key": key})
    assert (
        sent.status_code == 302
        and sent["Location"] == reverse("consultation-detail", args=[consultation.pk]) + f"#b-{block.uid}"
    )
    assert "Đã ghi nhận ý kiến của đồng chí." in client.get(sent["Location"]).text
    assert Comment.objects.get().block_uid == block.uid


# Where the next step is -------------------------------------------------------------------


def test_acknowledging_with_htmx_updates_the_rate_and_leaves_no_message_for_later(world):
    document = issued(world.committee, term_for(world.committee), world.users["secretary"].member)
    sent_to_subtree(document)
    client = _client(world.users["cell_secretary"])  # a member who also sees the rate of the cell
    answer = client.post(
        reverse("document-action", args=[document.pk, "acknowledge"]), headers={"HX-Request": "true"}
    ).text
    assert "Đã nghiên cứu, quán triệt lúc" in answer and "<html" not in answer
    rollup = re.search(
        r'<section class="card" id="ack-rollup" hx-swap-oob="true">.*?</section>', answer, re.S
    )
    assert rollup and "1/2 đảng viên" in rollup.group(0)
    assert Recipient.objects.filter(acknowledged_at__isnull=False).count() == 1
    assert "Đã ghi nhận" not in client.get(reverse("commitment-list")).text


def test_attendance_leads_to_the_minutes_and_the_draft_minutes_to_their_preview(world):
    meeting = mh.meeting(world)
    client = _client(world.users["cell_secretary"])
    attendance = client.get(reverse("meeting-attendance", args=[meeting.pk])).text
    assert f'id="tiep-theo-bien-ban" href="{reverse("meeting-minutes", args=[meeting.pk])}"' in attendance
    assert 'aria-label="Lý do vắng của Huỳnh Thị Ngọc Ánh"' in attendance
    meetings.draft_minutes(actor=world.users["cell_secretary"], meeting=meeting)
    minutes = client.get(reverse("meeting-minutes", args=[meeting.pk])).text
    assert 'id="minutes-help"' in minutes
    assert (
        f'href="{reverse("meeting-minutes-pdf", args=[meeting.pk])}">Xem trước biên bản (PDF)</a>' in minutes
    )


def test_an_empty_consultation_list_tells_the_office_where_to_start(world):
    assert "Dán toàn văn dự thảo" in _client(world.users["clerk"]).get(reverse("consultation-list")).text
    assert "Dán toàn văn dự thảo" not in _client(world.users["member"]).get(reverse("consultation-list")).text


def test_the_draft_editor_links_back_to_its_consultation(world):
    consultation = consultation_for(world)
    page = _client(world.users["clerk"]).get(reverse("draft-edit", args=[consultation.version.draft_id])).text
    assert (
        f'<a href="{reverse("consultation-detail", args=[consultation.pk])}">{consultation.title}</a>' in page
    )


def test_commitment_steps_say_what_happened(world):
    from tests.commitments.helpers import commitment, item, resolution

    made = commitment(world.cell_a, world.member_a, basis=resolution(world.committee), approve=False,
                      items=[item(date(2030, 6, 30), responsible=world.member_a)])  # fmt: skip
    url = reverse("commitment-detail", args=[made.pk])
    sent = _client(world.users["member"]).post(url, {"action": "submit"}, follow=True)
    assert "Đã gửi cam kết, chờ phê duyệt." in sent.text
    approved = _client(world.users["cell_secretary"]).post(
        url, {"action": "approve", "confirmed": "1"}, follow=True
    )
    assert "Đã phê duyệt cam kết; đảng viên bắt đầu báo cáo tiến độ." in approved.text


def test_the_in_browser_view_of_a_document_loads_its_fonts_from_the_site(world):
    """The view named file:///…/fonts/… (refused by the browser, and a server path shown to anyone)."""
    document = issued(world.committee, term_for(world.committee), world.users["secretary"].member)
    sent_to_subtree(document)
    html = _client(world.users["member"]).get(reverse("document-html", args=[document.pk])).text
    fonts = re.findall(r'src: url\("([^"]+)"\)', html)
    assert fonts and all(url.startswith("/static/fonts/LiberationSerif-") for url in fonts)
    assert "file://" not in html
    font = Client().get(fonts[0])
    assert font.status_code == 200 and b"".join(font.streaming_content)[:4] == b"\x00\x01\x00\x00"


def test_the_resolution_picker_of_a_commitment_does_not_offer_the_plans_kh(world):
    term = term_for(world.committee)
    kh = issued(world.committee, term, world.users["secretary"].member, summary="tổ chức chuyên đề")
    nq = issued(world.committee, term, world.users["secretary"].member, "NQ", summary="về chỉnh đốn")
    page = _client(world.users["member"]).get(reverse("commitment-create")).text
    picker = re.search(r'<select name="resolution">.*?</select>', page, re.S).group(0)
    assert f'value="{nq.pk}"' in picker and f'value="{kh.pk}"' not in picker


def test_the_trees_plus_opens_the_organization_without_javascript(world):
    """The "+" that unfolds a committee was a button that only htmx could work; it is now a link to
    the committee's page (which lists its organizations), and htmx still unfolds it in place."""
    page = _client(world.users["clerk"]).get(reverse("org-tree")).text
    plus = re.search(r'<a class="button secondary" role="button" href="([^"]+)" hx-get="([^"]+)"', page)
    assert plus and plus.group(1) == reverse("org-detail", args=[world.committee.pk])
    assert plus.group(2) == reverse("org-children", args=[world.committee.pk])

"""The home page's "Việc cần làm tiếp theo", the steps issue 13 left: minutes to approve, drafts of
papers to send, commitments to approve, consultations to finish and to issue, materials to read and
papers to comment on — each with its link, and a query count that does not grow with the rows."""

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from chuyende.commitments.domain import set_state
from chuyende.commitments.enums import CommitmentState
from chuyende.common.actors import SYSTEM
from chuyende.consultations.enums import ConsultationStatus
from chuyende.consultations.models import Consultation
from chuyende.meetings import domain as meetings
from chuyende.meetings.enums import MeetingKind, PlanState
from chuyende.papers import domain as papers
from chuyende.papers.enums import PaperState
from tests.commitments.helpers import commitment, resolution
from tests.consultations.helpers import consultation_for
from tests.meetings import helpers as h
from tests.world import build_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return build_world()


def _client(world, role):
    client = Client()
    client.force_login(world.users[role])
    return client


def _home(world, role) -> str:
    response = _client(world, role).get(reverse("home"))
    assert response.status_code == 200
    return response.text


def _held(world, title):
    meeting = h.meeting(world, title=title)
    h.hold(meeting, [world.member_a])
    meetings.draft_minutes(actor=SYSTEM, meeting=meeting)
    return meeting


def _count(client) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("home")).status_code == 200
    return len(queries)


def test_cell_secretary_sees_the_minutes_waiting_for_approval(world):
    meeting = _held(world, "Sinh hoạt chuyên đề quý IV")
    page = _home(world, "cell_secretary")
    assert "Biên bản “Sinh hoạt chuyên đề quý IV” (10/12/2016) chưa được thông qua." in page
    assert f'href="{reverse("meeting-minutes", args=[meeting.pk])}">Thông qua biên bản</a>' in page
    assert "chưa được thông qua" not in _home(world, "member")  # a plain member does not approve
    h.approved_minutes(h.meeting(world, title="Họp đã xong"))
    assert "“Họp đã xong”" not in _home(world, "cell_secretary")


def test_cell_secretary_sees_the_paper_to_send_and_the_commitment_to_approve(world):
    plan = h.plan(world, cell_sessions_before=date(2030, 4, 30))
    assignment = meetings.assign_topic(actor=SYSTEM, plan=plan, cell=world.cell_a, topic="Chống suy thoái",
                                       due_on=date(2030, 3, 31))  # fmt: skip
    meetings.set_plan_state(actor=SYSTEM, plan=plan, state=PlanState.PUBLISHED)
    paper = papers.create_paper(actor=world.users["member"], cell=world.cell_a, assignment=assignment,
                                title="Chống suy thoái ở Phòng Pháp chế", text="Đoạn một.")  # fmt: skip
    made = commitment(world.cell_a, world.member_a, basis=resolution(world.committee), approve=False)
    set_state(actor=SYSTEM, commitment=made, state=CommitmentState.SUBMITTED)
    page = _home(world, "cell_secretary")
    assert "Bài tham luận “Chống suy thoái ở Phòng Pháp chế” chưa gửi Đảng uỷ (hạn 31/03/2030)." in page
    assert f'href="{reverse("paper-detail", args=[paper.pk])}">Gửi Đảng uỷ</a>' in page
    assert "Chưa có bài tham luận cho chuyên đề" not in page
    assert "Cam kết “Cam kết khắc phục năm 2025” của Huỳnh Thị Ngọc Ánh chờ phê duyệt." in page
    assert f'href="{reverse("commitment-detail", args=[made.pk])}">Phê duyệt</a>' in page
    assert "chờ phê duyệt" not in _home(world, "supervisor")  # the supervisor does not approve it


def test_clerk_sees_the_consultation_to_finish_then_to_issue(world):
    consultation = consultation_for(world)
    Consultation.objects.filter(pk=consultation.pk).update(closes_at=timezone.now() - timedelta(hours=1))
    page = _home(world, "clerk")
    url = reverse("consultation-detail", args=[consultation.pk])
    assert (
        "Đợt lấy ý kiến “Lấy ý kiến dự thảo Nghị quyết” đã hết hạn nhận góp ý: tiếp thu, giải trình rồi kết thúc."
        in page
    )
    assert f'href="{url}">Kết thúc đợt lấy ý kiến</a>' in page
    Consultation.objects.filter(pk=consultation.pk).update(status=ConsultationStatus.HANDLED)
    page = _home(world, "clerk")
    assert "“Lấy ý kiến dự thảo Nghị quyết” đã tiếp thu, giải trình xong: chưa ban hành văn bản." in page
    assert "hết hạn nhận góp ý" not in _home(world, "member")


def test_member_sees_materials_to_read_and_papers_to_comment_on(world):
    start = timezone.now() + timedelta(days=3)
    meeting = h.meeting(world, kind=MeetingKind.REGULAR, title="Sinh hoạt tháng", starts_at=start)
    meetings.add_material(actor=SYSTEM, meeting=meeting, upload=h.pdf(), title="Dự thảo nghị quyết")
    meetings.publish_materials(actor=SYSTEM, meeting=meeting)
    paper = papers.create_paper(actor=world.users["member"], cell=world.cell_a, title="Bài A", text="Đoạn.")
    papers.set_paper_state(actor=world.users["member"], paper=paper, state=PaperState.SUBMITTED)
    page = _home(world, "member")
    when = timezone.localtime(start).strftime("%H:%M %d/%m/%Y")
    assert f"Đọc trước tài liệu buổi sinh hoạt “Sinh hoạt tháng” ({when})." in page
    assert f'href="{reverse("meeting-detail", args=[meeting.pk])}">Đọc tài liệu</a>' in page
    assert "1 bài tham luận đang nhận góp ý của đồng chí." in page
    assert f'href="{reverse("paper-list")}">Đọc và góp ý</a>' in page
    papers.add_comment(actor=world.users["member"], paper=paper, text="Đồng ý.", idempotency_key="k-1")
    assert "đang nhận góp ý của đồng chí" not in _home(world, "member")


def test_cell_secretary_home_query_count_does_not_grow(world, django_assert_num_queries):
    plan = h.plan(world, cell_sessions_before=date(2030, 4, 30))
    assignment = meetings.assign_topic(actor=SYSTEM, plan=plan, cell=world.cell_a, topic="A")
    meetings.set_plan_state(actor=SYSTEM, plan=plan, state=PlanState.PUBLISHED)
    basis = resolution(world.committee)

    def add_one(n):
        _held(world, f"Sinh hoạt {n}")
        papers.create_paper(actor=world.users["member"], cell=world.cell_a, assignment=assignment,
                            title=f"Bài {n}", text="Đoạn.")  # fmt: skip
        made = commitment(world.cell_a, world.member_a, basis=basis, approve=False)
        set_state(actor=SYSTEM, commitment=made, state=CommitmentState.SUBMITTED)

    add_one(1)
    client = _client(world, "cell_secretary")
    one = _count(client)
    add_one(2)
    add_one(3)
    with django_assert_num_queries(one):
        page = client.get(reverse("home")).text
    assert page.count("chưa được thông qua.") == 3 and page.count("chờ phê duyệt.") == 3


def test_clerk_and_member_home_query_counts_do_not_grow(world, django_assert_num_queries):
    def add_one():
        consultation = consultation_for(world)
        Consultation.objects.filter(pk=consultation.pk).update(closes_at=timezone.now() - timedelta(hours=1))
        paper = papers.create_paper(actor=world.users["member"], cell=world.cell_a, title="Bài", text="Đoạn.")
        papers.set_paper_state(actor=world.users["member"], paper=paper, state=PaperState.SUBMITTED)

    add_one()
    clerk, member = _client(world, "clerk"), _client(world, "member")
    clerk_one, member_one = _count(clerk), _count(member)
    add_one()
    add_one()
    with django_assert_num_queries(clerk_one):
        assert clerk.get(reverse("home")).text.count("hết hạn nhận góp ý") == 3
    with django_assert_num_queries(member_one):
        assert "3 bài tham luận đang nhận góp ý của đồng chí." in member.get(reverse("home")).text

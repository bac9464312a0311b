"""The home page says what to do next, for each role, with a link that does it."""

from datetime import date

import pytest
from django.test import Client
from django.urls import reverse

from chuyende.commitments.domain import set_state, submit_report
from chuyende.commitments.enums import CommitmentState
from chuyende.common.actors import SYSTEM
from chuyende.meetings import domain as meetings
from chuyende.meetings.enums import PlanState
from tests.commitments.helpers import commitment, item, resolution
from tests.documents.helpers import draft, issued, sent_to_subtree, term_for
from tests.meetings import helpers as h
from tests.world import build_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return build_world()


def _home(world, role) -> str:
    client = Client()
    client.force_login(world.users[role])
    return client.get(reverse("home")).text


def test_clerk_sees_the_draft_waiting_for_issuing(world):
    document = draft(world.committee, term_for(world.committee), summary="tổ chức sinh hoạt chuyên đề quý I")
    page = _home(world, "clerk")
    assert "<h2>Việc cần làm tiếp theo</h2>" in page
    assert "Dự thảo kế hoạch “tổ chức sinh hoạt chuyên đề quý I” đang chờ ban hành." in page
    assert f'href="{reverse("document-detail", args=[document.pk])}">Ban hành</a>' in page


def test_cell_secretary_sees_the_meeting_to_schedule_and_the_paper_to_write(world):
    plan = h.plan(world, cell_sessions_before=date(2030, 4, 30))
    assignment = meetings.assign_topic(actor=SYSTEM, plan=plan, cell=world.cell_a, topic="Chống suy thoái",
                                       due_on=date(2030, 3, 31))  # fmt: skip
    meetings.set_plan_state(actor=SYSTEM, plan=plan, state=PlanState.PUBLISHED)
    page = _home(world, "cell_secretary")
    assert (
        "Chi bộ Phòng Nghiệp vụ Pháp chế chưa lên lịch sinh hoạt chuyên đề “Chống suy thoái” (hạn 31/03/2030)."
        in page
    )
    query = f"?org={world.cell_a.pk}&amp;assignment={assignment.pk}"
    assert f'href="{reverse("meeting-create")}{query}">Lên lịch</a>' in page
    assert "Chưa có bài tham luận cho chuyên đề “Chống suy thoái” (hạn 31/03/2030)." in page
    assert f'href="{reverse("paper-create")}{query}">Viết bài tham luận</a>' in page


def test_supervisor_sees_the_grade_to_confirm_and_the_report_to_review(world):
    meeting = h.meeting(world, title="Sinh hoạt chuyên đề quý IV")
    h.hold(meeting, [world.member_a, world.member_a2])
    meetings.propose_grade(actor=world.users["cell_secretary"], meeting=meeting, scores=h.SCORES_PASS)
    made = commitment(world.cell_a, world.member_a, basis=resolution(world.committee),
                      items=[item(date(2030, 6, 30), responsible=world.member_a)])  # fmt: skip
    submit_report(actor=world.users["member"], item=made.items.get(), percent=40, narrative="Đã làm một phần")
    page = _home(world, "supervisor")
    assert (
        "Chi bộ Phòng Nghiệp vụ Pháp chế đề xuất 90 điểm cho “Sinh hoạt chuyên đề quý IV”, chờ đồng chí xác nhận."
        in page
    )
    assert f'href="{reverse("meeting-grade", args=[meeting.pk])}">Xác nhận xếp loại</a>' in page
    assert "Báo cáo tiến độ 40% của Huỳnh Thị Ngọc Ánh chờ xem xét." in page


def test_member_sees_what_to_read_and_what_to_report(world):
    term = term_for(world.committee)
    document = issued(world.committee, term, world.users["secretary"].member, summary="về học tập chuyên đề")
    sent_to_subtree(document)
    made = commitment(world.cell_a, world.member_a, basis=resolution(world.committee),
                      items=[item(date(2030, 6, 30), text="Ngại va chạm", responsible=world.member_a)])  # fmt: skip
    page = _home(world, "member")
    assert "Nghiên cứu văn bản 01-KH/ĐU: về học tập chuyên đề." in page
    assert f'href="{reverse("document-detail", args=[document.pk])}">Đọc văn bản</a>' in page
    assert "1 nội dung cam kết đang chờ đồng chí báo cáo tiến độ." in page
    assert f'href="{reverse("my-page")}#cam-ket">Báo cáo</a>' in page
    assert made.items.count() == 1


def test_nothing_waiting_says_so(world):
    assert "Không có việc nào đang chờ đồng chí." in _home(world, "committee_member")


def test_cell_secretary_sees_the_commitment_to_approve_and_nobody_else_does(world):
    """Found by the whole-cycle walk: a submitted commitment was on no page its approver visits."""
    made = commitment(world.cell_a, world.member_a, basis=resolution(world.committee), approve=False,
                      items=[item(date(2030, 6, 30), responsible=world.member_a)])  # fmt: skip
    set_state(actor=world.users["member"], commitment=made, state=CommitmentState.SUBMITTED)
    line = "Cam kết “Cam kết khắc phục năm 2025” của Huỳnh Thị Ngọc Ánh chờ đồng chí phê duyệt."
    page = _home(world, "cell_secretary")
    assert line in page
    assert f'href="{reverse("commitment-detail", args=[made.pk])}">Phê duyệt</a>' in page
    for role in ("member", "supervisor", "outsider", "committee_member"):
        assert line not in _home(world, role), role


def test_committee_sees_a_cells_commitment_to_approve(world):
    made = commitment(world.cell_a, basis=resolution(world.committee), approve=False,
                      items=[item(date(2030, 6, 30))])  # fmt: skip
    set_state(actor=world.users["cell_secretary"], commitment=made, state=CommitmentState.SUBMITTED)
    line = "Cam kết “Cam kết khắc phục năm 2025” của Chi bộ Phòng Nghiệp vụ Pháp chế chờ đồng chí phê duyệt."
    assert line in _home(world, "secretary")
    assert line not in _home(world, "cell_secretary")
    assert line not in _home(world, "member")

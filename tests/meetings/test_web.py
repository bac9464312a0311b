from datetime import date

import pytest
from django.test import Client
from django.urls import reverse

from chuyende.common.actors import SYSTEM
from chuyende.meetings import domain
from chuyende.meetings.enums import PlanState
from chuyende.meetings.models import Attendance, CalendarFeed
from tests import factories as f

from . import helpers as h


def _client(user):
    client = Client()
    client.force_login(user)
    return client


def test_secretary_schedules_uploads_and_publishes(world):
    client = _client(world.users["cell_secretary"])
    response = client.post(
        reverse("meeting-create") + f"?org={world.cell_a.pk}",
        {"kind": "thematic", "title": "Chuyên đề", "starts_at": "2026-03-03T14:00", "ends_at": "2026-03-03T15:00",
         "agenda": "Quán triệt\nThảo luận", "chair": world.member_a2.pk, "confirm_warnings": "1"},
    )  # fmt: skip
    assert response.status_code == 302
    meeting_url = response["Location"]
    page = client.get(meeting_url).content.decode()
    assert "Buổi sinh hoạt dự kiến 60 phút, ít hơn 120 phút theo Hướng dẫn 42-HD/BTCTW." in page
    bad = client.post(meeting_url, {"file": h.pdf("bai.exe"), "title": ""}, follow=True)
    assert "Không nhận loại tệp “.exe”" in bad.content.decode()
    client.post(meeting_url, {"file": h.pdf(), "title": "Bài tham luận"})
    client.post(meeting_url, {"publish": "1", "confirmed": "1"})
    page = client.get(meeting_url).content.decode()
    assert "Đã phát hành lúc" in page and "Bài tham luận" in page


def test_attendance_tap_returns_the_row_and_is_idempotent(world):
    meeting = h.meeting(world)
    client = _client(world.users["cell_secretary"])
    url = reverse("meeting-attendance", args=[meeting.pk])
    for _ in range(2):
        response = client.post(url, {"member": world.member_a.pk, "status": "late"}, HTTP_HX_REQUEST="true")
        assert response.status_code == 200
    html = response.content.decode()
    assert html.strip().startswith(f'<tr id="member-{world.member_a.pk}">') and "Đến muộn" in html
    assert Attendance.objects.get(meeting=meeting, member=world.member_a).status == "late"
    missing_reason = client.post(
        url, {"member": world.member_a.pk, "status": "excused"}, HTTP_HX_REQUEST="true"
    )
    assert "Hãy ghi lý do vắng của Huỳnh Thị Ngọc Ánh." in missing_reason.content.decode()


def test_member_sees_own_cell_minutes_not_another_cells(world):
    mine, other = h.meeting(world), h.meeting(world, world.cell_b)
    h.approved_minutes(mine)
    h.approved_minutes(other)
    client = _client(world.users["member"])
    assert client.get(reverse("meeting-minutes", args=[mine.pk])).status_code == 200
    assert client.get(reverse("meeting-minutes", args=[other.pk])).status_code == 404
    assert client.get(reverse("meeting-minutes-pdf", args=[other.pk])).status_code == 404
    pdf = client.get(reverse("meeting-minutes-pdf", args=[mine.pk]))
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")


def test_minutes_page_write_approve_then_locked(world):
    meeting = h.meeting(world)
    client = _client(world.users["cell_secretary"])
    url = reverse("meeting-minutes", args=[meeting.pk])
    client.post(url, {"action": "draft"})
    minutes = domain.current_minutes(meeting)
    data = {"version": minutes.version, "content": "Nội dung", "proceedings": "Võ Minh Tuấn: Phát biểu",
            "conclusion": "Kết luận", "votes_agree": 2, "votes_disagree": 0, "votes_other": 0}  # fmt: skip
    client.post(url, data | {"action": "approve", "confirmed": "1"})
    minutes.refresh_from_db()
    assert (minutes.state, minutes.proceedings) == (
        "approved",
        [{"speaker": "Võ Minh Tuấn", "text": "Phát biểu"}],
    )
    locked = client.post(url, data | {"version": minutes.version, "action": "save"}, follow=True)
    assert "Biên bản đã được thông qua, không sửa được." in locked.content.decode()


def test_grade_page_propose_and_supervisor_confirms(world):
    meeting = h.meeting(world)
    h.hold(meeting, [world.member_a])
    url = reverse("meeting-grade", args=[meeting.pk])
    _client(world.users["cell_secretary"]).post(url, h.SCORES_PASS | {"propose": "1"})
    refused = _client(world.users["secretary"]).post(url, {"confirm": "1", "confirmed": "1"}, follow=True)
    assert "Chỉ cấp uỷ viên cấp trên phụ trách chi bộ được xác nhận xếp loại." in refused.content.decode()
    page = (
        _client(world.users["supervisor"])
        .post(url, {"confirm": "1", "confirmed": "1"}, follow=True)
        .content.decode()
    )
    assert "Đã xác nhận" in page and "Tốt" in page


def test_calendar_files(world):
    meeting = h.meeting(world, place="Phòng họp, tầng 2")
    ics = _client(world.users["member"]).get(reverse("meeting-ics", args=[meeting.pk])).content.decode()
    assert "DTSTART:20161210T070000Z\r\n" in ics and "LOCATION:Phòng họp\\, tầng 2\r\n" in ics
    _client(world.users["member"]).get(reverse("meeting-list"))
    token = CalendarFeed.objects.get(member=world.member_a).token
    feed = Client().get(f"/lich/{token}.ics").content.decode()
    assert feed.count("BEGIN:VEVENT") == 1
    assert Client().get("/lich/khong-dung.ics").status_code == 404


@pytest.mark.parametrize("n", [1, 3])
def test_meeting_list_query_count(world, n, django_assert_max_num_queries):
    for _ in range(n):
        h.meeting(world)
    client = _client(world.users["committee_member"])
    with django_assert_max_num_queries(9):
        response = client.get(reverse("meeting-list"))
    assert response.content.decode().count("/sinh-hoat/") >= n


@pytest.mark.parametrize("n", [1, 3])
def test_plan_detail_query_count(world, n, django_assert_max_num_queries):
    plan = h.plan(world)
    for cell in [world.cell_a, *[f.cell(world.committee) for _ in range(n - 1)]]:
        domain.assign_topic(actor=SYSTEM, plan=plan, cell=cell, topic="Chủ đề")
    domain.set_plan_state(actor=SYSTEM, plan=plan, state=PlanState.PUBLISHED)
    client = _client(world.users["secretary"])
    with django_assert_max_num_queries(12):
        response = client.get(reverse("plan-detail", args=[plan.pk]))
    assert response.content.decode().count("<td>20/12</td>") == n


@pytest.mark.parametrize("n", [1, 3])
def test_rollup_query_count(world, n, django_assert_max_num_queries):
    plan = h.plan(world)
    for cell in [world.cell_a, *[f.cell(world.committee) for _ in range(n - 1)]]:
        domain.assign_topic(actor=SYSTEM, plan=plan, cell=cell, topic="Chủ đề")
    domain.set_plan_state(actor=SYSTEM, plan=plan, state=PlanState.PUBLISHED)
    client = _client(world.users["superior_secretary"])
    # 12: one of them lists the years that have a plan (the year selector, issue 12 §7).
    with django_assert_max_num_queries(12):
        response = client.get(reverse("org-rollup", args=[world.superior.pk]) + "?nam=2016")
    assert "Đảng bộ Cơ quan Văn phòng" in response.content.decode()


def test_plan_pages_create_assign_publish(world):
    client = _client(world.users["secretary"])
    response = client.post(
        reverse("plan-create") + f"?org={world.committee.pk}",
        {
            "theme": "Chuyên đề",
            "cell_sessions_before": "2016-12-20",
            "pass_score": 70,
            "confirm_warnings": "1",
        },
    )
    plan_url = response["Location"]
    client.post(plan_url, {"cell": world.cell_a.pk, "topic": "Chủ đề A", "due_on": "2016-12-15",
                           "confirm_warnings": "1"})  # fmt: skip
    from chuyende.orgs.domain import create_term

    create_term(actor=SYSTEM, organization=world.committee, name="Nhiệm kỳ", starts_on=date(2015, 6, 1))
    client.post(
        plan_url,
        {
            "issue": "1",
            "confirmed": "1",
            "issued_on": "2016-12-05",
            "signer": world.users["secretary"].member.pk,
        },
    )
    page = client.get(plan_url).content.decode()
    assert "Chủ đề A" in page and "Đã ban hành" in page and "Số 01-KH/" in page
    assert client.get(plan_url.rstrip("/") + "/ke-hoach.pdf").content.startswith(b"%PDF")
    assert _client(world.users["outsider"]).get(plan_url).status_code == 404


def test_home_panel_lists_upcoming_meetings(world):
    h.meeting(world, starts_at=h.at(2099, 1, 3))
    page = _client(world.users["member"]).get("/").content.decode()
    assert "Sinh hoạt sắp tới" in page and "Tài liệu chưa" not in page


def test_grade_page_without_template_shows_message_not_a_loop(world):
    from chuyende.meetings.models import ScoringTemplate

    meeting = h.meeting(world)
    ScoringTemplate.objects.all().delete()
    response = _client(world.users["cell_secretary"]).get(reverse("meeting-grade", args=[meeting.pk]))
    assert response.status_code == 403  # the shared mixin: a refused GET is a 403, never a loop


def test_cancel_from_the_meeting_page(world):
    meeting = h.meeting(world)
    url = reverse("meeting-detail", args=[meeting.pk])
    page = _client(world.users["cell_secretary"]).post(
        url, {"cancel": "1", "reason": "Trùng lịch", "confirmed": "1"}, follow=True
    )
    assert "Đã huỷ buổi sinh hoạt." in page.content.decode()
    meeting.refresh_from_db()
    assert meeting.status == "cancelled"


@pytest.mark.parametrize("n", [1, 3])
def test_attendance_and_detail_pages_query_count(world, n, django_assert_max_num_queries):
    meeting = h.meeting(world)
    for _ in range(n):
        domain.record_attendance(meeting, f.member(world.cell_a), "present", actor=SYSTEM)
    client = _client(world.users["cell_secretary"])
    with django_assert_max_num_queries(12):
        attendance = client.get(reverse("meeting-attendance", args=[meeting.pk]))
    with django_assert_max_num_queries(16):
        detail = client.get(reverse("meeting-detail", args=[meeting.pk]))
    assert attendance.content.decode().count('<tr id="member-') == n + 2
    assert detail.status_code == 200


def test_rollup_page_yearly_grades_per_child_with_drill_down(world):
    meeting = h.meeting(world, kind="regular", starts_at=h.at(2016, 5, 3), minutes=90)
    h.hold(meeting, [world.member_a])
    domain.propose_grade(actor=SYSTEM, meeting=meeting, scores=h.SCORES_PASS)
    domain.confirm_grade(actor=world.users["supervisor"], meeting=meeting)
    client = _client(world.users["superior_secretary"])
    page = client.get(reverse("org-rollup", args=[world.superior.pk]) + "?nam=2016").content.decode()
    grades = page[page.index('id="yearly-grades"') :]
    link = reverse("org-rollup", args=[world.committee.pk]) + "?nam=2016"
    assert f'<a href="{link}">{world.committee.name}</a></td><td>90,0</td><td>1</td>' in grades
    inside = client.get(link).content.decode()
    cells = inside[inside.index('id="yearly-grades"') :]
    assert f"<td>{world.cell_a.name}</td><td>90,0</td><td>1</td><td>Tốt</td>" in cells
    # A member of the cell sees no roll-up.
    assert _client(world.users["member"]).get(link).status_code in (403, 404)

"""Regression tests for the defects met on the walk of issue 12 (§7)."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from chuyende.commitments.models import Commitment
from chuyende.common.actors import SYSTEM
from chuyende.common.errors import DomainError
from chuyende.meetings import domain as meetings
from chuyende.meetings.enums import PlanState
from chuyende.meetings.models import Attendance
from tests.meetings import helpers as mh
from tests.world import build_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return build_world()


def _published_plan(world):
    plan = mh.plan(world, cell_sessions_before=date(2016, 12, 20))
    meetings.assign_topic(actor=SYSTEM, plan=plan, cell=world.cell_a, topic="Chống biểu hiện suy thoái")
    meetings.set_plan_state(actor=SYSTEM, plan=plan, state=PlanState.PUBLISHED)
    return plan


def test_a_new_commitment_following_a_plan_is_saved(client, world):
    plan = _published_plan(world)
    client.force_login(world.users["member"])
    page = client.get(reverse("commitment-create"))
    assert plan in page.context["plans"]
    response = client.post(reverse("commitment-create"), {
        "title": "Cam kết năm 2016", "plan": plan.pk, "rows": 1, "shortcoming_1": "Ngại va chạm",
        "remedy_1": "Phát biểu ở mỗi kỳ", "sign_1": "3 kỳ liên tiếp", "deadline_1": "2017-06-30",
    })  # fmt: skip
    assert response.status_code == 302
    assert Commitment.objects.get(title="Cam kết năm 2016").plan == plan


def test_the_rollup_opens_on_the_year_of_the_latest_plan(client, world):
    _published_plan(world)
    client.force_login(world.users["secretary"])
    page = client.get(reverse("org-rollup", args=[world.committee.pk]))
    assert page.context["year"] == 2016
    assert [(org.name, counts["assigned"]) for org, counts in page.context["rows"]] == [
        ("Chi bộ Phòng Nghiệp vụ Pháp chế", 1)
    ]
    assert "Chưa có kế hoạch nào được ban hành trong năm." not in page.text
    other = client.get(reverse("org-rollup", args=[world.committee.pk]), {"nam": 2015})
    assert other.context["rows"] == [] and "Chưa có kế hoạch nào được ban hành trong năm." in other.text


def test_attendance_and_minutes_are_refused_before_the_meeting_starts(world):
    meeting = mh.meeting(world, starts_at=timezone.now() + timedelta(days=1))
    with pytest.raises(DomainError, match="Buổi sinh hoạt chưa bắt đầu"):
        meetings.record_attendance(meeting, world.member_a, "present", actor=SYSTEM)
    with pytest.raises(DomainError, match="Buổi sinh hoạt chưa bắt đầu"):
        meetings.draft_minutes(actor=SYSTEM, meeting=meeting)
    assert not Attendance.objects.exists()


def test_attendance_may_be_taken_as_members_arrive_just_before_the_start(world):
    meeting = mh.meeting(world, starts_at=timezone.now() + timedelta(minutes=20))
    assert meetings.record_attendance(meeting, world.member_a, "present", actor=SYSTEM).status == "present"
    with pytest.raises(DomainError, match="chưa bắt đầu"):
        meetings.draft_minutes(actor=SYSTEM, meeting=meeting)


def test_the_attendance_page_shows_the_refusal_in_vietnamese(client, world):
    meeting = mh.meeting(world, starts_at=timezone.now() + timedelta(days=1))
    client.force_login(world.users["cell_secretary"])
    response = client.post(
        reverse("meeting-attendance", args=[meeting.pk]),
        {"member": world.member_a.pk, "status": "present", "reason": ""},
        headers={"HX-Request": "true"},
    )
    assert "Buổi sinh hoạt chưa bắt đầu" in response.text


def test_a_tap_on_the_phone_updates_the_counter_out_of_band(client, world):
    meeting = mh.meeting(world, starts_at=timezone.now() - timedelta(minutes=5))
    client.force_login(world.users["cell_secretary"])
    page = client.get(reverse("meeting-attendance", args=[meeting.pk]))
    assert 'id="attendance-counter">Có mặt 0/2' in page.text
    response = client.post(
        reverse("meeting-attendance", args=[meeting.pk]),
        {"member": world.member_a.pk, "status": "present", "reason": ""},
        headers={"HX-Request": "true"},
    )
    assert f'id="member-{world.member_a.pk}"' in response.text
    assert '<p id="attendance-counter" hx-swap-oob="true">Có mặt 1/2 — 50' in response.text


@pytest.mark.parametrize(
    ("role", "where", "expected_up"),
    [("supervisor", "cell_a", None), ("clerk", "cell_a", "committee"), ("clerk", "committee", None),
     ("superior_secretary", "committee", "superior")],
)  # fmt: skip
def test_the_way_up_is_shown_only_to_whom_the_level_above_opens(client, world, role, where, expected_up):
    client.force_login(world.users[role])
    page = client.get(reverse("commitment-rollup", args=[getattr(world, where).pk]))
    assert page.status_code == 200
    if expected_up is None:
        assert "Lên cấp trên" not in page.text
    else:
        link = reverse("commitment-rollup", args=[getattr(world, expected_up).pk])
        assert f'href="{link}">Lên cấp trên' in page.text
        assert client.get(link).status_code == 200

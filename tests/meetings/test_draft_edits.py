"""Editing what is still a draft: a draft plan and its assignments, a scheduled meeting's time and
place (members told through the outbox), the lead paper's presenters; stale saves refused."""

from datetime import date

import pytest
from django.test import Client
from django.urls import reverse

from chuyende.common.actors import SYSTEM
from chuyende.common.models import OutboxMessage
from chuyende.meetings import domain
from chuyende.meetings.enums import MeetingKind
from chuyende.orgs.enums import Role
from tests import factories as f
from tests.consultations.test_api import _client as api_client

from . import helpers as h

pytestmark = pytest.mark.django_db


def _client(user):
    client = Client()
    client.force_login(user)
    return client


def _plan_with_assignment(world):
    plan = h.plan(world)
    domain.assign_topic(
        actor=SYSTEM,
        plan=plan,
        cell=world.cell_a,
        topic="Nêu gương",
        due_on=date(2016, 12, 10),
        confirm_dates=True,
    )
    return plan


def _plan_post(plan, version, **extra):
    data = {"theme": "Xây dựng, chỉnh đốn Đảng năm 2016", "cell_sessions_before": "2016-12-20", "pass_score": "70",
            "version": version, f"topic:{plan.assignments.get().cell_id}": "Trách nhiệm nêu gương",
            f"due_on:{plan.assignments.get().cell_id}": "2016-12-12",
            "confirm_warnings": "1"}  # the plan is set in 2016  # fmt: skip
    data.update(extra)
    return data


def test_office_edits_a_draft_plan_and_its_assignment(world):
    plan = _plan_with_assignment(world)
    client = _client(world.users["clerk"])
    cell = world.cell_a.pk
    response = client.post(
        reverse("plan-edit", args=[plan.pk]), _plan_post(plan, plan.version, **{f"presenters:{cell}": [world.member_a.pk]})
    )  # fmt: skip
    assert response["Location"] == reverse("plan-detail", args=[plan.pk])
    plan.refresh_from_db()
    assignment = plan.assignments.get()
    assert (plan.theme, plan.pass_score, plan.version) == ("Xây dựng, chỉnh đốn Đảng năm 2016", 70, 2)
    assert (assignment.topic, assignment.due_on) == ("Trách nhiệm nêu gương", date(2016, 12, 12))
    assert list(assignment.presenters.all()) == [world.member_a]


def test_a_stale_plan_save_keeps_the_typed_values_beside_the_other_persons_and_saves_on_retry(world):
    plan = _plan_with_assignment(world)
    cell = world.cell_a.pk
    client = _client(world.users["clerk"])
    client.post(reverse("plan-edit", args=[plan.pk]), _plan_post(plan, 1))  # someone else saves first
    response = client.post(
        reverse("plan-edit", args=[plan.pk]),
        _plan_post(plan, 1, theme="Bản của tôi", **{f"topic:{cell}": "Chủ đề tôi gõ"}),
    )
    assert response.status_code == 409
    page = response.content.decode()
    assert "người khác đã lưu kế hoạch. Chưa có gì bị ghi đè" in page
    mine, theirs = page.split('id="ban-nguoi-khac"', 1)
    assert 'value="Bản của tôi"' in mine and 'value="Chủ đề tôi gõ"' in mine
    assert 'name="version" value="2"' in mine  # the next save goes through
    assert "Xây dựng, chỉnh đốn Đảng năm 2016" in theirs and "Trách nhiệm nêu gương" in theirs
    assert "12/12/2016" in theirs
    plan.refresh_from_db()
    assert (plan.theme, plan.version) == ("Xây dựng, chỉnh đốn Đảng năm 2016", 2)
    # Having merged by hand, saving again with the version the page now carries goes through.
    client.post(reverse("plan-edit", args=[plan.pk]), _plan_post(plan, 2, theme="Bản của tôi"))
    plan.refresh_from_db()
    assert (plan.theme, plan.version) == ("Bản của tôi", 3)


def test_a_plan_save_refused_for_another_reason_keeps_the_version_it_read(world):
    plan = _plan_with_assignment(world)
    client = _client(world.users["clerk"])
    client.post(reverse("plan-edit", args=[plan.pk]), _plan_post(plan, 1))  # version 2 now
    # Refused for a date that does not exist, with the version read before someone saved: the
    # page must not take the new version, or the next save would overwrite unseen.
    response = client.post(reverse("plan-edit", args=[plan.pk]),
                           _plan_post(plan, 1, **{f"due_on:{world.cell_a.pk}": "2016-02-30"}))  # fmt: skip
    assert response.status_code == 400
    page = response.content.decode()
    assert "Ngày không hợp lệ." in page and 'name="version" value="1"' in page
    assert client.post(reverse("plan-edit", args=[plan.pk]), _plan_post(plan, 1)).status_code == 409


def test_an_issued_plan_is_not_edited_on_the_page(world):
    plan = _plan_with_assignment(world)
    domain.set_plan_state(actor=SYSTEM, plan=plan, state="published")
    client = _client(world.users["clerk"])
    page = client.get(reverse("plan-edit", args=[plan.pk])).content.decode()
    assert "hãy ban hành văn bản thay thế kế hoạch" in page and 'name="theme"' not in page
    client.post(reverse("plan-edit", args=[plan.pk]), _plan_post(plan, plan.version))
    plan.refresh_from_db()
    assert plan.theme == "Xây dựng và chỉnh đốn Đảng"


@pytest.mark.parametrize("name", ["member", "cell_secretary", "supervisor", "outsider"])
def test_plan_edit_is_refused_outside_the_office(world, name):
    plan = _plan_with_assignment(world)
    client = _client(world.users[name])
    assert client.get(reverse("plan-edit", args=[plan.pk])).status_code == 404
    assert client.post(reverse("plan-edit", args=[plan.pk]), _plan_post(plan, 1)).status_code == 404
    plan.refresh_from_db()
    assert plan.version == 1


def _thematic(world):
    plan = _plan_with_assignment(world)
    assignment = plan.assignments.get()
    return h.meeting(world, kind=MeetingKind.THEMATIC, assignment=assignment, place="Phòng họp tầng 2")


def test_cell_secretary_reschedules_and_members_are_told_through_the_outbox(world):
    meeting = _thematic(world)
    client = _client(world.users["cell_secretary"])
    response = client.post(
        reverse("meeting-edit", args=[meeting.pk]),
        {"starts_at": "2016-12-12T08:00", "ends_at": "2016-12-12T10:30", "place": "Hội trường", "version": 1,
         "presenters_shown": "1", "presenters": [world.member_a.pk],
         "confirm_warnings": "1"},  # after the cell's deadline (10/12): confirmed
    )  # fmt: skip
    assert response["Location"] == reverse("meeting-detail", args=[meeting.pk])
    meeting.refresh_from_db()
    assert (h.at(2016, 12, 12, 8), meeting.place, meeting.version) == (meeting.starts_at, "Hội trường", 3)
    assert list(meeting.assignment.presenters.all()) == [world.member_a]
    messages = OutboxMessage.objects.filter(topic__startswith=f"meetings.reschedule:{meeting.pk}:")
    assert sorted(messages.values_list("to_email", flat=True)) == ["anh@example.vn", "tuan@example.vn"]
    assert "sang 08:00 12/12/2016 tại Hội trường" in messages.first().body
    assert messages.first().status == "prepared"


def test_a_stale_reschedule_keeps_the_typed_values_beside_the_other_persons(world):
    meeting = _thematic(world)
    client = _client(world.users["cell_secretary"])
    data = {"starts_at": "2016-12-12T08:00", "ends_at": "2016-12-12T10:30", "place": "A", "version": 1,
            "confirm_warnings": "1"}  # fmt: skip
    client.post(reverse("meeting-edit", args=[meeting.pk]), data)  # someone else saves first
    response = client.post(
        reverse("meeting-edit", args=[meeting.pk]),
        {**data, "place": "Phòng B", "starts_at": "2016-12-13T14:00", "ends_at": "2016-12-13T16:30",
         "presenters_shown": "1", "presenters": [world.member_a.pk]},
    )  # fmt: skip
    assert response.status_code == 409
    page = response.content.decode()
    assert "người khác đã lưu buổi sinh hoạt. Chưa có gì bị ghi đè" in page
    mine, theirs = page.split('id="ban-nguoi-khac"', 1)
    assert 'value="Phòng B"' in mine and 'value="2016-12-13T14:00"' in mine
    assert f'value="{world.member_a.pk}" checked' in mine
    assert 'name="version" value="2"' in mine
    assert "08:00 12/12/2016" in theirs and "Địa điểm: A" in theirs
    meeting.refresh_from_db()
    assert meeting.place == "A"
    retry = client.post(
        reverse("meeting-edit", args=[meeting.pk]), {**data, "place": "Phòng B", "version": 2}
    )
    assert retry.status_code == 302
    meeting.refresh_from_db()
    assert meeting.place == "Phòng B"


def test_a_cancelled_meeting_is_not_rescheduled(world):
    meeting = _thematic(world)
    domain.cancel_meeting(actor=SYSTEM, meeting=meeting, reason="Trùng lịch")
    client = _client(world.users["cell_secretary"])
    data = {
        "starts_at": "2016-12-12T08:00",
        "ends_at": "2016-12-12T10:30",
        "place": "A",
        "version": meeting.version,
    }
    page = client.post(reverse("meeting-edit", args=[meeting.pk]), data).content.decode()
    assert "đã tổ chức hoặc đã huỷ, không sửa được" in page
    assert OutboxMessage.objects.count() == 0


@pytest.mark.parametrize("name", ["member", "other_cell_secretary", "outsider"])
def test_meeting_edit_is_refused_to_others(world, name):
    meeting = _thematic(world)
    if name == "other_cell_secretary":
        user = f.user("bithu-kinhte", member=world.member_b)
        f.role(user, world.cell_b, Role.SECRETARY)
    else:
        user = world.users[name]
    client = _client(user)
    data = {"starts_at": "2016-12-12T08:00", "ends_at": "2016-12-12T10:30", "place": "A", "version": 1}
    # A member of the cell sees the meeting and is told why; the others are answered "not found".
    refused = 403 if name == "member" else 404
    assert client.post(reverse("meeting-edit", args=[meeting.pk]), data).status_code == refused
    meeting.refresh_from_db()
    assert (meeting.place, meeting.version) == ("Phòng họp tầng 2", 1)


def test_anonymous_is_sent_to_login(world):
    meeting = _thematic(world)
    for url in (reverse("meeting-edit", args=[meeting.pk]), reverse("plan-edit", args=[meeting.plan_id])):
        response = Client().get(url)
        assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_editing_api_twins(world):
    meeting = _thematic(world)
    api = api_client(world.users["cell_secretary"])
    body = {"expected_version": 1, "starts_at": "2016-12-12T08:00:00+07:00", "ends_at": "2016-12-12T10:00:00+07:00",
            "place": "Hội trường", "confirm_outside_plan": True}  # fmt: skip
    first = api.post(f"/api/meetings/{meeting.pk}/reschedule", body, content_type="application/json")
    again = api.post(f"/api/meetings/{meeting.pk}/reschedule", body, content_type="application/json")
    assert (first.status_code, first.json()["version"], again.status_code) == (200, 2, 409)
    put = api.put(f"/api/meetings/{meeting.pk}/presenters", {"expected_version": 2, "member_ids": [world.member_a2.pk]},
                  content_type="application/json")  # fmt: skip
    assert put.status_code == 200 and list(meeting.assignment.presenters.all()) == [world.member_a2]
    clerk = api_client(world.users["clerk"])
    edited = clerk.post(f"/api/meetings/plans/{meeting.plan_id}/edit", {"expected_version": 1, "theme": "Chuyên đề mới"},
                        content_type="application/json")  # fmt: skip
    assert edited.status_code == 200 and edited.json()["version"] == 2
    refused = api.post(f"/api/meetings/plans/{meeting.plan_id}/edit", {"expected_version": 2, "theme": "X"},
                       content_type="application/json")  # fmt: skip
    assert refused.status_code == 404  # the plan is not in a cell secretary's scope

import pytest
from django.test import Client

from chuyende.common.actors import SYSTEM
from chuyende.meetings import domain

from . import helpers as h


def _client(user):
    client = Client()
    client.force_login(user)
    return client


def test_secretary_walks_a_meeting_through_the_api(world):
    secretary, supervisor = _client(world.users["cell_secretary"]), _client(world.users["supervisor"])
    response = secretary.post(
        "/api/meetings",
        {"organization_id": world.cell_a.pk, "kind": "regular", "title": "Sinh hoạt tháng 3", "month": "2026-03-01",
         "chair_id": world.member_a2.pk, "secretary_id": world.member_a.pk, "agenda": ["Kiểm điểm"],
         "confirm_short_notice": True},
        content_type="application/json",
    )  # fmt: skip
    assert response.status_code == 201, response.content
    meeting_id = response.json()["id"]
    assert response.json()["starts_at"] == "2026-03-03T14:00:00+07:00"
    upload = secretary.post(f"/api/meetings/{meeting_id}/materials", {"file": h.pdf()})
    assert upload.status_code == 201
    bad = secretary.post(f"/api/meetings/{meeting_id}/materials", {"file": h.pdf("virus.exe")})
    assert bad.status_code == 400 and bad.json()["detail"].startswith("Không nhận loại tệp “.exe”")
    assert secretary.post(f"/api/meetings/{meeting_id}/materials/publish").status_code == 200
    for member in (world.member_a, world.member_a2):
        put = secretary.put(
            f"/api/meetings/{meeting_id}/attendance/{member.pk}",
            {"status": "present"},
            content_type="application/json",
        )
        assert put.json()["status"] == "present"
    minutes = secretary.post(f"/api/meetings/{meeting_id}/minutes").json()
    patched = secretary.patch(
        f"/api/meetings/{meeting_id}/minutes",
        {"version": minutes["version"], "conclusion": "Thống nhất", "votes_agree": 2},
        content_type="application/json",
    )
    stale = secretary.patch(
        f"/api/meetings/{meeting_id}/minutes", {"version": minutes["version"], "conclusion": "X"},
        content_type="application/json",
    )  # fmt: skip
    assert (patched.status_code, stale.status_code) == (200, 409)
    approved = secretary.post(
        f"/api/meetings/{meeting_id}/minutes/approve", {"version": patched.json()["version"]},
        content_type="application/json",
    )  # fmt: skip
    assert approved.json()["state"] == "approved"
    locked = secretary.patch(
        f"/api/meetings/{meeting_id}/minutes", {"version": approved.json()["version"], "conclusion": "Y"},
        content_type="application/json",
    )  # fmt: skip
    assert locked.status_code == 400
    grade = secretary.post(
        f"/api/meetings/{meeting_id}/grade", {"scores": h.SCORES_PASS}, content_type="application/json"
    )
    assert grade.json()["state"] == "proposed"
    refused = secretary.post(f"/api/meetings/{meeting_id}/grade/confirm", {}, content_type="application/json")
    assert refused.status_code == 403
    confirmed = supervisor.post(
        f"/api/meetings/{meeting_id}/grade/confirm", {}, content_type="application/json"
    )
    assert confirmed.json() == {
        "meeting_id": meeting_id, "scores": h.SCORES_PASS, "total": 90, "grade": "tot", "state": "confirmed"
    }  # fmt: skip
    detail = secretary.get(f"/api/meetings/{meeting_id}").json()
    assert (detail["attendance_rate"], detail["status"], detail["score"]) == (100.0, "held", 90)


@pytest.mark.parametrize("path", ["", "/minutes"])
def test_member_of_another_cell_gets_404(world, path):
    meeting = h.meeting(world)
    h.approved_minutes(meeting)
    client = _client(world.users["secretary"])  # a member of cell_b, but also committee secretary
    assert client.get(f"/api/meetings/{meeting.pk}{path}").status_code == 200
    outsider = _client(world.users["outsider"])
    response = outsider.get(f"/api/meetings/{meeting.pk}{path}")
    assert (response.status_code, response.json()) == (
        404, {"detail": "Không tìm thấy buổi sinh hoạt này hoặc bạn không có quyền xem."}
    )  # fmt: skip


def test_plan_endpoints_and_dashboard(world):
    client = _client(world.users["secretary"])
    plan = client.post(
        "/api/meetings/plans",
        {
            "organization_id": world.committee.pk,
            "theme": "Chuyên đề",
            "cell_sessions_before": "2016-12-20",
            "confirm_dates": True,
        },
        content_type="application/json",
    ).json()
    assigned = client.post(
        f"/api/meetings/plans/{plan['id']}/assignments", {"cell_id": world.cell_a.pk, "topic": "A"},
        content_type="application/json",
    )  # fmt: skip
    assert assigned.status_code == 201
    state = client.post(
        f"/api/meetings/plans/{plan['id']}/state", {"state": "published"}, content_type="application/json"
    )
    assert state.json()["state"] == "published"
    board = client.get(f"/api/meetings/plans/{plan['id']}/dashboard").json()
    assert (board["counts"]["assigned"], board["counts"]["late"], board["late"][0]["cell_id"]) == (
        1,
        1,
        world.cell_a.pk,
    )
    rollup = client.get(f"/api/meetings/organizations/{world.committee.pk}/rollup").json()
    assert [(r["organization_id"], r["assigned"]) for r in rollup] == [(world.cell_a.pk, 1)]


def test_list_meetings_query_count(world, django_assert_max_num_queries):
    client = _client(world.users["committee_member"])
    for _ in range(3):
        h.meeting(world)
    domain.record_attendance(h.meeting(world, world.cell_b), world.member_b, "present", actor=SYSTEM)
    with django_assert_max_num_queries(6):
        response = client.get("/api/meetings")
    assert response.json()["count"] == 4


def test_patch_and_cancel_meeting(world):
    meeting = h.meeting(world)
    client = _client(world.users["cell_secretary"])
    patched = client.patch(
        f"/api/meetings/{meeting.pk}", {"place": "Hội trường"}, content_type="application/json"
    )
    assert patched.json()["place"] == "Hội trường"
    member = _client(world.users["member"]).post(
        f"/api/meetings/{meeting.pk}/cancel", {"reason": "x"}, content_type="application/json"
    )
    assert member.status_code == 403
    cancelled = client.post(
        f"/api/meetings/{meeting.pk}/cancel", {"reason": "Trùng lịch"}, content_type="application/json"
    )
    assert cancelled.json()["status"] == "cancelled"


def test_yearly_grades_endpoint(world):
    meeting = h.meeting(world, kind="regular", starts_at=h.at(2016, 5, 3), minutes=90)
    h.hold(meeting, [world.member_a])
    domain.propose_grade(actor=SYSTEM, meeting=meeting, scores=h.SCORES_PASS)
    domain.confirm_grade(actor=world.users["supervisor"], meeting=meeting)
    response = _client(world.users["secretary"]).get(
        f"/api/meetings/organizations/{world.committee.pk}/yearly-grades?year=2016"
    )
    cell_a = {"name": world.cell_a.name, "average": 90.0, "graded": 1, "grade": "Tốt"}
    assert response.json() == [{"organization_id": world.cell_a.pk, "is_cell": True, **cell_a}]
    # Above the committee: one row for the committee (its whole subtree), then drill down.
    superior = _client(world.users["superior_secretary"])
    rows = superior.get(f"/api/meetings/organizations/{world.superior.pk}/yearly-grades?year=2016").json()
    assert [(r["organization_id"], r["is_cell"], r["graded"]) for r in rows] == [
        (world.committee.pk, False, 1)
    ]
    drilled = superior.get(f"/api/meetings/organizations/{world.committee.pk}/yearly-grades?year=2016")
    assert drilled.json() == response.json()


@pytest.mark.parametrize("n", [1, 3])
def test_list_plans_query_count(world, n, django_assert_max_num_queries):
    for _ in range(n):
        h.plan(world)
    client = _client(world.users["secretary"])
    with django_assert_max_num_queries(7):
        response = client.get("/api/meetings/plans")
    assert response.json()["count"] == n


@pytest.mark.parametrize("score", [-1, 101, -1166700191115])
def test_a_pass_score_outside_0_to_100_is_refused_in_vietnamese(world, score):
    """Found by the fuzzer: a negative score reached the database's CHECK and answered 500."""
    from chuyende.meetings.models import Plan

    client = _client(world.users["secretary"])
    body = {"organization_id": world.committee.pk, "theme": "Chuyên đề", "cell_sessions_before": "2016-12-20",
            "confirm_dates": True, "pass_score": score}  # fmt: skip
    before = Plan.objects.count()
    response = client.post("/api/meetings/plans", body, content_type="application/json")
    assert response.status_code == 400 and "từ 0 đến 100" in response.json()["detail"]
    assert Plan.objects.count() == before
    plan = h.plan(world)
    edit = {"expected_version": plan.version, "pass_score": score}
    response = client.post(f"/api/meetings/plans/{plan.pk}/edit", edit, content_type="application/json")
    assert response.status_code == 400 and "từ 0 đến 100" in response.json()["detail"]
    plan.refresh_from_db()
    assert (plan.pass_score, plan.version) == (50, edit["expected_version"])  # nothing saved

import secrets

import pytest
from django.test import Client

from chuyende.common.models import ApiToken
from chuyende.consultations.models import Comment

from .helpers import consultation_for, docx_upload, paragraph

pytestmark = pytest.mark.django_db


def _client(user) -> Client:
    key = secrets.token_urlsafe(24)
    ApiToken.objects.create(user=user, name="test", key_hash=ApiToken.hash_key(key), prefix=key[:8])
    return Client(headers={"authorization": f"Bearer {key}"})


def test_submit_is_idempotent_over_http(world):
    consultation = consultation_for(world)
    client = _client(world.users["member"])
    body = {
        "stance": "propose", "text": "Đề nghị bổ sung", "idempotency_key": "abc-1", "target": "paragraph",
        "block_uid": paragraph(consultation).uid, "proposed_wording": "…",
    }  # fmt: skip
    url = f"/api/consultations/{consultation.pk}/comments"
    first = client.post(url, body, content_type="application/json")
    again = client.post(url, body, content_type="application/json")
    assert (first.status_code, again.status_code) == (201, 200)
    assert first.json()["id"] == again.json()["id"]
    assert first.json()["quoted_text"] == paragraph(consultation).text
    assert Comment.objects.count() == 1


def test_a_hidden_consultation_is_answered_as_a_missing_one(world):
    """Existence is not revealed: outside the audience (and not the office) = a missing id."""
    consultation = consultation_for(world)
    outsider = _client(world.users["outsider"])
    hidden = "Không tìm thấy đợt lấy ý kiến này hoặc bạn không có quyền xem."
    bodies = [
        {"stance": "agree", "text": "ok", "idempotency_key": "x"},
        {"stance": "agree", "idempotency_key": "y", "channel": "cell_meeting", "cell_id": world.cell_x.pk,
         "agreeing_members": 2},
        {"stance": "agree", "idempotency_key": "z", "channel": "cell_meeting", "cell_id": world.cell_a.pk,
         "agreeing_members": 2},
        {"stance": "agree", "idempotency_key": "w", "channel": "written", "submitter_name": "Ông A"},
    ]  # fmt: skip
    for body in bodies:
        answers = [
            outsider.post(f"/api/consultations/{pk}/comments", body, content_type="application/json")
            for pk in (consultation.pk, consultation.pk + 1000)
        ]
        assert [(a.status_code, a.json()) for a in answers] == [(404, {"detail": hidden})] * 2, body
    assert not Comment.objects.exists()


def test_opening_a_consultation_on_a_hidden_version_is_answered_as_a_missing_one(world):
    from chuyende.consultations.models import Consultation

    from .helpers import published_draft

    _, version = published_draft(world.other_committee)  # another committee's draft
    clerk = _client(world.users["clerk"])
    body = {"title": "Lấy ý kiến", "opens_at": "2030-01-01T08:00:00+07:00", "closes_at": "2030-01-10T08:00:00+07:00",
            "organization_ids": [world.committee.pk]}  # fmt: skip
    answers = [
        clerk.post("/api/consultations", {**body, "version_id": pk}, content_type="application/json")
        for pk in (version.pk, version.pk + 1000)
    ]
    assert [(a.status_code, a.json()) for a in answers] == [
        (404, {"detail": "Không tìm thấy phiên bản này."})
    ] * 2
    assert not Consultation.objects.exists()


def test_someone_who_sees_the_consultation_is_told_the_reason(world):
    consultation = consultation_for(world, organizations=[world.cell_b])
    response = _client(world.users["clerk"]).post(  # the office oversees it, is not consulted
        f"/api/consultations/{consultation.pk}/comments",
        {"stance": "agree", "text": "ok", "idempotency_key": "x"},
        content_type="application/json",
    )
    assert response.status_code == 403
    assert response.json() == {"detail": "Đồng chí không thuộc đối tượng được lấy ý kiến về dự thảo này."}


def test_edit_withdraw_and_office_views_over_http(world):
    consultation = consultation_for(world)
    member = _client(world.users["member"])
    created = member.post(
        f"/api/consultations/{consultation.pk}/comments",
        {"stance": "agree", "text": "Tán thành", "idempotency_key": "e1"},
        content_type="application/json",
    ).json()
    edited = member.patch(
        f"/api/consultations/comments/{created['id']}",
        {"stance": "disagree", "text": "Không tán thành", "expected_revision": 1},
        content_type="application/json",
    )
    assert (edited.status_code, edited.json()["revision"]) == (200, 2)
    assert member.get(f"/api/consultations/{consultation.pk}/summary").status_code == 403
    office = _client(world.users["clerk"])
    summary = office.get(f"/api/consultations/{consultation.pk}/summary").json()
    assert (summary["total"], summary["unhandled"], summary["stance"]) == (1, 1, [["disagree", 1, 0]])
    handled = office.post(
        f"/api/consultations/{consultation.pk}/dispositions",
        {"decision": "rejected", "explanation": "Dự thảo đã cân nhắc", "comment_ids": [created["id"]]},
        content_type="application/json",
    )
    assert (handled.status_code, handled.json()["comments"]) == (201, 1)
    assert office.get(f"/api/consultations/{consultation.pk}/summary").json()["unhandled"] == 0
    withdrawn = member.post(f"/api/consultations/comments/{created['id']}/withdraw")
    assert withdrawn.status_code == 400  # handled comments stay


def test_draft_import_edit_conflict_and_diff_over_http(world):
    office = _client(world.users["clerk"])
    buffer = docx_upload()
    draft = office.post(
        f"/api/consultations/drafts/import?organization_id={world.committee.pk}&title=Dự thảo",
        {"file": buffer},
    ).json()
    version = draft["versions"][0]
    uid = version["blocks"][1]["uid"]
    url = f"/api/consultations/drafts/{draft['id']}/versions/{version['id']}/blocks/{uid}"
    ok = office.patch(url, {"text": "Nâng cao hơn nữa chất lượng sinh hoạt.", "expected_revision": 1},
                      content_type="application/json")  # fmt: skip
    stale = office.patch(url, {"text": "Khác", "expected_revision": 1}, content_type="application/json")
    assert (ok.status_code, stale.status_code) == (200, 409)
    office.post(f"/api/consultations/drafts/{draft['id']}/versions/{version['id']}/publish")
    v2 = office.post(f"/api/consultations/drafts/{draft['id']}/versions").json()
    office.patch(
        f"/api/consultations/drafts/{draft['id']}/versions/{v2['id']}/blocks/{uid}",
        {"text": "Nâng cao chất lượng sinh hoạt chi bộ.", "expected_revision": 1},
        content_type="application/json",
    )
    changes = office.get(
        f"/api/consultations/drafts/{draft['id']}/diff?old={version['id']}&new={v2['id']}"
    ).json()
    assert [(c["status"], c["uid"]) for c in changes if c["status"] != "equal"] == [("changed", uid)]
    assert _client(world.users["member"]).get(f"/api/consultations/drafts/{draft['id']}").status_code == 404


def test_synthesis_and_groups_over_http(world, django_capture_on_commit_callbacks):
    consultation = consultation_for(world)
    uid = paragraph(consultation).uid
    for name in ("member", "cell_secretary"):
        _client(world.users[name]).post(
            f"/api/consultations/{consultation.pk}/comments",
            {"stance": "propose", "text": "Đề nghị bổ sung trách nhiệm nêu gương của người đứng đầu",
             "idempotency_key": "g", "target": "paragraph", "block_uid": uid},
            content_type="application/json",
        )  # fmt: skip
    office = _client(world.users["clerk"])
    with django_capture_on_commit_callbacks(execute=True):
        started = office.post(f"/api/consultations/{consultation.pk}/synthesis")
    assert started.status_code == 202
    run = office.get(f"/api/consultations/synthesis-runs/{started.json()['id']}").json()
    assert (run["status"], run["progress"], run["result"]["groups"]) == ("done", 100, 1)
    groups = office.get(f"/api/consultations/{consultation.pk}/groups").json()["items"]
    assert [(g["size"], g["block_uid"]) for g in groups] == [(2, uid)]
    handled = office.post(
        f"/api/consultations/{consultation.pk}/dispositions",
        {"decision": "covered", "explanation": "Đã có ở Điều 2", "group_id": groups[0]["id"]},
        content_type="application/json",
    ).json()
    assert handled["comments"] == 2
    assert (
        _client(world.users["member"]).get(f"/api/consultations/{consultation.pk}/groups").status_code == 403
    )

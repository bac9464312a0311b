"""API twins of the end-of-consultation pages: preview, pasted text, steps, close early, link."""

import pytest
from django.utils import timezone

from chuyende.common.actors import SYSTEM
from chuyende.consultations.domain import dispose, start_next_version, submit_comment
from chuyende.consultations.models import Draft

from .helpers import consultation_for, paragraph
from .test_api import _client
from .test_structure_frame import PASTED

pytestmark = pytest.mark.django_db


def test_preview_and_create_from_pasted_text(world):
    client = _client(world.users["clerk"])
    preview = client.post(
        "/api/consultations/drafts/preview", {"text": PASTED}, content_type="application/json"
    )
    body = preview.json()
    assert [(b["label"], b["depth"]) for b in body["blocks"]][2:5] == [("1.", 2), ("1.1.", 3), ("1.2.", 3)]
    assert [f["kind"] for f in body["frame"]].count("signature") == 3
    created = client.post(
        "/api/consultations/drafts",
        {"organization_id": world.committee.pk, "title": "Dự thảo", "text": PASTED},
        content_type="application/json",
    )
    assert created.status_code == 201
    assert len(created.json()["versions"][0]["blocks"]) == 9
    member = _client(world.users["member"]).post(
        "/api/consultations/drafts",
        {"organization_id": world.committee.pk, "title": "Dự thảo", "text": PASTED},
        content_type="application/json",
    )
    assert member.status_code == 403 and Draft.objects.count() == 1


def test_steps_close_early_and_link_over_http(world):
    consultation = consultation_for(world)
    comment = submit_comment(actor=world.users["member"], consultation=consultation, stance="propose",
                             text="Sửa", idempotency_key="a", target="paragraph",
                             block_uid=paragraph(consultation).uid)[0]  # fmt: skip
    client = _client(world.users["clerk"])
    steps = client.get(f"/api/consultations/{consultation.pk}/steps").json()
    assert steps[0] == {"action": "close_early", "allowed": True, "blockers": []}
    assert steps[1]["action"] == "finish" and steps[1]["blockers"][1] == "còn 1 ý kiến chưa xử lý"
    assert (
        _client(world.users["member"]).post(f"/api/consultations/{consultation.pk}/close").status_code == 403
    )
    closed = client.post(f"/api/consultations/{consultation.pk}/close")
    assert closed.status_code == 200
    consultation.refresh_from_db()
    assert consultation.closes_at <= timezone.now()
    disposition = dispose(actor=world.users["clerk"], consultation=consultation, decision="accepted",
                          explanation="Tiếp thu", comment_ids=[comment.pk])  # fmt: skip
    v2 = start_next_version(actor=SYSTEM, draft=consultation.version.draft)
    url = f"/api/consultations/{consultation.pk}/dispositions/{disposition.pk}/link"
    linked = client.post(
        url,
        {"changed_version_id": v2.pk, "changed_block_uid": comment.block_uid},
        content_type="application/json",
    )
    assert linked.status_code == 200 and linked.json()["comments"] == 1
    disposition.refresh_from_db()
    assert (disposition.changed_version_id, disposition.changed_block_uid) == (v2.pk, comment.block_uid)
    missing = client.post(
        url, {"changed_version_id": v2.pk, "changed_block_uid": "nope"}, content_type="application/json"
    )
    assert missing.status_code == 400 and "Không tìm thấy đoạn đã sửa" in missing.json()["detail"]

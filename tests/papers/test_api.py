import json

from chuyende.papers.models import PaperComment

from .helpers import anchors, committee_meeting, submitted_paper


def call(client, method, url, body=None):
    response = getattr(client, method)(url, data=json.dumps(body) if body is not None else None,
                                       content_type="application/json")  # fmt: skip
    return response.status_code, response.json()


def test_api_paper_lifecycle_comments_and_stats(client, world):
    client.force_login(world.users["member"])
    status, paper = call(client, "post", "/api/papers/", {"cell_id": world.cell_a.pk, "title": "Tham luận",
                                                           "text": "# I. Thực trạng\n\nĐoạn một.\n\nĐoạn hai."})  # fmt: skip
    assert status == 201
    assert [b["kind"] for b in paper["draft"]] == ["heading", "paragraph", "paragraph"]
    status, body = call(client, "patch", f"/api/papers/{paper['id']}", {"version": paper["version"],
                                                                        "manifestation_codes": ["CT5"]})  # fmt: skip
    assert status == 200
    status, stale = call(
        client, "patch", f"/api/papers/{paper['id']}", {"version": paper["version"], "title": "x"}
    )
    assert status == 409
    assert stale["detail"].startswith("Bài tham luận vừa được người khác sửa.")
    status, body = call(client, "post", f"/api/papers/{paper['id']}/state", {"state": "finalized"})
    assert status == 400
    assert body["detail"] == "Không thể chuyển bài tham luận từ “Dự thảo” sang “Đã hoàn thiện”."
    status, body = call(client, "post", f"/api/papers/{paper['id']}/state", {"state": "submitted"})
    assert body["state"] == "submitted"
    client.force_login(world.users["secretary"])
    versions = call(client, "get", f"/api/papers/{paper['id']}/versions")[1]
    anchor = versions[0]["paragraphs"][1]["anchor"]
    comment = {"text": "Cụ thể hơn.", "idempotency_key": "api-1", "target": "paragraph", "anchor": anchor}
    status, first = call(client, "post", f"/api/papers/{paper['id']}/comments", comment)
    status, again = call(client, "post", f"/api/papers/{paper['id']}/comments", comment)
    assert (status, again["id"], first["quoted_text"]) == (201, first["id"], "Đoạn một.")
    assert PaperComment.objects.count() == 1
    client.force_login(world.users["member"])
    status, answered = call(client, "post", f"/api/papers/comments/{first['id']}/answer",
                            {"disposition": "rejected", "answer": "Đã đủ cụ thể."})  # fmt: skip
    assert (status, answered["disposition"]) == (200, "rejected")
    client.force_login(world.users["committee_member"])
    stats = {
        row["code"]: row for row in call(client, "get", f"/api/papers/statistics/{world.committee.pk}")[1]
    }
    assert stats["CT5"]["total"] == 1
    assert stats["CT5"]["by_cell"] == {str(world.cell_a.pk): 1}


def test_api_hides_other_committees_papers(client, world):
    p = submitted_paper(world)
    client.force_login(world.users["outsider"])
    assert call(client, "get", f"/api/papers/{p.pk}")[0] == 404
    status, body = call(client, "post", f"/api/papers/{p.pk}/comments", {"text": "x", "idempotency_key": "k"})
    assert status == 404


def test_api_session_agenda_and_comment_aloud(client, world):
    p = submitted_paper(world)
    meeting = committee_meeting(world)
    client.force_login(world.users["secretary"])
    status, agenda = call(
        client, "put", f"/api/papers/sessions/{meeting.pk}/agenda", [{"paper_id": p.pk, "minutes": 8}]
    )
    assert (status, agenda[0]["paper_id"], agenda[0]["minutes"]) == (200, p.pk, 8)
    status, comment = call(client, "post", f"/api/papers/sessions/{meeting.pk}/comments", {
        "paper_id": p.pk, "on_behalf_of_id": world.member_b.pk, "text": "Ý kiến tại hội nghị.",
        "idempotency_key": "s-1", "target": "paper",
    })  # fmt: skip
    assert (status, comment["channel"], comment["author_id"]) == (201, "at_session", world.member_b.pk)
    assert call(client, "post", f"/api/papers/sessions/{meeting.pk}/presented")[1] == {"presented": 1}
    assert anchors(p)

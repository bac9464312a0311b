"""A stale save through the API (someone saved since the version sent was read) is refused with 409,
the Vietnamese message in `detail`, and in `current` what is stored now — the other person's
values with the version to send next — so a client can show both side by side, as the pages do.
Each case: one person saves, another sends the version both had read."""

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from chuyende.api.api import api
from chuyende.common.actors import SYSTEM
from chuyende.consultations.domain import create_draft, submit_comment
from chuyende.consultations.enums import Stance
from chuyende.consultations.structure import parse_lines
from chuyende.meetings import domain as meetings
from tests.commitments.helpers import commitment, item, resolution
from tests.consultations.helpers import SHORT_DRAFT_LINES, consultation_for
from tests.documents.helpers import draft as document_draft
from tests.documents.helpers import term_for
from tests.meetings.helpers import meeting as make_meeting
from tests.meetings.helpers import plan as make_plan
from tests.papers.helpers import paper as make_paper
from tests.world import build_world

pytestmark = pytest.mark.django_db
JSON = "application/json"


@pytest.fixture
def world():
    return build_world()


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _twice(client, method, url, first, second):
    """The first person's save, then the second person's with the version both had read."""
    saved = getattr(client, method)(url, first, content_type=JSON)
    assert saved.status_code == 200, saved.content
    refused = getattr(client, method)(url, second, content_type=JSON)
    assert refused.status_code == 409, refused.content
    return refused.json()


def test_plan_edit_answers_the_stored_plan(world):
    plan = make_plan(world)
    meetings.assign_topic(actor=SYSTEM, plan=plan, cell=world.cell_a, topic="Chủ đề A")
    url = f"/api/meetings/plans/{plan.pk}/edit"
    body = _twice(_client(world.users["clerk"]), "post", url,
                  {"expected_version": plan.version, "theme": "Chuyên đề của văn phòng"},
                  {"expected_version": plan.version, "theme": "Chuyên đề của bí thư"})  # fmt: skip
    assert (
        body["detail"]
        == "Nội dung vừa được người khác sửa. Hãy tải lại trang để xem nội dung mới rồi sửa tiếp."
    )
    current = body["current"]
    assert (current["id"], current["theme"], current["version"]) == (
        plan.pk,
        "Chuyên đề của văn phòng",
        plan.version + 1,
    )
    assert current["assignments"] == [
        {"cell_id": world.cell_a.pk, "topic": "Chủ đề A", "due_on": "2016-12-20", "presenter_ids": []}
    ]


def test_meeting_reschedule_answers_the_stored_meeting(world):
    plan = make_plan(world)
    assignment = meetings.assign_topic(actor=SYSTEM, plan=plan, cell=world.cell_a, topic="Chủ đề A")
    meetings.set_plan_state(actor=SYSTEM, plan=plan, state="published")
    meeting = make_meeting(world, assignment=assignment)
    url = f"/api/meetings/{meeting.pk}/reschedule"
    starts = meeting.starts_at.isoformat()
    ends = (meeting.starts_at + timedelta(hours=2)).isoformat()
    body = _twice(_client(world.users["cell_secretary"]), "post", url,
                  {"expected_version": meeting.version, "starts_at": starts, "ends_at": ends, "place": "Hội trường A"},
                  {"expected_version": meeting.version, "starts_at": starts, "ends_at": ends, "place": "Phòng 2"})  # fmt: skip
    assert (
        body["detail"]
        == "Nội dung vừa được người khác sửa. Hãy tải lại trang để xem nội dung mới rồi sửa tiếp."
    )
    current = body["current"]
    assert (current["place"], current["version"], current["presenter_ids"]) == (
        "Hội trường A",
        meeting.version + 1,
        [],
    )
    presenters = _client(world.users["cell_secretary"]).put(
        f"/api/meetings/{meeting.pk}/presenters", {"expected_version": meeting.version, "member_ids": []},
        content_type=JSON,
    )  # fmt: skip
    assert presenters.status_code == 409
    assert presenters.json()["current"]["place"] == "Hội trường A"


def test_minutes_save_and_approval_answer_the_stored_minutes(world):
    meeting = make_meeting(world)
    minutes = meetings.draft_minutes(actor=SYSTEM, meeting=meeting)
    client = _client(world.users["cell_secretary"])
    url = f"/api/meetings/{meeting.pk}/minutes"
    body = _twice(client, "patch", url, {"version": minutes.version, "conclusion": "Chi bộ thống nhất."},
                  {"version": minutes.version, "conclusion": "Bản của người thứ hai."})  # fmt: skip
    assert body["detail"] == "Biên bản vừa được người khác sửa. Hãy tải lại trang rồi sửa tiếp."
    current = body["current"]
    assert (current["conclusion"], current["version"], current["state"]) == (
        "Chi bộ thống nhất.", minutes.version + 1, "draft")  # fmt: skip
    assert current["updated_at"]
    approve = client.post(f"{url}/approve", {"version": minutes.version}, content_type=JSON)
    assert approve.status_code == 409
    assert approve.json()["current"]["conclusion"] == "Chi bộ thống nhất."


def test_draft_block_edit_answers_the_stored_working_version(world):
    draft = create_draft(actor=SYSTEM, organization=world.committee, title="Dự thảo",
                         blocks=parse_lines(SHORT_DRAFT_LINES))  # fmt: skip
    version = draft.versions.get()
    uid = version.blocks.order_by("position")[1].uid
    url = f"/api/consultations/drafts/{draft.pk}/versions/{version.pk}/blocks/{uid}"
    body = _twice(_client(world.users["clerk"]), "patch", url,
                  {"text": "Nâng cao hơn nữa chất lượng sinh hoạt.", "expected_revision": version.revision},
                  {"text": "Bản của người thứ hai.", "expected_revision": version.revision})  # fmt: skip
    assert body["detail"].startswith("Dự thảo vừa được người khác sửa.")
    current = body["current"]
    assert (current["id"], current["revision"]) == (version.pk, version.revision + 1)
    assert {"uid": uid, "text": "Nâng cao hơn nữa chất lượng sinh hoạt."}.items() <= next(
        b for b in current["blocks"] if b["uid"] == uid
    ).items()


def test_commitment_revision_answers_the_stored_commitment(world):
    deadline = timezone.localdate() + timedelta(days=30)
    made = commitment(world.cell_a, world.member_a, basis=resolution(world.committee), items=[item(deadline)])
    it = made.items.get()

    def revision(remedy):
        return {"reason": "Điều chỉnh", "version": made.version, "items": [
            {"id": it.pk, "shortcoming": it.shortcoming, "remedy": remedy, "sign_of_done": it.sign_of_done,
             "deadline": deadline.isoformat()}]}  # fmt: skip

    body = _twice(_client(world.users["cell_secretary"]), "post", f"/api/commitments/{made.pk}/revisions",
                  revision("Cách khắc phục đã điều chỉnh"), revision("Bản của người thứ hai"))  # fmt: skip
    assert body["detail"] == "Cam kết vừa được người khác điều chỉnh; hãy tải lại trang."
    current = body["current"]
    assert (current["id"], current["version"]) == (made.pk, made.version + 1)
    assert [i["remedy"] for i in current["items"]] == ["Cách khắc phục đã điều chỉnh"]


def test_paper_save_answers_the_stored_paper(world):
    paper = make_paper(world)
    body = _twice(_client(world.users["member"]), "patch", f"/api/papers/{paper.pk}",
                  {"version": paper.version, "title": "Tên bài đã sửa"},
                  {"version": paper.version, "title": "Tên của người thứ hai"})  # fmt: skip
    assert body["detail"].startswith("Bài tham luận vừa được người khác sửa.")
    current = body["current"]
    assert (current["title"], current["version"]) == ("Tên bài đã sửa", paper.version + 1)
    assert current["updated_at"] and current["draft"]  # the author sees the working copy


def test_document_edit_answers_the_stored_document(world):
    document = document_draft(world.committee, term_for(world.committee))
    body = _twice(_client(world.users["clerk"]), "patch", f"/api/documents/{document.pk}",
                  {"expected_version": document.version, "summary": "về sinh hoạt chuyên đề năm 2017"},
                  {"expected_version": document.version, "summary": "bản của người thứ hai"})  # fmt: skip
    assert body["detail"].startswith("Văn bản vừa được người khác sửa")
    current = body["current"]
    assert (current["summary"], current["version"]) == (
        "về sinh hoạt chuyên đề năm 2017",
        document.version + 1,
    )
    assert current["updated_at"]


def test_own_comment_edit_answers_the_stored_comment(world):
    consultation = consultation_for(world)
    comment, _ = submit_comment(actor=world.users["member"], consultation=consultation, stance=Stance.AGREE,
                                text="Ý kiến ban đầu.", idempotency_key="k-1")  # fmt: skip
    url = f"/api/consultations/comments/{comment.pk}"
    body = _twice(_client(world.users["member"]), "patch", url,
                  {"stance": Stance.AGREE, "text": "Sửa trên điện thoại.", "expected_revision": comment.revision},
                  {"stance": Stance.AGREE, "text": "Sửa trên máy tính.", "expected_revision": comment.revision})  # fmt: skip
    assert body["detail"] == "Ý kiến vừa được sửa ở nơi khác. Hãy tải lại rồi sửa tiếp."
    current = body["current"]
    assert (current["text"], current["revision"]) == ("Sửa trên điện thoại.", comment.revision + 1)


STALE_OPERATIONS = {
    ("post", "/api/meetings/plans/{plan_id}/edit"): "PlanStale",
    ("post", "/api/meetings/{meeting_id}/reschedule"): "MeetingStale",
    ("put", "/api/meetings/{meeting_id}/presenters"): "MeetingStale",
    ("patch", "/api/meetings/{meeting_id}/minutes"): "MinutesStale",
    ("post", "/api/meetings/{meeting_id}/minutes/approve"): "MinutesStale",
    ("patch", "/api/consultations/drafts/{draft_id}/versions/{version_id}/blocks/{uid}"): "DraftVersionStale",
    ("patch", "/api/consultations/comments/{comment_id}"): "CommentStale",
    ("post", "/api/commitments/{commitment_id}/revisions"): "CommitmentStale",
    ("patch", "/api/papers/{paper_id}"): "PaperStale",
    ("post", "/api/papers/{paper_id}/upload"): "PaperStale",
    ("post", "/api/papers/{paper_id}/state"): "PaperStale",
    ("patch", "/api/documents/{document_id}"): "DocumentStale",
    ("post", "/api/documents/{document_id}/issue"): "DocumentStale",
    ("post", "/api/documents/{document_id}/withdraw"): "DocumentStale",
    ("post", "/api/documents/{document_id}/replace"): "DocumentStale",
}


def test_openapi_documents_the_409_body_of_every_stale_save():
    spec = api.get_openapi_schema()
    schemas = spec["components"]["schemas"]
    documented = {}
    for path, operations in spec["paths"].items():
        for method, operation in operations.items():
            responses = {str(status): answer for status, answer in operation.get("responses", {}).items()}
            ref = responses.get("409", {}).get("content", {}).get("application/json", {})
            if ref:
                documented[(method, path)] = ref["schema"]["$ref"].rsplit("/", 1)[-1]
    assert documented == STALE_OPERATIONS
    for name in set(STALE_OPERATIONS.values()):
        assert schemas[name]["required"] == ["detail", "current"]
        assert "version" in str(schemas[name]) or "revision" in str(schemas[name])

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from chuyende.consultations.domain import submit_comment
from chuyende.consultations.models import Comment, CommentGroup, SynthesisRun

from .helpers import consultation_for, docx_upload, paragraph

pytestmark = pytest.mark.django_db


def _login(client, user):
    client.force_login(user)
    return client


def test_member_comments_on_a_paragraph_in_two_requests(world, client):
    consultation = consultation_for(world)
    block = paragraph(consultation, 2)
    _login(client, world.users["member"])
    page = client.get(reverse("consultation-detail", args=[consultation.pk]))
    assert page.status_code == 200 and block.text in page.content.decode()
    form = client.get(
        reverse("consultation-comment", args=[consultation.pk, block.uid]), headers={"HX-Request": "true"}
    )
    key = re.search(r'name="idempotency_key" value="([0-9a-f]+)"', form.content.decode()).group(1)
    url = reverse("consultation-comment", args=[consultation.pk, block.uid])
    for _ in range(2):  # a double tap stores one comment
        saved = client.post(
            url, {"stance": "agree", "idempotency_key": key, "text": ""}, headers={"HX-Request": "true"}
        )
    assert "Đã ghi nhận ý kiến" in saved.content.decode()
    comment = Comment.objects.get()
    assert (comment.block_uid, comment.stance, comment.quoted_text) == (block.uid, "agree", block.text)


def test_outsider_cannot_open_the_consultation(world, client):
    consultation = consultation_for(world)
    _login(client, world.users["outsider"])
    assert client.get(reverse("consultation-detail", args=[consultation.pk])).status_code == 404


def test_comment_form_of_a_hidden_consultation_is_a_missing_one(world, client):
    consultation = consultation_for(world)
    uid = paragraph(consultation).uid
    _login(client, world.users["outsider"])
    answers = []
    for pk in (consultation.pk, consultation.pk + 1000):
        url = reverse("consultation-comment", args=[pk, uid])
        for response in (client.get(url), client.post(url, {"stance": "agree", "idempotency_key": "k"})):
            # the page without its own address and CSRF token (masked anew on every response)
            page = response.content.replace(url.encode(), b"")
            answers.append((response.status_code, re.sub(rb"[A-Za-z0-9]{64}", b"", page)))
    assert answers[0][0] == 404 and answers == [answers[0]] * 4  # one page for hidden and missing
    assert not Comment.objects.exists()


def test_handling_page_is_for_the_office_and_records_a_group(world, client):
    consultation = consultation_for(world)
    comments = [
        submit_comment(actor=world.users[n], consultation=consultation, stance="propose", text="Bổ sung A",
                       idempotency_key="k")[0]
        for n in ("member", "cell_secretary")
    ]  # fmt: skip
    run = SynthesisRun.objects.create(consultation=consultation, status="done", progress=100)
    group = CommentGroup.objects.create(
        consultation=consultation, run=run, representative_text="Bổ sung A", size=2
    )
    Comment.objects.filter(pk__in=[c.pk for c in comments]).update(group=group)
    _login(client, world.users["member"])
    refused = client.get(reverse("consultation-handling", args=[consultation.pk]))
    assert refused.status_code == 403  # the API answers the same (tests/consultations/test_api.py)
    assert "Chỉ văn phòng của tổ chức mới xem và xử lý toàn bộ ý kiến." in refused.content.decode()
    _login(client, world.users["clerk"])
    page = client.get(reverse("consultation-handling", args=[consultation.pk])).content.decode()
    assert "còn 2 ý kiến chưa xử lý" in page and "Nhóm 2 ý kiến" in page
    client.post(
        reverse("consultation-handling", args=[consultation.pk]),
        {"decision": "accepted", "explanation": "Tiếp thu", "group": group.pk},
    )
    page = client.get(reverse("consultation-handling", args=[consultation.pk])).content.decode()
    assert "còn 0 ý kiến chưa xử lý" in page


@pytest.mark.parametrize("count", [1, 3])
def test_handling_queue_query_count_does_not_grow(world, client, count):
    consultation = consultation_for(world)
    users = ["member", "cell_secretary", "secretary"]
    for i in range(count):
        submit_comment(actor=world.users[users[i]], consultation=consultation, stance="disagree",
                       text=f"Ý kiến {i}", idempotency_key="q")  # fmt: skip
    _login(client, world.users["clerk"])
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("consultation-handling", args=[consultation.pk]))
    assert response.content.decode().count('class="card queue-item"') == count
    # 9 for the queue, +1 the newest version after the consulted one, +1 accepted but unlinked,
    # +1 who may sign the handling report (orgs.domain.signing).
    assert len(queries) == 12


@pytest.mark.parametrize("count", [1, 3])
def test_detail_page_query_count_does_not_grow(world, client, count):
    consultation = consultation_for(world)
    for i in range(count):
        submit_comment(actor=world.users["member"], consultation=consultation, stance="disagree",
                       text=f"Ý kiến {i}", idempotency_key=f"d{i}", target="paragraph",
                       block_uid=paragraph(consultation, i + 1).uid)  # fmt: skip
    _login(client, world.users["member"])
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("consultation-detail", args=[consultation.pk]))
    assert response.content.decode().count('class="my-comment"') == count
    assert len(queries) == 8


def test_diff_page_shows_word_changes(world, client):
    from chuyende.common.actors import SYSTEM
    from chuyende.consultations.domain import edit_block, start_next_version

    consultation = consultation_for(world)
    draft = consultation.version.draft
    v2 = start_next_version(actor=SYSTEM, draft=draft)
    edit_block(
        actor=SYSTEM, version=v2, uid=paragraph(consultation).uid, text="Công tác mới", expected_revision=1
    )
    _login(client, world.users["clerk"])
    page = client.get(reverse("draft-diff", args=[draft.pk])).content.decode()
    assert "<ins>mới</ins>" in page


def test_home_shows_open_consultations_to_the_audience(world, client):
    consultation = consultation_for(world)
    _login(client, world.users["member"])
    assert consultation.title in client.get(reverse("home")).content.decode()
    _login(client, world.users["outsider"])
    assert consultation.title not in client.get(reverse("home")).content.decode()


def test_report_downloads_for_the_office(world, client):
    consultation = consultation_for(world)
    _login(client, world.users["clerk"])
    response = client.get(reverse("consultation-report", args=[consultation.pk]) + "?format=docx")
    assert response.status_code == 200 and response.content[:2] == b"PK"
    _login(client, world.users["member"])
    assert client.get(reverse("consultation-report", args=[consultation.pk])).status_code == 403  # as the API


def test_office_imports_a_docx_draft_and_opens_the_consultation(world, client):
    from chuyende.consultations.models import Consultation

    buffer = docx_upload()
    _login(client, world.users["clerk"])
    form = client.get(reverse("draft-import")).content.decode()
    assert f'value="{world.committee.pk}"' in form and f'value="{world.other_committee.pk}"' not in form
    response = client.post(reverse("draft-import"), {
        "file": buffer, "organization": world.committee.pk, "title": "Dự thảo Nghị quyết",
        "opens_at": "2026-01-01T08:00", "closes_at": "2099-01-01T08:00",
    })  # fmt: skip
    consultation = Consultation.objects.get()
    assert response.status_code == 302 and response["Location"].endswith(f"/lay-y-kien/{consultation.pk}/")
    assert list(consultation.version.blocks.values_list("kind", flat=True)) == [
        "section",
        "paragraph",
        "paragraph",
    ]
    assert consultation.audience_paths == [world.committee.path]
    assert "Dự thảo Nghị quyết" in client.get(reverse("draft-list")).content.decode()


def test_office_edits_a_new_version_in_the_browser_and_stale_saves_are_refused(world, client):
    from chuyende.consultations.models import DraftVersion

    consultation = consultation_for(world)
    draft = consultation.version.draft
    _login(client, world.users["clerk"])
    url = reverse("draft-edit", args=[draft.pk])
    client.post(url, {"next_version": "1"})
    v2 = DraftVersion.objects.get(draft=draft, number=2)
    page = client.get(url).content.decode()
    assert "1. Công tác xây dựng Đảng" in page
    text = "\n".join(f"{b.label} {b.text}".strip() for b in v2.blocks.order_by("position"))
    text = text.replace("được quan tâm", "được quan tâm hơn")
    client.post(url, {"version": v2.pk, "revision": 1, "text": text})
    stale = client.post(url, {"version": v2.pk, "revision": 1, "text": "Khác"})
    assert stale.status_code == 409
    assert "người khác đã lưu dự thảo. Chưa có gì bị ghi đè" in stale.content.decode()
    assert ">Khác</textarea>" in stale.content.decode()  # the editor's own text, still in the form
    assert "được quan tâm hơn" in stale.context["theirs"]  # the other person's, beside it
    assert 'name="revision" value="2"' in stale.content.decode()
    unconfirmed = client.post(url, {"version": v2.pk, "publish": "1"}, follow=True)
    assert "Phiên bản 2 sẽ được công bố và khoá" in unconfirmed.content.decode()
    assert DraftVersion.objects.get(pk=v2.pk).published_at is None
    client.post(url, {"version": v2.pk, "publish": "1", "confirmed": "1"})
    diff = client.get(reverse("draft-diff", args=[draft.pk])).content.decode()
    assert "<del>tâm.</del>" in diff and "<ins>tâm hơn.</ins>" in diff
    assert list(v2.blocks.values_list("uid", flat=True).order_by("position")) == list(
        consultation.version.blocks.values_list("uid", flat=True).order_by("position")
    )

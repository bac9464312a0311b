"""Pages that take a consultation to its end in the browser: a pasted draft with a structure
preview, opening it to a chosen audience, the close-early / finish / issue buttons with what
still blocks them, and linking an accepted comment to the paragraph that changed."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from chuyende.common.actors import SYSTEM
from chuyende.consultations.domain import dispose, publish_version, start_next_version, submit_comment
from chuyende.consultations.models import Consultation, Disposition, Draft
from chuyende.documents.models import OfficialDocument
from chuyende.orgs.domain import create_term

from .helpers import consultation_for, paragraph
from .test_structure_frame import PASTED

pytestmark = pytest.mark.django_db


def _local(moment) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%dT%H:%M")


def _paste(client, world, button):
    return client.post(
        reverse("draft-paste"),
        {
            "organization": world.committee.pk,
            "title": "Dự thảo Nghị quyết chuyên đề",
            "text": PASTED,
            button: "1",
        },
    )


def test_preview_shows_the_structure_and_what_is_left_out_without_storing(world, client):
    client.force_login(world.users["clerk"])
    page = _paste(client, world, "preview").content.decode()
    assert "9 đoạn sẽ được lấy ý kiến" in page
    assert 'data-depth="3"' in page and "Về chính trị, tư tưởng." in page
    assert "Chữ ký (không lấy ý kiến)</span> BÍ THƯ" in page
    assert "Nơi nhận (không lấy ý kiến)</span> Nơi nhận:" in page
    assert "Dấu “Dự thảo” (không lấy ý kiến)</span> DỰ THẢO" in page
    assert Draft.objects.count() == 0


def test_created_draft_is_opened_to_chosen_cells_and_a_named_member(world, client):
    client.force_login(world.users["clerk"])
    response = _paste(client, world, "create")
    draft = Draft.objects.get()
    assert response["Location"] == reverse("draft-open", args=[draft.pk])
    version = draft.versions.get()
    assert version.blocks.count() == 9 and not version.is_published
    page = client.get(response["Location"]).content.decode()
    assert "Phiên bản 1 sẽ được công bố" in page and "Nguyễn Đức Thành" not in page
    now = timezone.now()
    response = client.post(
        response["Location"],
        {"title": "Lấy ý kiến", "opens_at": _local(now - timedelta(minutes=5)),
         "closes_at": _local(now + timedelta(days=3)), "organizations": [world.cell_a.pk],
         "members": [world.member_b.pk], "confirmed": "1"},
    )  # fmt: skip
    consultation = Consultation.objects.get()
    assert response["Location"] == reverse("consultation-detail", args=[consultation.pk])
    assert consultation.audience_paths == [world.cell_a.path]
    assert list(consultation.audience_members.all()) == [world.member_b]
    version.refresh_from_db()
    assert version.is_published and consultation.version == version


def test_a_window_already_ended_is_refused_and_the_draft_stays_unpublished(world, client):
    client.force_login(world.users["clerk"])
    _paste(client, world, "create")
    draft = Draft.objects.get()
    now = timezone.now()
    page = client.post(
        reverse("draft-open", args=[draft.pk]),
        {"title": "Lấy ý kiến", "opens_at": _local(now - timedelta(days=3)),
         "closes_at": _local(now - timedelta(days=1)), "organizations": [world.committee.pk], "confirmed": "1"},
    ).content.decode()  # fmt: skip
    assert "đã qua; hãy chọn thời điểm sau hiện tại" in page
    assert Consultation.objects.count() == 0 and not draft.versions.get().is_published


def test_member_search_for_the_audience_folds_accents_and_stays_in_scope(world, client):
    client.force_login(world.users["clerk"])
    _paste(client, world, "create")
    draft = Draft.objects.get()
    url = reverse("draft-audience-search", args=[draft.pk])
    page = client.get(url, {"q": "vo minh"}).content.decode()
    assert f'value="{world.member_a2.pk}"' in page and "Võ Minh Tuấn" in page
    assert "Trần Thị Xuân" not in client.get(url, {"q": "xuan"}).content.decode()


@pytest.mark.parametrize("name", ["member", "cell_secretary", "outsider"])
def test_draft_pages_are_refused_outside_the_office(world, client, name):
    client.force_login(world.users["clerk"])
    _paste(client, world, "create")
    draft = Draft.objects.get()
    client.force_login(world.users[name])
    assert client.get(reverse("draft-open", args=[draft.pk])).status_code == 404
    assert client.get(reverse("draft-audience-search", args=[draft.pk]), {"q": "a"}).status_code == 404
    # Managing no committee, they are refused before the pasted text is read (permission first).
    refused = _paste(client, world, "create")
    assert refused.status_code == 403
    assert "Bạn không quản lý tổ chức nào để soạn dự thảo." in refused.content.decode()
    assert Draft.objects.count() == 1


def test_anonymous_is_sent_to_login(world, client):
    for url in (reverse("draft-paste"), reverse("consultation-step", args=[1, "ket-thuc"])):
        response = client.post(url)
        assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def _comments(world, consultation, n):
    return [
        submit_comment(actor=world.users[u], consultation=consultation, stance="propose", text=f"Ý kiến {i}",
                       idempotency_key=f"k{i}", target="paragraph", block_uid=paragraph(consultation).uid)[0]
        for i, u in enumerate(["member", "cell_secretary", "secretary"][:n])
    ]  # fmt: skip


def test_buttons_show_what_blocks_them_and_take_the_consultation_to_an_issued_resolution(world, client):
    consultation = consultation_for(world)
    comments = _comments(world, consultation, 2)
    term = create_term(actor=SYSTEM, organization=world.committee, name="Nhiệm kỳ 2025 – 2030",
                       starts_on=date(2025, 7, 1))  # fmt: skip
    client.force_login(world.users["clerk"])
    detail = reverse("consultation-detail", args=[consultation.pk])
    page = client.get(detail).content.decode()
    assert "còn 2 ý kiến chưa xử lý" in page and "Còn nhận góp ý đến" in page
    assert "Chưa kết thúc tiếp thu, giải trình." in page
    client.post(reverse("consultation-step", args=[consultation.pk, "ket-thuc-som"]), {"confirmed": "1"})
    consultation.refresh_from_db()
    assert consultation.closes_at <= timezone.now()
    refused = client.post(
        reverse("consultation-step", args=[consultation.pk, "ket-thuc"]), {"confirmed": "1"}, follow=True
    )
    assert "Còn 2 ý kiến chưa được tiếp thu, giải trình." in refused.content.decode()
    v2 = start_next_version(actor=SYSTEM, draft=consultation.version.draft)
    publish_version(actor=SYSTEM, version=v2)
    for comment in comments:
        dispose(actor=world.users["clerk"], consultation=consultation, decision="accepted",
                explanation="Tiếp thu", comment_ids=[comment.pk])  # fmt: skip
    page = client.get(detail).content.decode()
    assert "còn 2 ý kiến" not in page and "Đã hết thời gian nhận góp ý." in page
    client.post(reverse("consultation-step", args=[consultation.pk, "ket-thuc"]), {"confirmed": "1"})
    consultation.refresh_from_db()
    assert consultation.status == "handled"
    signer = world.users["secretary"].member
    response = client.post(
        reverse("consultation-step", args=[consultation.pk, "ban-hanh"]),
        {"term": term.pk, "signer": signer.pk, "issued_on": "2026-12-26", "confirmed": "1"},
    )
    document = OfficialDocument.objects.get()
    assert response["Location"] == reverse("document-detail", args=[document.pk])
    assert (document.signer, document.state, document.issued_on) == (signer, "issued", date(2026, 12, 26))
    assert f"Đã ban hành nghị quyết {document.number_symbol}." in client.get(detail).content.decode()


@pytest.mark.parametrize("name", ["member", "cell_secretary", "outsider"])
def test_step_buttons_are_refused_outside_the_office(world, client, name):
    consultation = consultation_for(world)
    client.force_login(world.users[name])
    response = client.post(reverse("consultation-step", args=[consultation.pk, "ket-thuc-som"]))
    # Those consulted see the consultation, so they are told why (403); an outsider is not (404).
    assert response.status_code == (404 if name == "outsider" else 403)
    consultation.refresh_from_db()
    assert consultation.closes_at > timezone.now()
    if name != "outsider":
        assert (
            'data-testid="step-finish"'
            not in client.get(reverse("consultation-detail", args=[consultation.pk])).content.decode()
        )


def test_accepted_comment_is_linked_to_the_changed_paragraph_on_the_handling_page(world, client):
    consultation = consultation_for(world)
    first, second = _comments(world, consultation, 2)
    client.force_login(world.users["clerk"])
    url = reverse("consultation-handling", args=[consultation.pk])
    assert "Chưa có phiên bản mới" in client.get(url).content.decode()
    v2 = start_next_version(actor=SYSTEM, draft=consultation.version.draft)
    target = v2.blocks.get(uid=first.block_uid)
    page = client.get(url).content.decode()
    assert f'<option value="{target.uid}" selected>' in page
    client.post(url, {"decision": "accepted", "explanation": "Tiếp thu", "comment": first.pk,
                      "changed_block": target.uid})  # fmt: skip
    linked = Disposition.objects.get(comments=first)
    assert (linked.changed_version, linked.changed_block_uid) == (v2, target.uid)
    client.post(url, {"decision": "accepted", "explanation": "Tiếp thu sau", "comment": second.pk})
    later = Disposition.objects.get(comments=second)
    assert (
        later.changed_block_uid == ""
        and "Đã tiếp thu, chưa gắn đoạn đã sửa" in client.get(url).content.decode()
    )
    other = v2.blocks.exclude(uid=target.uid).filter(kind="paragraph").first()
    client.post(url, {"link": later.pk, "changed_block": other.uid})
    later.refresh_from_db()
    assert (later.changed_version, later.changed_block_uid) == (v2, other.uid)
    client.force_login(world.users["member"])
    assert client.post(url, {"link": later.pk, "changed_block": target.uid}).status_code == 403

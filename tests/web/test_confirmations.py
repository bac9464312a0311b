"""Every irreversible button says what will happen and does nothing until it is confirmed."""

import pytest
from django.test import Client
from django.urls import reverse

from chuyende.commitments.enums import CommitmentState
from chuyende.common.actors import SYSTEM
from chuyende.documents.models import OfficialDocument
from chuyende.meetings import domain as meetings
from tests.commitments.helpers import commitment, resolution
from tests.documents.helpers import draft, issued, term_for
from tests.meetings import helpers as h
from tests.world import build_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return build_world()


def _client(user):
    client = Client()
    client.force_login(user)
    return client


def test_issuing_says_the_real_next_number_and_waits_for_the_tick(world):
    term = term_for(world.committee)
    issued(world.committee, term, world.member_b)  # 01-KH/ĐU is taken
    document = draft(world.committee, term)
    client = _client(world.users["clerk"])
    page = client.get(reverse("document-detail", args=[document.pk])).text
    sentence = "Văn bản sẽ được cấp số 02-KH/ĐU của sổ văn bản Đảng bộ Cơ quan Văn phòng và khoá lại"
    assert sentence in page
    assert '<input type="checkbox" name="confirmed" value="1" required>' in page
    url = f"/van-ban/{document.pk}/issue/"
    data = {
        "issued_on": "2016-12-05",
        "signer": world.users["secretary"].member.pk,
        "version": document.version,
    }
    refused = client.post(url, data, follow=True)
    assert sentence in refused.text
    document.refresh_from_db()
    assert document.state == "draft"
    done = client.post(url, data | {"confirmed": "1"}, follow=True)
    document.refresh_from_db()
    assert (document.state, document.number_symbol) == ("issued", "02-KH/ĐU"), done.text[-3000:]


def test_disseminating_says_how_many_members_it_reaches(world):
    term = term_for(world.committee)
    document = issued(world.committee, term, world.member_b)
    client = _client(world.users["clerk"])
    page = client.get(reverse("document-detail", args=[document.pk])).text
    # cell A: Ánh, Tuấn; cell B: Thắng, Thành — four active members in the committee's subtree
    assert "Văn bản 01-KH/ĐU sẽ được gửi tới 4 đảng viên (cả Đảng bộ Cơ quan Văn phòng;" in page
    client.post(f"/van-ban/{document.pk}/disseminate/", {"audience": "subtree"})
    assert document.disseminations.count() == 0
    client.post(f"/van-ban/{document.pk}/disseminate/", {"audience": "subtree", "confirmed": "1"})
    assert document.disseminations.get().recipient_count == 4


def test_withdrawing_needs_the_tick(world):
    term = term_for(world.committee)
    document = issued(world.committee, term, world.member_b)
    client = _client(world.users["clerk"])
    client.post(f"/van-ban/{document.pk}/withdraw/", {"reason": "Sai căn cứ"})
    assert OfficialDocument.objects.get(pk=document.pk).state == "issued"
    client.post(f"/van-ban/{document.pk}/withdraw/", {"reason": "Sai căn cứ", "confirmed": "1"})
    assert OfficialDocument.objects.get(pk=document.pk).state == "withdrawn"


def test_plan_issue_says_number_and_audience(world):
    from datetime import date

    from chuyende.orgs.domain import create_term

    create_term(actor=SYSTEM, organization=world.committee, name="2025 – 2030", starts_on=date(2025, 10, 1))
    plan = h.plan(world)
    page = _client(world.users["secretary"]).get(reverse("plan-detail", args=[plan.pk])).text
    assert "Văn bản sẽ được cấp số 01-KH/ĐU và gửi tới 4 đảng viên" in page


def test_publishing_materials_needs_the_tick(world):
    meeting = h.meeting(world)
    meetings.add_material(actor=SYSTEM, meeting=meeting, upload=h.pdf(), title="Bài")
    client = _client(world.users["cell_secretary"])
    url = reverse("meeting-detail", args=[meeting.pk])
    assert "Tài liệu sẽ được gửi tới 2 đảng viên phải dự" in client.get(url).text
    client.post(url, {"publish": "1"})
    meeting.refresh_from_db()
    assert meeting.materials_published_at is None
    client.post(url, {"publish": "1", "confirmed": "1"})
    meeting.refresh_from_db()
    assert meeting.materials_published_at is not None


def test_approving_minutes_without_the_tick_keeps_the_text(world):
    meeting = h.meeting(world)
    minutes = meetings.draft_minutes(actor=SYSTEM, meeting=meeting)
    data = {"version": minutes.version, "content": "Nội dung", "proceedings": "", "conclusion": "Kết luận tôi gõ",
            "votes_agree": 2, "votes_disagree": 0, "votes_other": 0, "action": "approve"}  # fmt: skip
    response = _client(world.users["cell_secretary"]).post(
        reverse("meeting-minutes", args=[meeting.pk]), data
    )
    assert response.status_code == 400
    assert "Biên bản sẽ được thông qua và khoá; muốn sửa sau đó phải lập bản đính chính." in response.text
    assert ">\nKết luận tôi gõ</textarea>" in response.text
    minutes.refresh_from_db()
    assert (minutes.state, minutes.conclusion) == ("draft", "")


def test_approving_a_commitment_needs_the_tick(world):
    made = commitment(world.cell_a, world.member_a, basis=resolution(world.committee), approve=False)
    from chuyende.commitments.domain import set_state

    set_state(actor=SYSTEM, commitment=made, state=CommitmentState.SUBMITTED)
    client = _client(world.users["cell_secretary"])  # the cell secretary approves members' commitments
    url = reverse("commitment-detail", args=[made.pk])
    assert "Cam kết sẽ được phê duyệt và khoá" in client.get(url).text
    client.post(url, {"action": "approve"})
    made.refresh_from_db()
    assert made.state == CommitmentState.SUBMITTED
    client.post(url, {"action": "approve", "confirmed": "1"})
    made.refresh_from_db()
    assert made.state == CommitmentState.APPROVED

"""A refused form comes back with everything the user typed and the reason beside it."""

import re
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from chuyende.commitments.models import ProgressReport
from chuyende.common.actors import SYSTEM
from chuyende.meetings import domain as meetings
from tests.commitments.helpers import commitment, item, resolution
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


def test_refused_upload_keeps_the_percentage_and_the_narrative(world):
    made = commitment(world.cell_a, world.member_a, basis=resolution(world.committee),
                      items=[item(date(2030, 6, 30), responsible=world.member_a)])  # fmt: skip
    it = made.items.get()
    response = _client(world.users["member"]).post(
        reverse("commitment-detail", args=[made.pk]),
        {"action": "report", "item": it.pk, "percent": "65", "narrative": "Đã phát biểu ở hai kỳ sinh hoạt",
         "evidence": SimpleUploadedFile("bang-chung.exe", b"MZ\x90\x00")},
    )  # fmt: skip
    assert response.status_code == 400
    page = response.text
    assert "Tệp “bang-chung.exe” không đúng loại; chỉ nhận PDF, Word, Excel, JPG, PNG." in page
    assert "hãy chọn lại tệp minh chứng" in page
    assert 'name="percent" min="0" max="100" required value="65"' in page
    assert ">Đã phát biểu ở hai kỳ sinh hoạt</textarea>" in page
    assert ProgressReport.objects.count() == 0


def test_refused_percentage_keeps_the_narrative(world):
    made = commitment(world.cell_a, world.member_a, basis=resolution(world.committee),
                      items=[item(date(2030, 6, 30), responsible=world.member_a)])  # fmt: skip
    it = made.items.get()
    response = _client(world.users["member"]).post(
        reverse("commitment-detail", args=[made.pk]),
        {"action": "report", "item": it.pk, "percent": "nhiều", "narrative": "Tôi đã làm"},
    )
    assert response.status_code == 400
    assert "Tiến độ phải là một số từ 0 đến 100." in response.text
    assert ">Tôi đã làm</textarea>" in response.text


def test_stale_minutes_edit_keeps_both_texts_side_by_side(world):
    meeting = h.meeting(world)
    minutes = meetings.draft_minutes(actor=SYSTEM, meeting=meeting)
    read_version = minutes.version
    meetings.update_minutes(actor=SYSTEM, minutes=minutes, version=read_version,
                            conclusion="Kết luận do đồng chí Tuấn ghi")  # fmt: skip
    url = reverse("meeting-minutes", args=[meeting.pk])
    data = {"version": read_version, "content": "Nội dung tôi gõ", "proceedings": "Võ Minh Tuấn: Phát biểu",
            "conclusion": "Kết luận tôi gõ", "votes_agree": 3, "votes_disagree": 0, "votes_other": 0,
            "action": "save"}  # fmt: skip
    client = _client(world.users["cell_secretary"])
    response = client.post(url, data)
    assert response.status_code == 409
    page = response.text
    assert "người khác đã lưu biên bản. Chưa có gì bị ghi đè" in page
    assert ">\nKết luận tôi gõ</textarea>" in page  # the editor's own text, still in the form
    assert "<pre>Kết luận do đồng chí Tuấn ghi</pre>" in page  # the other person's, beside it
    minutes.refresh_from_db()
    assert minutes.conclusion == "Kết luận do đồng chí Tuấn ghi"
    # Having seen both, saving again goes through (the form now carries the current version).
    assert response.context["form"]["version"].value() == minutes.version
    client.post(url, data | {"version": minutes.version})
    minutes.refresh_from_db()
    assert minutes.conclusion == "Kết luận tôi gõ"


def test_refused_approval_keeps_the_text_and_saves_nothing(world):
    meeting = h.meeting(world)
    minutes = meetings.draft_minutes(actor=SYSTEM, meeting=meeting)
    data = {"version": minutes.version, "content": "Nội dung tôi gõ", "proceedings": "", "conclusion": "",
            "votes_agree": 0, "votes_disagree": 0, "votes_other": 0, "action": "approve", "confirmed": "1"}  # fmt: skip
    response = _client(world.users["cell_secretary"]).post(
        reverse("meeting-minutes", args=[meeting.pk]), data
    )
    assert response.status_code == 400
    assert "Biên bản chưa có kết luận." in response.text
    assert ">\nNội dung tôi gõ</textarea>" in response.text
    minutes.refresh_from_db()
    assert (minutes.state, minutes.content == "Nội dung tôi gõ") == ("draft", False)


def test_grade_confirmation_without_the_tick_keeps_the_typed_scores(world):
    meeting = h.meeting(world)
    h.hold(meeting, [world.member_a])
    url = reverse("meeting-grade", args=[meeting.pk])
    _client(world.users["cell_secretary"]).post(url, h.SCORES_PASS | {"propose": "1"})
    response = _client(world.users["supervisor"]).post(
        url, h.SCORES_PASS | {"tien_hanh": "37", "confirm": "1"}
    )
    assert response.status_code == 400
    assert "Xếp loại sẽ được xác nhận và không sửa được" in response.text
    assert re.search(r'name="tien_hanh" min="0" max="\d+" value="37"', response.text)
    assert meeting.evaluation.state == "proposed"

"""Where a rule says so the page warns and asks to confirm, or refuses; never accepts silently."""

from datetime import date, timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from chuyende.commitments.domain import create_commitment
from chuyende.commitments.models import Commitment
from chuyende.common.actors import SYSTEM
from chuyende.common.errors import DomainError, NeedsConfirmation
from chuyende.consultations.domain import open_consultation
from chuyende.meetings import domain as meetings
from chuyende.meetings.checks import check_notice
from chuyende.meetings.models import Meeting
from tests.commitments.helpers import item, resolution
from tests.consultations.helpers import published_draft
from tests.world import build_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return build_world()


def _client(user):
    client = Client()
    client.force_login(user)
    return client


def test_commitment_deadline_in_the_past_needs_confirmation(world):
    basis = resolution(world.committee)
    with pytest.raises(NeedsConfirmation, match=r"^Thời hạn của nội dung 2 đã qua \(trước ngày 20/06/2025\)"):
        create_commitment(actor=SYSTEM, cell=world.cell_a, owner_member=world.member_a, title="Cam kết",
                          items=[item(date(2025, 7, 1)), item(date(2025, 6, 19))], resolution=basis,
                          today=date(2025, 6, 20))  # fmt: skip
    made = create_commitment(actor=SYSTEM, cell=world.cell_a, owner_member=world.member_a, title="Cam kết",
                             items=[item(date(2025, 6, 19))], resolution=basis, today=date(2025, 6, 20),
                             confirm_past_deadlines=True)  # fmt: skip
    assert made.items.get().deadline == date(2025, 6, 19)


def test_commitment_page_warns_keeps_input_then_saves_on_confirmation(world):
    basis = resolution(world.committee)
    client = _client(world.users["member"])
    past = (timezone.localdate() - timedelta(days=3)).isoformat()
    data = {"title": "Cam kết năm nay", "rows": "1", "shortcoming_1": "Ngại va chạm", "remedy_1": "Phát biểu",
            "sign_1": "3 kỳ", "deadline_1": past, "resolution": basis.pk}  # fmt: skip
    warned = client.post(reverse("commitment-create"), data)
    assert warned.status_code == 400
    assert "⚠ Thời hạn của nội dung 1 đã qua" in warned.text
    assert 'name="confirm_warnings" value="1" required' in warned.text
    assert ">Ngại va chạm</textarea>" in warned.text
    assert f'<option value="{basis.pk}" selected>' in warned.text
    assert Commitment.objects.count() == 0
    saved = client.post(reverse("commitment-create"), data | {"confirm_warnings": "1"})
    assert saved.status_code == 302
    assert Commitment.objects.get().items.get().deadline.isoformat() == past


def test_commitment_api_refuses_a_past_deadline_unless_confirmed(world):
    basis = resolution(world.committee)
    client = _client(world.users["member"])
    payload = {"title": "Cam kết", "resolution_id": basis.pk, "items": [{"shortcoming": "Ngại", "remedy": "Sửa",
               "sign_of_done": "Có", "deadline": "2020-01-31"}]}  # fmt: skip
    refused = client.post("/api/commitments/", payload, content_type="application/json")
    assert refused.status_code == 400
    assert refused.json()["detail"].startswith("Thời hạn của nội dung 1 đã qua")
    accepted = client.post("/api/commitments/", payload | {"confirm_past_deadlines": True},
                           content_type="application/json")  # fmt: skip
    assert accepted.status_code == 201


def test_consultation_window_already_closed_is_refused(world):
    _draft, version = published_draft(world.committee)
    now = timezone.now()
    with pytest.raises(
        DomainError, match=r"^Thời điểm kết thúc lấy ý kiến \(.*\) đã qua; hãy chọn thời điểm sau hiện tại."
    ):
        open_consultation(actor=SYSTEM, version=version, title="Lấy ý kiến", opens_at=now - timedelta(days=9),
                          closes_at=now - timedelta(hours=1), organizations=[world.committee])  # fmt: skip


def test_notice_rule():
    now = timezone.now()
    assert check_notice(now - timedelta(minutes=1), now).code == "past"
    assert check_notice(now + timedelta(hours=23), now).code == "notice"
    assert check_notice(now + timedelta(hours=25), now) is None


def test_meeting_too_soon_for_its_materials_warns_then_schedules_on_confirmation(world):
    client = _client(world.users["cell_secretary"])
    url = reverse("meeting-create") + f"?org={world.cell_a.pk}"
    start = timezone.localtime() + timedelta(hours=5)
    data = {"kind": "regular", "title": "Họp gấp", "starts_at": start.strftime("%Y-%m-%dT%H:%M"),
            "ends_at": (start + timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M"), "place": "Phòng họp số 2"}  # fmt: skip
    warned = client.post(url, data)
    assert warned.status_code == 400
    assert "tài liệu không kịp gửi tới đảng viên trước ít nhất 1 ngày" in warned.text
    assert 'value="Phòng họp số 2"' in warned.text
    assert Meeting.objects.count() == 0
    assert client.post(url, data | {"confirm_warnings": "1"}).status_code == 302
    assert Meeting.objects.get().place == "Phòng họp số 2"


def test_meeting_in_the_past_needs_confirmation_in_the_domain(world):
    start = timezone.now() - timedelta(days=2)
    with pytest.raises(
        NeedsConfirmation, match="đã qua. Chỉ xác nhận nếu đồng chí đang ghi lại một buổi đã diễn ra."
    ):
        meetings.schedule_meeting(actor=SYSTEM, organization=world.cell_a, kind="regular", title="Họp",
                                  starts_at=start, ends_at=start + timedelta(hours=2))  # fmt: skip

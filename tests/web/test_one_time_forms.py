"""The same create form sent twice (double click, second tab, retry after a timeout) stores one
row and shows it."""

import os
import re
from datetime import date

import pytest
from django.contrib.contenttypes.models import ContentType
from django.test import Client
from django.urls import reverse

from chuyende.commitments.models import Commitment, ProgressReport
from chuyende.meetings.models import Meeting, Plan
from chuyende.orgs.models import Member
from chuyende.web.models import FormSubmission
from tests.commitments.helpers import commitment, item, resolution
from tests.world import build_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return build_world()


def _client(user):
    client = Client()
    client.force_login(user)
    return client


def _token(page) -> str:
    return re.search(r'name="form_token" value="([^"]+)"', page.text).group(1)


def test_commitment_form_sent_twice_stores_one(world):
    basis = resolution(world.committee)
    client = _client(world.users["member"])
    url = reverse("commitment-create")
    data = {"form_token": _token(client.get(url)), "title": "Cam kết năm 2030", "rows": "1",
            "shortcoming_1": "Ngại va chạm", "remedy_1": "Phát biểu", "sign_1": "3 kỳ",
            "deadline_1": "2030-06-30", "resolution": basis.pk}  # fmt: skip
    first = client.post(url, data)
    second = client.post(url, data)
    assert Commitment.objects.filter(title="Cam kết năm 2030").count() == 1
    made = Commitment.objects.get(title="Cam kết năm 2030")
    assert first["Location"] == second["Location"] == reverse("commitment-detail", args=[made.pk])
    shown = client.get(second["Location"])
    assert "Biểu mẫu này đã được gửi trước đó; đây là nội dung đã lưu, không tạo thêm bản mới." in shown.text


def test_two_tabs_get_two_tokens_and_store_two(world):
    client = _client(world.users["member"])
    url = reverse("commitment-create")
    tokens = {_token(client.get(url)), _token(client.get(url))}
    assert len(tokens) == 2


def test_progress_report_sent_twice_stores_one(world):
    made = commitment(world.cell_a, world.member_a, basis=resolution(world.committee),
                      items=[item(date(2030, 6, 30), responsible=world.member_a)])  # fmt: skip
    it = made.items.get()
    client = _client(world.users["member"])
    detail = reverse("commitment-detail", args=[made.pk])
    data = {"form_token": _token(client.get(detail)), "action": "report", "item": it.pk, "percent": "40",
            "narrative": "Đã phát biểu một kỳ"}  # fmt: skip
    first, second = client.post(detail, data), client.post(detail, data)
    assert ProgressReport.objects.filter(item=it).count() == 1
    assert first["Location"] == second["Location"] == f"{detail}#bao-cao-{it.pk}"


def test_meeting_form_sent_twice_stores_one(world):
    client = _client(world.users["cell_secretary"])
    url = reverse("meeting-create") + f"?org={world.cell_a.pk}"
    data = {"form_token": _token(client.get(url)), "kind": "regular", "title": "Sinh hoạt tháng 3",
            "starts_at": "2030-03-03T14:00", "ends_at": "2030-03-03T16:00"}  # fmt: skip
    first, second = client.post(url, data), client.post(url, data)
    meeting = Meeting.objects.get(title="Sinh hoạt tháng 3")
    assert first["Location"] == second["Location"] == reverse("meeting-detail", args=[meeting.pk])


def test_member_form_sent_twice_stores_one(world):
    client = _client(world.users["secretary"])
    url = reverse("member-create", args=[world.committee.pk])
    data = {"form_token": _token(client.get(url)), "full_name": "Lê Văn Mới", "cell": world.cell_b.pk,
            "status": "full"}  # fmt: skip
    client.post(url, data)
    client.post(url, data)
    assert Member.objects.filter(full_name="Lê Văn Mới").count() == 1


def test_plan_form_sent_twice_stores_one(world):
    client = _client(world.users["secretary"])
    url = reverse("plan-create") + f"?org={world.committee.pk}"
    data = {"form_token": _token(client.get(url)), "theme": "Học tập và làm theo", "pass_score": 50,
            "cell_sessions_before": "2030-05-30"}  # fmt: skip
    client.post(url, data)
    client.post(url, data)
    assert Plan.objects.filter(theme="Học tập và làm theo").count() == 1


def test_a_refused_form_resent_after_fixing_still_counts_once(world):
    basis = resolution(world.committee)
    client = _client(world.users["member"])
    url = reverse("commitment-create")
    data = {"form_token": _token(client.get(url)), "title": "Cam kết", "rows": "1", "shortcoming_1": "Ngại",
            "remedy_1": "Sửa", "sign_1": "Có", "deadline_1": "không phải ngày", "resolution": basis.pk}  # fmt: skip
    refused = client.post(url, data)
    assert refused.status_code == 400
    assert FormSubmission.objects.count() == 0
    fixed = data | {"deadline_1": "2030-01-31"}
    client.post(url, fixed)
    client.post(url, fixed)
    assert Commitment.objects.filter(title="Cam kết").count() == 1


def test_tokens_belong_to_one_user(world):
    made = commitment(world.cell_a, world.member_a, basis=resolution(world.committee))
    FormSubmission.objects.create(user=world.users["member"], token="t" * 32,
                                  content_type=ContentType.objects.get_for_model(made), object_id=made.pk)  # fmt: skip
    client = _client(world.users["cell_secretary"])  # another user sending the same token
    url = reverse("commitment-create")
    data = {"form_token": "t" * 32, "title": "Của đồng chí Tuấn", "rows": "1", "shortcoming_1": "Ngại",
            "remedy_1": "Sửa", "sign_1": "Có", "deadline_1": "2030-01-31", "resolution": made.resolution_id}  # fmt: skip
    client.post(url, data)
    assert Commitment.objects.filter(title="Của đồng chí Tuấn").count() == 1


@pytest.mark.skipif(
    not os.environ.get("DATABASE_URL", "").startswith("postgres"),
    reason="SQLite serializes writers; the race needs PostgreSQL",
)
@pytest.mark.django_db(transaction=True)  # tests/conftest.py puts the reference data back after
def test_two_simultaneous_sendings_store_one(world):
    """Two requests with one token at the same moment (a retry while the first is still running)."""
    import threading

    from django.db import connection

    client_a, client_b = _client(world.users["cell_secretary"]), _client(world.users["cell_secretary"])
    url = reverse("meeting-create") + f"?org={world.cell_a.pk}"
    data = {"form_token": "r" * 32, "kind": "regular", "title": "Sinh hoạt tranh nhau",
            "starts_at": "2030-03-03T14:00", "ends_at": "2030-03-03T16:00"}  # fmt: skip
    barrier, locations = threading.Barrier(2), []

    def send(client):
        barrier.wait()
        locations.append(client.post(url, data)["Location"])
        connection.close()

    threads = [threading.Thread(target=send, args=(c,)) for c in (client_a, client_b)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    meeting = Meeting.objects.get(title="Sinh hoạt tranh nhau")
    assert locations == [reverse("meeting-detail", args=[meeting.pk])] * 2

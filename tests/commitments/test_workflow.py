from datetime import date, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from chuyende.commitments.access import commitments_for
from chuyende.commitments.domain import prepare_digests, review_report, submit_report
from chuyende.commitments.enums import CommitmentState, Verdict
from chuyende.commitments.models import ReminderDigest
from chuyende.common.actors import SYSTEM
from chuyende.common.errors import DomainError, NotAllowed
from chuyende.common.models import OutboxMessage
from tests.world import build_world

from .helpers import commitment, item, resolution

pytestmark = pytest.mark.django_db
TODAY = date(2025, 6, 20)


@pytest.fixture
def world():
    w = build_world()
    w.basis = resolution(w.committee)
    w.own = commitment(
        w.cell_a, w.member_a, basis=w.basis, items=[item(TODAY - timedelta(days=9), responsible=w.member_a)]
    )
    w.mate = commitment(w.cell_a, w.member_a2, basis=w.basis)
    w.cell_own = commitment(w.cell_a, None, basis=w.basis)
    w.other = commitment(w.cell_b, w.member_b, basis=w.basis)
    return w


def test_member_sees_only_own_and_cell_commitments(world):
    seen = set(commitments_for(world.users["member"]).values_list("pk", flat=True))
    assert seen == {world.own.pk, world.cell_own.pk}
    assert set(commitments_for(world.users["supervisor"]).values_list("pk", flat=True)) == {
        world.own.pk, world.mate.pk, world.cell_own.pk}  # fmt: skip
    assert commitments_for(world.users["outsider"]).count() == 0


def test_only_supervisor_reviews(world):
    it = world.own.items.get()
    report = submit_report(actor=world.users["member"], item=it, percent=60, narrative="Đã phát biểu 2 kỳ")
    for role in ("member", "cell_secretary", "secretary", "committee_member"):
        with pytest.raises(NotAllowed):
            review_report(actor=world.users[role], report=report, verdict=Verdict.ACCEPTED)
    review_report(actor=world.users["supervisor"], report=report, verdict=Verdict.ACCEPTED)
    it.refresh_from_db()
    assert it.accepted_percent == 60


def test_member_cannot_approve_own_commitment(world):
    from chuyende.commitments.domain import create_commitment, set_state

    draft = create_commitment(actor=world.users["member"], cell=world.cell_a, owner_member=world.member_a,
                              title="Cam kết", items=[item()], resolution=world.basis,
                              confirm_past_deadlines=True)  # fmt: skip
    set_state(actor=world.users["member"], commitment=draft, state=CommitmentState.SUBMITTED)
    with pytest.raises(NotAllowed):
        set_state(actor=world.users["member"], commitment=draft, state=CommitmentState.APPROVED)
    set_state(actor=world.users["cell_secretary"], commitment=draft, state=CommitmentState.APPROVED)
    assert draft.state == CommitmentState.APPROVED


def test_evidence_wrong_type_refused_in_vietnamese(world):
    it = world.own.items.get()
    bad = SimpleUploadedFile("virus.exe", b"MZ....", content_type="application/octet-stream")
    with pytest.raises(DomainError, match="không đúng loại"):
        submit_report(actor=world.users["member"], item=it, percent=10, narrative="x", files=[bad])
    fake = SimpleUploadedFile("bienban.pdf", b"MZ....", content_type="application/pdf")
    with pytest.raises(DomainError, match="không khớp"):
        submit_report(actor=world.users["member"], item=it, percent=10, narrative="x", files=[fake])


def test_digest_at_most_one_per_member_per_day(world):
    assert prepare_digests(actor=SYSTEM, today=TODAY) == 2  # the member (overdue) and the cell secretary
    assert prepare_digests(actor=SYSTEM, today=TODAY) == 0
    assert ReminderDigest.objects.filter(day=TODAY).count() == 2
    message = OutboxMessage.objects.get(member=world.member_a)
    assert "Quá hạn từ 11/06/2025" in message.body
    secretary = OutboxMessage.objects.get(member=world.member_a2)
    assert "quá hạn trên 7 ngày" in secretary.body
    assert prepare_digests(actor=SYSTEM, today=TODAY + timedelta(days=1)) == 2


def test_digest_respects_preferences(world):
    from chuyende.commitments.domain import update_preferences

    update_preferences(
        actor=world.users["member"], member=world.member_a, when_overdue=False, report_due=False
    )
    prepare_digests(actor=SYSTEM, today=TODAY)
    assert not OutboxMessage.objects.filter(member=world.member_a).exists()


@pytest.mark.parametrize("extra", [0, 2])
def test_pages_render_with_bounded_queries(world, client, django_assert_max_num_queries, extra):
    for _ in range(extra):
        commitment(world.cell_a, None, basis=world.basis)
    client.force_login(world.users["supervisor"])
    with django_assert_max_num_queries(20):
        assert client.get(reverse("commitment-list")).status_code == 200
    with django_assert_max_num_queries(20):
        assert client.get(reverse("commitment-rollup", args=[world.cell_a.pk])).status_code == 200
    assert client.get(reverse("commitment-detail", args=[world.own.pk])).status_code == 200
    assert client.get(reverse("commitment-rollup", args=[world.cell_a.pk]) + "?xlsx=1")[
        "Content-Type"
    ].startswith("application/vnd.openxmlformats")
    docx = client.get(reverse("commitment-report-docx", args=[world.cell_a.pk]))
    assert docx.status_code == 200 and docx.content[:2] == b"PK"


def test_my_page_and_other_members_commitment_is_404(world, client):
    client.force_login(world.users["member"])
    page = client.get(reverse("my-page"))
    assert page.status_code == 200 and "Trang của tôi" in page.content.decode()
    assert client.get(reverse("commitment-detail", args=[world.mate.pk])).status_code == 404


def test_api_flow(world, client):
    client.force_login(world.users["member"])
    payload = {"title": "Cam kết", "resolution_id": world.basis.pk,
               "items": [{"shortcoming": "Ngại va chạm", "remedy": "Góp ý", "sign_of_done": "3 kỳ",
                          "deadline": "2025-09-30"}], "confirm_past_deadlines": True}  # fmt: skip
    created = client.post("/api/commitments/", payload, content_type="application/json")
    assert created.status_code == 201, created.content
    pk = created.json()["id"]
    assert (
        client.post(
            f"/api/commitments/{pk}/state", {"state": "submitted"}, content_type="application/json"
        ).status_code
        == 200
    )
    assert (
        client.post(
            f"/api/commitments/{pk}/state", {"state": "approved"}, content_type="application/json"
        ).status_code
        == 403
    )
    assert client.get(f"/api/commitments/{world.mate.pk}").status_code == 404
    assert client.get(f"/api/commitments/rollup/{world.committee.pk}").status_code in (403, 404)
    client.force_login(world.users["secretary"])
    rollup = client.get(f"/api/commitments/rollup/{world.committee.pk}?today=2025-06-20").json()
    assert rollup["total"]["items"] == 4 and rollup["total"]["overdue"] == 1

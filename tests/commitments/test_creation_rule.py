"""The commitment-creation rule lives in the domain and `commitments.access`; page and API agree."""

from datetime import date

import pytest
from django.urls import reverse

from chuyende.commitments.domain import create_commitment
from chuyende.commitments.models import Commitment
from chuyende.common.actors import SYSTEM
from chuyende.common.errors import DomainError
from chuyende.meetings import domain as meetings
from tests.world import build_world

from .helpers import item, resolution

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    w = build_world()
    w.basis = resolution(w.committee)
    w.foreign = resolution(w.other_committee)
    w.foreign_plan = meetings.create_plan(
        actor=SYSTEM,
        organization=w.other_committee,
        theme="Chuyên đề năm 2025",
        cell_sessions_before=date(2025, 6, 1),
        confirm_dates=True,
    )
    return w


def test_domain_refuses_a_resolution_of_another_committee(world):
    with pytest.raises(DomainError) as refused:
        create_commitment(actor=SYSTEM, cell=world.cell_a, owner_member=world.member_a, title="Cam kết",
                          items=[item()], resolution=world.foreign)  # fmt: skip
    assert refused.value.message == "Nghị quyết không phải của chi bộ hoặc cấp uỷ cấp trên của chi bộ này."
    assert Commitment.objects.count() == 0


def test_domain_refuses_a_plan_of_another_committee(world):
    with pytest.raises(DomainError) as refused:
        create_commitment(actor=SYSTEM, cell=world.cell_a, owner_member=world.member_a, title="Cam kết",
                          items=[item()], plan=world.foreign_plan)  # fmt: skip
    assert refused.value.message == "Kế hoạch không phải của cấp uỷ của chi bộ này."
    assert Commitment.objects.count() == 0


def test_domain_accepts_the_resolution_of_the_cells_committee(world):
    made = create_commitment(actor=SYSTEM, cell=world.cell_a, owner_member=world.member_a, title="Cam kết",
                             items=[item()], resolution=world.basis, confirm_past_deadlines=True)  # fmt: skip
    assert (made.cell, made.owner_member, made.resolution) == (world.cell_a, world.member_a, world.basis)


def _form(resolution_id):
    return {"title": "Cam kết", "resolution": str(resolution_id), "rows": "1", "shortcoming_1": "Ngại va chạm",
            "remedy_1": "Góp ý", "sign_1": "3 kỳ", "deadline_1": "2025-09-30",
            "confirm_warnings": "1"}  # the test's deadline is past: confirmed  # fmt: skip


def _payload(resolution_id):
    return {"title": "Cam kết", "resolution_id": resolution_id,
            "items": [{"shortcoming": "Ngại va chạm", "remedy": "Góp ý", "sign_of_done": "3 kỳ",
                       "deadline": "2025-09-30"}], "confirm_past_deadlines": True}  # fmt: skip


def test_page_and_api_give_the_same_answer_for_a_resolution_outside_the_cell(world, client):
    client.force_login(world.users["member"])
    page = client.post(reverse("commitment-create"), _form(world.foreign.pk))
    api = client.post("/api/commitments/", _payload(world.foreign.pk), content_type="application/json")
    assert (page.status_code, api.status_code) == (404, 404)
    assert api.json() == {"detail": "Không tìm thấy nghị quyết này hoặc bạn không có quyền xem."}
    assert Commitment.objects.count() == 0


def test_page_and_api_both_create_with_the_cells_resolution(world, client):
    client.force_login(world.users["member"])
    page = client.post(reverse("commitment-create"), _form(world.basis.pk))
    api = client.post("/api/commitments/", _payload(world.basis.pk), content_type="application/json")
    assert (page.status_code, api.status_code) == (302, 201)
    made = list(Commitment.objects.order_by("pk").values_list("owner_member", "resolution"))
    assert made == [(world.member_a.pk, world.basis.pk), (world.member_a.pk, world.basis.pk)]

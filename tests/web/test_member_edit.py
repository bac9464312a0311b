import pytest
from django.urls import reverse

from chuyende.common.models import AuditEntry
from chuyende.orgs.models import Member
from tests.world import build_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return build_world()


def _form(member, **changes):
    data = {
        "full_name": member.full_name,
        "cell": member.cell_id,
        "status": member.status,
        "party_card_number": member.party_card_number or "",
        "position": member.position,
        "email": member.email,
        "phone": member.phone,
    }
    data.update(changes)
    return data


def test_cell_secretary_fixes_a_typo_in_a_name(client, world):
    client.force_login(world.users["cell_secretary"])
    url = reverse("member-edit", args=[world.member_a.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, _form(world.member_a, full_name="Huỳnh Thị Ngọc Anh"))
    assert response.status_code == 302
    world.member_a.refresh_from_db()
    assert world.member_a.full_name == "Huỳnh Thị Ngọc Anh"
    assert AuditEntry.objects.filter(action="member.update", object_id=str(world.member_a.pk)).count() == 1


def test_cell_secretary_cannot_move_a_member_to_a_cell_they_do_not_manage(client, world):
    client.force_login(world.users["cell_secretary"])
    response = client.post(
        reverse("member-edit", args=[world.member_a.pk]), _form(world.member_a, cell=world.cell_b.pk)
    )
    assert response.status_code == 200
    assert "Lựa chọn không hợp lệ: giá trị này không có trong danh sách được phép." in response.text
    world.member_a.refresh_from_db()
    assert world.member_a.cell == world.cell_a


@pytest.mark.parametrize("role", ["member", "supervisor", "committee_member", "outsider"])
def test_edit_page_is_closed_to_non_managers(client, world, role):
    client.force_login(world.users[role])
    url = reverse("member-edit", args=[world.member_a.pk])
    # Who sees the member is told why (403 and the reason); who does not, that there is nothing.
    refused = 404 if role == "outsider" else 403
    assert client.get(url).status_code == refused
    assert client.post(url, _form(world.member_a, full_name="Hacked")).status_code == refused
    world.member_a.refresh_from_db()
    assert world.member_a.full_name == "Huỳnh Thị Ngọc Ánh"


def test_office_adds_a_member_and_duplicate_card_is_refused_with_the_form_kept(client, world):
    client.force_login(world.users["clerk"])
    url = reverse("member-create", args=[world.committee.pk])
    data = {
        "full_name": "Lê Quang Vinh",
        "cell": world.cell_b.pk,
        "status": "full",
        "party_card_number": "777",
    }
    assert client.post(url, data).status_code == 302
    again = client.post(url, {**data, "full_name": "Lê Quang Vĩnh"})
    assert again.status_code == 200
    assert "Số thẻ đảng viên 777 đã có trong hệ thống." in again.text
    assert "Lê Quang Vĩnh" in again.text  # nothing typed is lost
    assert Member.objects.filter(party_card_number="777").count() == 1

"""Every role against every lookup: who may see which organizations and members."""

import pytest

from chuyende.common.errors import NotFound
from chuyende.orgs.access import get_member_for, members_for, organizations_for
from chuyende.orgs.rules import can_view_member_details
from tests.world import build_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return build_world()


def _names(queryset):
    return sorted(m.full_name for m in queryset)


def test_member_lists_by_role(world):
    committee_members = ["Huỳnh Thị Ngọc Ánh", "Nguyễn Đức Thành", "Võ Minh Tuấn", "Đoàn Văn Thắng"]
    expected = {
        "superior_secretary": sorted([*committee_members, "Trần Thị Xuân"]),
        "secretary": sorted(committee_members),
        "clerk": sorted(committee_members),
        "committee_member": sorted(committee_members),
        "supervisor": ["Huỳnh Thị Ngọc Ánh", "Võ Minh Tuấn"],
        "cell_secretary": ["Huỳnh Thị Ngọc Ánh", "Võ Minh Tuấn"],
        "member": ["Huỳnh Thị Ngọc Ánh", "Võ Minh Tuấn"],
        "outsider": ["Trần Thị Xuân"],
        "nobody": [],
    }
    for role, names in expected.items():
        assert _names(members_for(world.users[role])) == sorted(names), role


@pytest.mark.parametrize("role", ["supervisor", "cell_secretary", "member", "outsider", "nobody"])
def test_roles_of_one_cell_cannot_read_another_cells_member(world, role):
    with pytest.raises(NotFound):
        get_member_for(world.users[role], world.member_b.pk)


def test_a_plain_member_sees_cell_mates_but_not_their_contact_details(world):
    user = world.users["member"]
    mate = get_member_for(user, world.member_a2.pk)
    assert not can_view_member_details(user, mate)
    assert can_view_member_details(user, world.member_a)
    assert can_view_member_details(world.users["cell_secretary"], world.member_a)
    assert can_view_member_details(world.users["supervisor"], world.member_a)


def test_organizations_by_role(world):
    w = world
    # the secretary is also a member of cell_b, so the ancestors of that cell are visible too
    assert set(organizations_for(w.users["secretary"])) == {w.superior, w.committee, w.cell_a, w.cell_b}
    assert set(organizations_for(w.users["clerk"])) == {w.committee, w.cell_a, w.cell_b}
    assert set(organizations_for(w.users["member"])) == {w.superior, w.committee, w.cell_a}
    assert set(organizations_for(w.users["outsider"])) == {w.superior, w.other_committee, w.cell_x}
    assert set(organizations_for(w.users["superior_secretary"])) == {
        w.superior,
        w.committee,
        w.other_committee,
        w.cell_a,
        w.cell_b,
        w.cell_x,
    }
    assert list(organizations_for(w.users["nobody"])) == []


def test_lookup_with_a_garbage_id_is_not_found(world):
    with pytest.raises(NotFound):
        get_member_for(world.users["secretary"], "abc")

from datetime import date

import pytest

from chuyende.common.actors import SYSTEM
from chuyende.common.errors import DomainError, NotAllowed
from chuyende.common.models import AuditEntry
from chuyende.orgs.domain import create_member, create_organization, create_term, update_member
from chuyende.orgs.enums import MemberStatus, OrganizationKind, Role
from chuyende.orgs.models import Organization
from chuyende.orgs.models.organization import path_segment
from chuyende.orgs.rules import subtree_q
from tests import factories as f

pytestmark = pytest.mark.django_db


def test_paths_encode_the_tree_and_subtree_is_a_range():
    root = f.organization(name="Gốc")
    child = f.organization(root, name="Con")
    cell = f.cell(child, name="Chi bộ cháu")
    sibling = f.organization(name="Gốc khác")
    assert root.path == path_segment(root.pk)
    assert cell.path == path_segment(root.pk) + path_segment(child.pk) + path_segment(cell.pk)
    assert (root.depth, child.depth, cell.depth) == (0, 1, 2)
    assert list(Organization.objects.filter(subtree_q([child.path])).order_by("path")) == [child, cell]
    assert sibling not in Organization.objects.filter(subtree_q([root.path]))
    assert cell.ancestor_ids() == [root.pk, child.pk, cell.pk]


def test_cell_cannot_have_children():
    cell = f.cell(f.organization())
    with pytest.raises(DomainError, match="Chi bộ không có tổ chức trực thuộc"):
        create_organization(
            actor=SYSTEM,
            parent=cell,
            kind=OrganizationKind.CELL,
            name="x",
            header_name="X",
            body_code="CB",
            place_name="Huế",
        )


def test_only_a_manager_of_the_parent_creates_a_child():
    committee = f.organization()
    user = f.user()
    f.role(user, committee, Role.COMMITTEE_MEMBER)
    with pytest.raises(NotAllowed):
        create_organization(
            actor=user,
            parent=committee,
            kind="cell",
            name="x",
            header_name="X",
            body_code="CB",
            place_name="Huế",
        )
    f.role(user, committee, Role.OFFICE_CLERK)
    created = create_organization(
        actor=user,
        parent=committee,
        kind="cell",
        name="Chi bộ mới",
        header_name="CHI BỘ MỚI",
        body_code="CB",
        place_name="Huế",
    )
    assert created.parent == committee
    entry = AuditEntry.objects.get(action="organization.create", object_id=str(created.pk))
    assert entry.actor_id == user.pk


def test_terms_of_one_committee_cannot_overlap():
    committee = f.organization()
    create_term(
        actor=SYSTEM,
        organization=committee,
        name="2015 – 2020",
        starts_on=date(2015, 6, 1),
        ends_on=date(2020, 6, 30),
    )
    with pytest.raises(DomainError, match="trùng thời gian"):
        create_term(
            actor=SYSTEM, organization=committee, name="sai", starts_on=date(2020, 1, 1), ends_on=None
        )
    later = create_term(actor=SYSTEM, organization=committee, name="2020 – 2025", starts_on=date(2020, 7, 1))
    assert later.covers(date(2024, 1, 1)) and not later.covers(date(2020, 6, 30))


def test_member_keys_follow_the_name():
    cell = f.cell(f.organization())
    member = create_member(
        actor=SYSTEM, cell=cell, full_name="  Nguyễn   Đức Thành ", status=MemberStatus.FULL
    )
    assert member.full_name == "Nguyễn Đức Thành"
    assert member.name_folded == "nguyen duc thanh"
    update_member(actor=SYSTEM, member=member, full_name="Nguyễn Đức Thắng")
    member.refresh_from_db()
    assert member.name_folded == "nguyen duc thang"
    change = AuditEntry.objects.get(action="member.update")
    assert change.changes == {"full_name": ["Nguyễn Đức Thành", "Nguyễn Đức Thắng"]}


def test_member_must_belong_to_a_cell_and_card_numbers_are_unique():
    committee = f.organization()
    cell = f.cell(committee)
    with pytest.raises(DomainError, match="phải thuộc một chi bộ"):
        create_member(actor=SYSTEM, cell=committee, full_name="Lê Văn A")
    create_member(actor=SYSTEM, cell=cell, full_name="Lê Văn A", party_card_number="123")
    with pytest.raises(DomainError, match="Số thẻ đảng viên 123 đã có"):
        create_member(actor=SYSTEM, cell=cell, full_name="Lê Văn B", party_card_number="123")
    with pytest.raises(DomainError, match="không được để trống"):
        create_member(actor=SYSTEM, cell=cell, full_name="   ")


def test_moving_a_member_needs_rights_over_both_cells():
    world_committee = f.organization()
    cell_a, cell_b = f.cell(world_committee), f.cell(f.organization())
    member = f.member(cell_a)
    secretary = f.user()
    f.role(secretary, cell_a, Role.SECRETARY)
    with pytest.raises(NotAllowed):
        update_member(actor=secretary, member=member, cell=cell_b)
    member.refresh_from_db()
    assert member.cell == cell_a

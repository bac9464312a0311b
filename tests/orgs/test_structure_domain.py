"""Organizations moved and closed, roles appointed for a period and ended (history kept)."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from chuyende.common.actors import SYSTEM
from chuyende.common.errors import DomainError, NotAllowed
from chuyende.common.models import AuditEntry
from chuyende.orgs.domain import create_organization, end_role, grant_role, update_organization
from chuyende.orgs.domain.organizations import close_organization, move_organization
from chuyende.orgs.domain.signing import signers_for
from chuyende.orgs.enums import Role
from chuyende.orgs.models import Organization, RoleAssignment
from chuyende.orgs.rules import held_roles
from tests import factories as f
from tests.world import build_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return build_world()


def test_new_organization_gets_letterhead_defaults_and_a_unique_code(world):
    cell = create_organization(
        actor=world.users["clerk"],
        parent=world.committee,
        kind="cell",
        name="  Chi bộ Phòng Hành chính ",
        code="CB-HC",
    )
    assert (cell.name, cell.header_name, cell.body_code, cell.signing_authority, cell.place_name) == (
        "Chi bộ Phòng Hành chính", "CHI BỘ PHÒNG HÀNH CHÍNH", "CB", "CHI BỘ", "Nha Trang",
    )  # fmt: skip
    assert cell.superior_header_name == world.committee.header_name
    with pytest.raises(DomainError) as taken:
        create_organization(
            actor=SYSTEM, parent=world.committee, kind="cell", name="Chi bộ khác", code="cb-hc"
        )
    assert taken.value.message == "Mã “cb-hc” đã được dùng cho Chi bộ Phòng Hành chính."
    with pytest.raises(DomainError) as empty:
        update_organization(actor=world.users["clerk"], organization=cell, name="  ")
    assert empty.value.message == "Tên tổ chức không được để trống."


def test_move_rewrites_the_paths_of_the_whole_subtree(world):
    admin = f.user("quantri")
    admin.is_superuser = True
    admin.save()
    sub = f.organization(world.committee, name="Đảng bộ bộ phận Hành chính")
    inner = f.cell(sub, name="Chi bộ Văn thư")
    member = f.member(inner, "Phan Văn Lộc")
    moved = move_organization(actor=admin, organization=sub, new_parent=world.other_committee)
    inner.refresh_from_db()
    assert moved.parent == world.other_committee
    assert moved.path == world.other_committee.path + f"{sub.pk:09d}"
    assert (inner.path, inner.depth) == (moved.path + f"{inner.pk:09d}", 3)
    # The scoped lookups follow: the other committee's people now see the member, ours do not.
    assert Organization.objects.filter(path__startswith=world.committee.path).filter(pk=inner.pk).count() == 0
    assert member.cell.pk == inner.pk
    assert AuditEntry.objects.filter(action="organization.move").count() == 2  # old and new partition


def test_move_is_refused_into_its_own_subtree_under_a_cell_and_outside_scope(world):
    clerk = world.users["clerk"]
    sub = f.organization(world.committee, name="Đảng bộ bộ phận")
    inner = f.organization(sub, name="Đảng bộ con")
    with pytest.raises(DomainError) as cycle:
        move_organization(actor=clerk, organization=sub, new_parent=inner)
    assert cycle.value.message == "Không thể chuyển một tổ chức vào chính nó hoặc vào tổ chức trực thuộc nó."
    with pytest.raises(DomainError) as under_cell:
        move_organization(actor=clerk, organization=sub, new_parent=world.cell_a)
    assert under_cell.value.message == "Chi bộ không có tổ chức trực thuộc."
    with pytest.raises(NotAllowed):
        move_organization(actor=clerk, organization=sub, new_parent=world.other_committee)
    with pytest.raises(NotAllowed):
        move_organization(actor=world.users["cell_secretary"], organization=world.cell_a, new_parent=sub)
    with pytest.raises(NotAllowed):
        move_organization(actor=clerk, organization=sub, new_parent=None)


def test_close_needs_an_empty_organization_and_the_level_above(world):
    clerk = world.users["clerk"]
    with pytest.raises(DomainError) as members:
        close_organization(actor=clerk, organization=world.cell_a, closed_on=timezone.localdate())
    assert members.value.message == (
        "Còn 2 đảng viên đang sinh hoạt. Hãy chuyển sinh hoạt cho họ trước khi giải thể."
    )
    with pytest.raises(NotAllowed):
        close_organization(
            actor=world.users["cell_secretary"], organization=world.cell_a, closed_on=date.today()
        )
    empty = f.cell(world.committee, name="Chi bộ sắp giải thể")
    holder = f.user("bithu-cu", member=f.member(world.cell_b, "Lý Thị Mai"))
    f.role(holder, empty, Role.SECRETARY, starts_on=date(2020, 1, 1))
    with pytest.raises(DomainError) as future:
        close_organization(
            actor=clerk, organization=empty, closed_on=timezone.localdate() + timedelta(days=1)
        )
    assert future.value.message == "Ngày giải thể không được sau ngày hôm nay."
    day = timezone.localdate() - timedelta(days=2)
    closed = close_organization(actor=clerk, organization=empty, closed_on=day)
    assert (closed.is_active, closed.closed_on) == (False, day)
    assignment = RoleAssignment.objects.get(organization=empty)
    assert assignment.ends_on == day  # the role ended with it, the row stays
    with pytest.raises(DomainError) as again:
        close_organization(actor=clerk, organization=empty, closed_on=day)
    assert again.value.message == "Tổ chức này đã giải thể."
    with pytest.raises(DomainError):
        create_organization(actor=clerk, parent=closed, kind="cell", name="Không được")


def test_grant_role_to_a_member_makes_them_the_signer(world):
    clerk = world.users["clerk"]
    today = timezone.localdate()
    member = world.member_b  # has no login yet: one is created
    assert member.user_id is None
    assignment = grant_role(
        actor=clerk, member=member, organization=world.cell_b, role=Role.SECRETARY, starts_on=today
    )
    member.refresh_from_db()
    assert assignment.user_id == member.user_id is not None
    assert [block.member for block in signers_for(world.cell_b)] == [member]
    assert [(r.role, r.organization_id) for r in held_roles(member.user)] == [("secretary", world.cell_b.pk)]
    again = grant_role(
        actor=clerk, member=member, organization=world.cell_b, role=Role.SECRETARY, starts_on=today
    )
    assert again.pk == assignment.pk  # idempotent


def test_end_role_keeps_history_and_the_signer_changes(world):
    clerk = world.users["clerk"]
    secretary = world.users["secretary"].member
    assignment = RoleAssignment.objects.get(organization=world.committee, role=Role.SECRETARY)
    yesterday = timezone.localdate() - timedelta(days=1)
    end_role(actor=clerk, assignment=assignment, ends_on=yesterday)
    assert signers_for(world.committee) == []
    assert signers_for(world.committee, on=yesterday)[0].member == secretary
    assert RoleAssignment.objects.filter(pk=assignment.pk).exists()
    with pytest.raises(DomainError) as twice:
        end_role(actor=clerk, assignment=assignment, ends_on=timezone.localdate())
    assert twice.value.message == f"Vai trò này đã kết thúc ngày {yesterday:%d/%m/%Y}."
    # The same person may be appointed again later; the history has both periods.
    grant_role(actor=clerk, member=secretary, organization=world.committee, role=Role.SECRETARY,
               starts_on=timezone.localdate())  # fmt: skip
    assert RoleAssignment.objects.filter(organization=world.committee, role=Role.SECRETARY).count() == 2
    assert AuditEntry.objects.filter(action="role.end").count() == 1


def test_overlapping_appointments_are_refused_and_a_successor_takes_over(world):
    clerk = world.users["clerk"]
    today = timezone.localdate()
    with pytest.raises(DomainError) as same:
        grant_role(actor=clerk, member=world.users["secretary"].member, organization=world.committee,
                   role=Role.SECRETARY, starts_on=today, ends_on=today + timedelta(days=5))  # fmt: skip
    assert same.value.message.startswith("Đồng chí này đã giữ vai trò Bí thư của Đảng bộ Cơ quan Văn phòng")
    # The secretary in office has no start date: a successor from tomorrow takes over.
    successor = grant_role(actor=clerk, member=world.member_b, organization=world.committee,
                           role=Role.SECRETARY, starts_on=today + timedelta(days=1))  # fmt: skip
    predecessor = RoleAssignment.objects.get(organization=world.committee, role=Role.SECRETARY, ends_on=today)
    assert predecessor.user == world.users["secretary"]
    assert [b.member for b in signers_for(world.committee, on=today + timedelta(days=1))] == [world.member_b]
    with pytest.raises(DomainError) as before:
        grant_role(actor=clerk, member=world.member_a, organization=world.committee, role=Role.SECRETARY,
                   starts_on=today + timedelta(days=1))  # fmt: skip
    assert "đã có Bí thư là đồng chí Đoàn Văn Thắng" in before.value.message
    assert successor.ends_on is None
    with pytest.raises(DomainError) as backwards:
        grant_role(actor=clerk, member=world.member_a, organization=world.committee, role=Role.DEPUTY_SECRETARY,
                   starts_on=today, ends_on=today - timedelta(days=1))  # fmt: skip
    assert backwards.value.message == "Ngày kết thúc phải từ ngày bắt đầu trở về sau."


def test_who_may_appoint(world):
    today = timezone.localdate()
    with pytest.raises(NotAllowed):  # another cell's secretary
        grant_role(actor=world.users["cell_secretary"], member=world.member_b, organization=world.cell_b,
                   role=Role.DEPUTY_SECRETARY, starts_on=today)  # fmt: skip
    with pytest.raises(NotAllowed):  # a plain member
        grant_role(actor=world.users["member"], member=world.member_a, organization=world.cell_a,
                   role=Role.DEPUTY_SECRETARY, starts_on=today)  # fmt: skip
    with pytest.raises(NotAllowed):  # a supervisor oversees but does not manage
        grant_role(actor=world.users["supervisor"], member=world.member_a, organization=world.cell_a,
                   role=Role.DEPUTY_SECRETARY, starts_on=today)  # fmt: skip
    assignment = grant_role(actor=world.users["cell_secretary"], member=world.member_a, organization=world.cell_a,
                            role=Role.DEPUTY_SECRETARY, starts_on=today)  # fmt: skip
    with pytest.raises(NotAllowed):
        end_role(actor=world.users["outsider"], assignment=assignment, ends_on=today)

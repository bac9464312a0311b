"""The Django admin records appointments through the roles page's rules (orgs.domain.roles): a
refusal shows on the form and writes nothing; an accepted one is audited; once recorded only the
end date changes, and nothing is deleted."""

from datetime import date

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from chuyende.common.models import AuditEntry
from chuyende.orgs.enums import Role
from chuyende.orgs.models import RoleAssignment
from tests import factories as f
from tests.world import build_world

pytestmark = pytest.mark.django_db
ADD = "/admin/orgs/roleassignment/add/"


@pytest.fixture
def world():
    return build_world()


@pytest.fixture
def admin():
    client = Client()
    client.force_login(
        get_user_model().objects.create_superuser("quantri", "q@example.vn", "mat-khau-quan-tri")
    )
    return client


def _add(admin, user, organization, role, starts_on="", ends_on="", title=""):
    return admin.post(ADD, {"user": user.pk, "organization": organization.pk, "role": role, "title": title,
                            "starts_on": starts_on, "ends_on": ends_on})  # fmt: skip


def _errors(response) -> str:
    return " ".join(str(e) for e in response.context["adminform"].form.non_field_errors())


def test_a_second_secretary_at_the_same_time_is_refused_on_the_form(world, admin):
    before = RoleAssignment.objects.count()
    response = _add(admin, world.users["member"], world.committee, Role.SECRETARY)
    assert response.status_code == 200
    assert "đã có Bí thư là đồng chí Nguyễn Đức Thành" in _errors(response)
    assert RoleAssignment.objects.count() == before


def test_an_overlapping_period_of_the_same_role_is_refused(world, admin):
    f.role(
        world.users["member"],
        world.cell_a,
        Role.SUPERVISOR,
        starts_on=date(2026, 1, 1),
        ends_on=date(2026, 6, 30),
    )
    before = RoleAssignment.objects.count()
    response = _add(admin, world.users["member"], world.cell_a, Role.SUPERVISOR, "2026-03-01")
    assert "đã giữ vai trò" in _errors(response)
    response = _add(admin, world.users["member"], world.committee, Role.SUPERVISOR)
    assert "chỉ được phân công theo dõi một chi bộ" in _errors(response)
    assert RoleAssignment.objects.count() == before


def test_an_accepted_appointment_is_audited_and_a_successor_ends_the_predecessor(world, admin):
    secretary = RoleAssignment.objects.get(organization=world.committee, role=Role.SECRETARY)
    response = _add(admin, world.users["member"], world.committee, Role.SECRETARY, "2030-01-01")
    assert response.status_code == 302
    created = RoleAssignment.objects.get(user=world.users["member"], role=Role.SECRETARY)
    secretary.refresh_from_db()
    assert (created.starts_on, secretary.ends_on) == (date(2030, 1, 1), date(2029, 12, 31))
    actions = AuditEntry.objects.filter(actor__username="quantri").values_list("action", flat=True)
    assert sorted(actions) == ["role.assign", "role.end"]


def test_a_recorded_appointment_takes_only_an_end_date(world, admin):
    assignment = f.role(world.users["member"], world.cell_a, Role.SUPERVISOR, starts_on=date(2026, 1, 1))
    url = f"/admin/orgs/roleassignment/{assignment.pk}/change/"
    page = admin.get(url)
    assert set(page.context["adminform"].form.fields) == {"ends_on"}
    refused = admin.post(url, {"ends_on": "2025-06-30"})
    assert "Ngày kết thúc không được trước ngày bắt đầu" in _errors(refused)
    assert admin.post(url, {"ends_on": "2030-06-30"}).status_code == 302
    assignment.refresh_from_db()
    assert assignment.ends_on == date(2030, 6, 30)
    assert AuditEntry.objects.filter(action="role.end", actor__username="quantri").count() == 1
    later = admin.post(url, {"ends_on": "2031-01-01"})  # an end is never pushed later
    assert "đã kết thúc ngày 30/06/2030" in _errors(later)
    assert admin.post(f"/admin/orgs/roleassignment/{assignment.pk}/delete/").status_code == 403
    assert RoleAssignment.objects.filter(pk=assignment.pk).exists()


def test_a_staff_user_without_a_role_on_the_organization_is_refused(world):
    staff = get_user_model().objects.create_user("nhanvien", password="x", is_staff=True)
    from django.contrib.auth.models import Permission

    staff.user_permissions.add(*Permission.objects.filter(codename__endswith="_roleassignment"))
    client = Client()
    client.force_login(staff)
    response = _add(client, world.users["member"], world.cell_a, Role.SUPERVISOR)
    assert "Bạn không có quyền phân công vai trò trong tổ chức này." in _errors(response)
    assert not RoleAssignment.objects.filter(user=world.users["member"]).exists()

"""Reopening a closed organization: decided by those who close it (the level above), audited,
on the organization page ("Mở lại", after a confirmation) and in the API."""

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from chuyende.common.errors import DomainError, NotAllowed
from chuyende.common.models import AuditEntry
from chuyende.orgs.access import organizations_for
from chuyende.orgs.domain import update_organization
from chuyende.orgs.domain.organizations import close_organization, reopen_organization
from chuyende.orgs.enums import Role
from chuyende.orgs.models import RoleAssignment
from tests import factories as f
from tests.world import build_world

pytestmark = pytest.mark.django_db

FORBIDDEN = ["cell_secretary", "member", "supervisor", "committee_member", "outsider"]


@pytest.fixture
def world():
    return build_world()


def _closed_cell(world, name="Chi bộ giải thể nhầm"):
    cell = f.cell(world.committee, name=name)
    holder = f.user(f"bithu-{cell.pk}", member=f.member(world.cell_b, "Lý Thị Mai"))
    f.role(holder, cell, Role.SECRETARY)
    f.role(
        world.users["cell_secretary"], cell, Role.DEPUTY_SECRETARY
    )  # manages the cell, not the level above
    close_organization(actor=world.users["clerk"], organization=cell,
                       closed_on=timezone.localdate() - timedelta(days=1))  # fmt: skip
    cell.refresh_from_db()
    return cell


def _client(user):
    client = Client()
    client.force_login(user)
    return client


def test_reopen_restores_the_organization_keeps_ended_roles_and_is_audited(world):
    cell = _closed_cell(world)
    with pytest.raises(NotAllowed):  # manages the cell itself, but closing is decided above
        reopen_organization(actor=world.users["cell_secretary"], organization=cell)
    reopened = reopen_organization(actor=world.users["clerk"], organization=cell)
    cell.refresh_from_db()
    assert (reopened.is_active, cell.is_active, cell.closed_on) == (True, True, None)
    entry = AuditEntry.objects.get(action="organization.reopen", object_id=str(cell.pk))
    assert entry.changes["is_active"] == [False, True]
    assert all(a.ends_on is not None for a in RoleAssignment.objects.filter(organization=cell))
    with pytest.raises(DomainError, match="đang hoạt động"):
        reopen_organization(actor=world.users["clerk"], organization=cell)


def test_a_node_under_a_closed_organization_waits_for_its_parent(world):
    sub = f.organization(world.committee, name="Đảng bộ bộ phận")
    cell = f.cell(sub, name="Chi bộ con")
    clerk = world.users["clerk"]
    close_organization(actor=clerk, organization=cell, closed_on=timezone.localdate())
    close_organization(actor=clerk, organization=sub, closed_on=timezone.localdate())
    cell.refresh_from_db()
    with pytest.raises(DomainError, match="hãy mở lại tổ chức cấp trên trước"):
        reopen_organization(actor=clerk, organization=cell)


def test_patch_is_active_goes_through_the_same_rules(world):
    cell = _closed_cell(world)
    with pytest.raises(NotAllowed):
        update_organization(actor=world.users["cell_secretary"], organization=cell, is_active=True)
    update_organization(actor=world.users["clerk"], organization=cell, is_active=True)
    cell.refresh_from_db()
    assert (cell.is_active, cell.closed_on) == (True, None)
    assert AuditEntry.objects.filter(action="organization.reopen", object_id=str(cell.pk)).exists()
    # Turning it off closes it with the closing rules (here: members still inside refuse it).
    with pytest.raises(DomainError, match="đảng viên đang sinh hoạt"):
        update_organization(actor=world.users["clerk"], organization=world.cell_a, is_active=False)


def test_organization_page_offers_reopen_with_a_confirmation(world):
    cell = _closed_cell(world)
    client = _client(world.users["clerk"])
    url = reverse("org-detail", args=[cell.pk])
    page = client.get(url).text
    assert 'id="mo-lai"' in page and "sẽ hoạt động trở lại và bỏ ngày giải thể" in page
    unconfirmed = client.post(reverse("org-reopen", args=[cell.pk]), follow=True)
    assert "sẽ hoạt động trở lại" in unconfirmed.text
    cell.refresh_from_db()
    assert not cell.is_active
    done = client.post(reverse("org-reopen", args=[cell.pk]), {"confirmed": "1"}, follow=True)
    assert f"Đã mở lại {cell.name}." in done.text
    cell.refresh_from_db()
    assert cell.is_active
    assert 'id="mo-lai"' not in client.get(url).text


@pytest.mark.parametrize("role", FORBIDDEN)
def test_reopen_is_refused_to_other_roles_on_the_page_and_in_the_api(world, role):
    cell = _closed_cell(world, name=f"Chi bộ {role}")
    client = _client(world.users[role])
    page = client.get(reverse("org-detail", args=[cell.pk]))
    assert 'id="mo-lai"' not in page.text
    # Who sees the cell is told why (403), who does not is answered "not found".
    refused = 403 if organizations_for(world.users[role]).filter(pk=cell.pk).exists() else 404
    assert client.post(reverse("org-reopen", args=[cell.pk]), {"confirmed": "1"}).status_code == refused
    api = client.post(f"/api/organizations/{cell.pk}/reopen")
    assert api.status_code in (403, 404)
    cell.refresh_from_db()
    assert not cell.is_active


def test_api_reopens(world):
    cell = _closed_cell(world)
    client = _client(world.users["clerk"])
    response = client.post(f"/api/organizations/{cell.pk}/reopen")
    assert response.status_code == 200 and response.json()["is_active"] is True
    again = client.post(f"/api/organizations/{cell.pk}/reopen")
    assert again.status_code == 400 and "đang hoạt động" in again.json()["detail"]

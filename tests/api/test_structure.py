import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from chuyende.orgs.models import Organization, RoleAssignment
from chuyende.orgs.rules import held_roles
from tests.world import build_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return build_world()


def held_roles_of(username):
    return held_roles(get_user_model().objects.get(username=username))


def _json(client, method, url, user, payload=None):
    client.force_login(user)
    return getattr(client, method)(url, payload, content_type="application/json")


def test_office_creates_a_cell_and_a_member_cannot(client, world):
    payload = {
        "parent_id": world.committee.pk,
        "kind": "cell",
        "name": "Chi bộ Phòng Hành chính - Tổ chức",
        "header_name": "CHI BỘ PHÒNG HÀNH CHÍNH - TỔ CHỨC",
        "body_code": "CB",
        "place_name": "Nha Trang",
    }
    refused = _json(client, "post", "/api/organizations", world.users["member"], payload)
    assert refused.status_code == 403
    created = _json(client, "post", "/api/organizations", world.users["clerk"], payload)
    assert created.status_code == 201
    cell = Organization.objects.get(pk=created.json()["id"])
    assert (cell.parent, cell.kind, cell.depth) == (world.committee, "cell", 2)


def test_patch_organization_outside_scope_is_404(client, world):
    response = _json(
        client, "patch", f"/api/organizations/{world.cell_x.pk}", world.users["secretary"], {"name": "X"}
    )
    assert response.status_code == 404


def test_terms_are_listed_and_overlaps_refused(client, world):
    url = f"/api/organizations/{world.committee.pk}/terms"
    first = _json(
        client,
        "post",
        url,
        world.users["secretary"],
        {"name": "2020 – 2025", "starts_on": "2020-07-01", "ends_on": "2025-06-30"},
    )
    assert first.status_code == 201
    overlap = _json(client, "post", url, world.users["secretary"], {"name": "sai", "starts_on": "2025-01-01"})
    assert overlap.status_code == 400
    assert overlap.json()["detail"] == "Nhiệm kỳ mới trùng thời gian với nhiệm kỳ “2020 – 2025”."
    assert [t["name"] for t in client.get(url).json()] == ["2020 – 2025"]


def test_role_assignment_round_trip_and_forbidden_paths(client, world):
    url = f"/api/organizations/{world.cell_a.pk}/roles"
    refused = _json(client, "post", url, world.users["member"], {"username": "dangvien", "role": "secretary"})
    assert refused.status_code == 403
    created = _json(
        client,
        "post",
        url,
        world.users["secretary"],
        {"username": "dangvien", "role": "deputy_secretary", "title": "Phó Bí thư Chi bộ"},
    )
    assert created.status_code == 201
    listed = _json(client, "get", url, world.users["supervisor"])
    assert sorted(r["username"] for r in listed.json()) == ["bithu-phapche", "dangvien", "giamsat"]
    assignment_id = created.json()["id"]
    assert (
        _json(
            client, "delete", f"/api/role-assignments/{assignment_id}", world.users["supervisor"]
        ).status_code
        == 404
    )
    assert (
        _json(
            client, "delete", f"/api/role-assignments/{assignment_id}", world.users["secretary"]
        ).status_code
        == 204
    )
    # Taken away from today, kept as history: the appointment ends yesterday (it started today, so
    # it is a cancelled one that never took effect), nothing is deleted.
    ended = RoleAssignment.objects.get(pk=assignment_id)
    assert ended.ends_on is not None and ended.ends_on < timezone.localdate()
    assert "deputy_secretary" not in [r.role for r in held_roles_of("dangvien")]


@pytest.mark.parametrize("name", ["member", "committee_member", "cell_secretary"])
def test_appointing_is_refused_before_the_login_is_looked_up(client, world, name):
    """Who may not appoint on the organization learns nothing about which logins exist: the same
    refusal for an existing login, a missing one and a hidden member."""
    url = f"/api/organizations/{world.committee.pk}/roles"
    bodies = [{"username": "vanphong", "role": "deputy_secretary"},
              {"username": "khong-co-ai", "role": "deputy_secretary"},
              {"member_id": world.member_x.pk, "role": "deputy_secretary"}]  # fmt: skip
    answers = [_json(client, "post", url, world.users[name], body) for body in bodies]
    assert [(a.status_code, a.json()) for a in answers] == [
        (403, {"detail": "Bạn không có quyền phân công vai trò trong tổ chức này."})
    ] * 3
    assert not RoleAssignment.objects.filter(role="deputy_secretary").exists()

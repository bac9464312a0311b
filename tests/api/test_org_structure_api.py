"""The API twins of the tree import, moving/closing and the roles with their dates."""

import io
from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from openpyxl import Workbook

from chuyende.orgs.enums import Role
from chuyende.orgs.models import Organization, RoleAssignment
from tests.world import build_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return build_world()


def _upload(rows):
    book = Workbook()
    for row in rows:
        book.active.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return SimpleUploadedFile("cay.xlsx", buffer.getvalue())


TREE = [
    ["Tên tổ chức", "Loại", "Cấp trên", "Mã", "Địa danh"],
    ["Đảng bộ Khối Doanh nghiệp", "Đảng bộ", "", "DBK-DN", "Nha Trang"],
    ["Chi bộ Công ty Điện lực", "Chi bộ", "DBK-DN", "CB-DL", ""],
]


def _json(client, method, url, payload=None):
    return getattr(client, method)(url, payload, content_type="application/json")


def test_site_admin_imports_a_tree_through_the_api(client, world):
    admin = get_user_model().objects.create_superuser("quantri", "q@example.vn", "mat-khau-quan-tri")
    client.force_login(world.users["clerk"])
    refused = client.post("/api/organization-imports", {"file": _upload(TREE)})
    assert refused.status_code == 403
    client.force_login(admin)
    preview = client.post("/api/organization-imports", {"file": _upload(TREE)})
    assert preview.status_code == 201
    body = preview.json()
    assert (body["organization_id"], body["status"], body["counts"]) == (
        None, "previewed", {"create": 2, "update": 0, "unchanged": 0, "error": 0},
    )  # fmt: skip
    applied = client.post(f"/api/organization-imports/{body['id']}/apply")
    assert applied.json()["status"] == "applied"
    assert Organization.objects.get(code="CB-DL").parent.code == "DBK-DN"
    again = client.post("/api/organization-imports", {"file": _upload(TREE)}).json()
    assert again["counts"] == {"create": 0, "update": 0, "unchanged": 2, "error": 0}
    client.force_login(world.users["clerk"])
    assert client.get(f"/api/organization-imports/{body['id']}").status_code == 404
    template = client.get("/api/organization-imports/template.xlsx")
    assert template.status_code == 200 and template.content[:2] == b"PK"


def test_clerk_imports_into_the_committee_and_not_elsewhere(client, world):
    client.force_login(world.users["clerk"])
    rows = [["Tên tổ chức", "Loại"], ["Chi bộ Phòng Lễ tân", "Chi bộ"]]
    inside = client.post(
        f"/api/organization-imports?organization_id={world.committee.pk}", {"file": _upload(rows)}
    )
    assert inside.status_code == 201 and inside.json()["counts"]["create"] == 1
    outside = client.post(
        f"/api/organization-imports?organization_id={world.other_committee.pk}", {"file": _upload(rows)}
    )
    assert outside.status_code == 404
    bad = client.post(
        f"/api/organization-imports?organization_id={world.committee.pk}",
        {"file": SimpleUploadedFile("cay.txt", b"abc")},
    )
    assert (bad.status_code, bad.json()["detail"]) == (400, "Chỉ nhận tệp Excel (.xlsx) hoặc CSV (.csv).")


def test_roles_with_dates_through_the_api(client, world):
    client.force_login(world.users["clerk"])
    url = f"/api/organizations/{world.cell_b.pk}/roles"
    today = timezone.localdate()
    created = _json(
        client, "post", url, {"member_id": world.member_b.pk, "role": "secretary", "starts_on": str(today)}
    )
    assert created.status_code == 201
    body = created.json()
    assert (body["member_name"], body["role_label"], body["starts_on"], body["ends_on"], body["in_force"]) == (
        "Đoàn Văn Thắng", "Bí thư", str(today), None, True,
    )  # fmt: skip
    yesterday = today - timedelta(days=1)
    ended = _json(client, "post", f"/api/role-assignments/{body['id']}/end", {"ends_on": str(yesterday)})
    assert (ended.json()["ends_on"], ended.json()["in_force"]) == (str(yesterday), False)
    listed = _json(client, "get", url).json()
    assert [(r["member_name"], r["ends_on"]) for r in listed] == [("Đoàn Văn Thắng", str(yesterday))]
    # Another cell's secretary neither reads nor changes them.
    client.force_login(world.users["cell_secretary"])
    assert _json(client, "get", url).status_code == 404
    assert (
        _json(client, "post", url, {"member_id": world.member_b.pk, "role": "secretary"}).status_code == 404
    )
    assert (
        _json(client, "post", f"/api/role-assignments/{body['id']}/end", {"ends_on": str(today)}).status_code
        == 404
    )
    assert RoleAssignment.objects.get(pk=body["id"]).ends_on == yesterday


def test_member_outside_scope_cannot_be_appointed(client, world):
    client.force_login(world.users["clerk"])
    response = _json(
        client,
        "post",
        f"/api/organizations/{world.cell_b.pk}/roles",
        {"member_id": world.member_x.pk, "role": "deputy_secretary"},
    )
    assert response.status_code == 404
    assert not RoleAssignment.objects.filter(role=Role.DEPUTY_SECRETARY).exists()


def test_move_and_close_through_the_api(client, world):
    client.force_login(world.users["clerk"])
    sub = _json(client, "post", "/api/organizations", {"parent_id": world.committee.pk, "kind": "committee",
                                                        "name": "Đảng bộ bộ phận"}).json()  # fmt: skip
    assert sub["header_name"] == "ĐẢNG UỶ BỘ PHẬN"
    moved = _json(client, "post", f"/api/organizations/{world.cell_b.pk}/move", {"parent_id": sub["id"]})
    assert moved.status_code == 200 and moved.json()["parent_id"] == sub["id"]
    cycle = _json(client, "post", f"/api/organizations/{sub['id']}/move", {"parent_id": world.cell_b.pk})
    assert cycle.status_code == 400
    root = _json(client, "post", f"/api/organizations/{sub['id']}/move", {"parent_id": None})
    assert root.status_code == 403
    closing = _json(
        client,
        "post",
        f"/api/organizations/{world.cell_b.pk}/close",
        {"closed_on": str(timezone.localdate())},
    )
    assert closing.status_code == 400
    assert closing.json()["detail"].startswith("Còn 2 đảng viên đang sinh hoạt.")
    client.force_login(world.users["member"])
    assert (
        _json(
            client, "post", f"/api/organizations/{world.cell_b.pk}/move", {"parent_id": world.committee.pk}
        ).status_code
        == 404
    )

import pytest

from chuyende.common.models import ApiToken
from tests.world import build_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return build_world()


def _token(client, username):
    response = client.post(
        "/api/auth/token",
        {"username": username, "password": "mat-khau-thu-nghiem"},
        content_type="application/json",
    )
    assert response.status_code == 201
    return {"Authorization": f"Bearer {response.json()['token']}"}


def test_openapi_and_docs_are_served(client):
    spec = client.get("/api/openapi.json").json()
    assert "/api/members" in spec["paths"]
    assert client.get("/api/docs").status_code == 200


def test_without_credentials_is_401_in_vietnamese(client):
    response = client.get("/api/members")
    assert response.status_code == 401
    assert response.json() == {"detail": "Chưa đăng nhập hoặc mã truy cập không hợp lệ."}


def test_wrong_password_gets_no_token(client, world):
    response = client.post(
        "/api/auth/token", {"username": "dangvien", "password": "sai"}, content_type="application/json"
    )
    assert response.status_code == 403
    assert ApiToken.objects.count() == 0


def test_token_is_stored_hashed_and_works(client, world):
    headers = _token(client, "dangvien")
    key = headers["Authorization"].split()[1]
    assert not ApiToken.objects.filter(key_hash=key).exists()
    me = client.get("/api/me", headers=headers).json()
    assert me["username"] == "dangvien"
    assert me["member"]["full_name"] == "Huỳnh Thị Ngọc Ánh"


def test_revoked_token_is_refused(client, world):
    headers = _token(client, "dangvien")
    from django.utils import timezone

    ApiToken.objects.update(revoked_at=timezone.now())
    assert client.get("/api/me", headers=headers).status_code == 401


def test_members_are_scoped_and_searchable_without_accents(client, world):
    headers = _token(client, "bithu")
    data = client.get("/api/members", {"q": "doan van thang"}, headers=headers).json()
    assert [m["full_name"] for m in data["items"]] == ["Đoàn Văn Thắng"]
    outsider = client.get("/api/members", {"q": "xuan"}, headers=headers).json()
    assert outsider["items"] == []


def test_member_cannot_read_another_cell_or_contact_details_of_a_mate(client, world):
    headers = _token(client, "dangvien")
    assert client.get(f"/api/members/{world.member_b.pk}", headers=headers).status_code == 404
    mate = client.get(f"/api/members/{world.member_a2.pk}", headers=headers).json()
    assert "email" not in mate
    own = client.get(f"/api/members/{world.member_a.pk}", headers=headers).json()
    assert own["email"] == "anh@example.vn"


def test_organization_outside_scope_is_404(client, world):
    headers = _token(client, "bithu-phapche")
    assert client.get(f"/api/organizations/{world.cell_b.pk}", headers=headers).status_code == 404
    assert (
        client.get(f"/api/organizations/{world.cell_a.pk}", headers=headers).json()["name"]
        == world.cell_a.name
    )


def test_create_member_needs_management_rights(client, world):
    payload = {"full_name": "Lê Văn Mới", "cell_id": world.cell_a.pk}
    refused = client.post(
        "/api/members", payload, content_type="application/json", headers=_token(client, "dangvien")
    )
    assert refused.status_code == 403
    assert refused.json() == {"detail": "Bạn không có quyền thêm đảng viên vào chi bộ này."}
    created = client.post(
        "/api/members", payload, content_type="application/json", headers=_token(client, "vanphong")
    )
    assert created.status_code == 201
    assert created.json()["cell_id"] == world.cell_a.pk


def test_session_auth_write_needs_csrf(world):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(world.users["clerk"])
    response = client.post(
        "/api/members", {"full_name": "X Y", "cell_id": world.cell_a.pk}, content_type="application/json"
    )
    assert response.status_code in (401, 403)


def test_import_through_the_api(client, world, django_capture_on_commit_callbacks):
    headers = _token(client, "vanphong")
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile(
        "ds.csv",
        "Họ và tên,Chi bộ\nLê Quang Vinh,Phòng Nghiệp vụ Pháp chế\n".encode(),
        content_type="text/csv",
    )
    preview = client.post(
        f"/api/organizations/{world.committee.pk}/member-imports", {"file": upload}, headers=headers
    )
    assert preview.status_code == 201, preview.content
    assert preview.json()["counts"]["create"] == 1
    with django_capture_on_commit_callbacks(execute=True):
        started = client.post(f"/api/member-imports/{preview.json()['id']}/apply", headers=headers)
    assert (started.json()["status"], started.json()["progress"]) == ("applying", 0)
    applied = client.get(f"/api/member-imports/{preview.json()['id']}", headers=headers)
    assert (applied.json()["status"], applied.json()["progress"]) == ("applied", 100)
    refused = client.post(
        f"/api/member-imports/{preview.json()['id']}/apply", headers=_token(client, "dangvien")
    )
    assert refused.status_code == 404

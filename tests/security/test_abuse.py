"""Brute force on the login form and the token endpoint; the Content-Security-Policy."""

import pytest

from chuyende.common.models import AuditEntry, LoginLockout
from tests import factories as f
from tests.world import build_world

pytestmark = pytest.mark.django_db

PASSWORD = "mat-khau-thu-nghiem"
LOCKED = (
    "Đăng nhập tạm khoá vì nhập sai mật khẩu nhiều lần. Hãy thử lại sau 15 phút, "
    "hoặc nhờ văn phòng cấp uỷ mở khoá."
)


@pytest.fixture
def world():
    return build_world()


def _form(client, username, password, address="10.0.0.1"):
    return client.post("/dang-nhap/", {"username": username, "password": password}, REMOTE_ADDR=address)


def _token(client, username, password, address="10.0.0.1"):
    return client.post(
        "/api/auth/token", {"username": username, "password": password},
        content_type="application/json", REMOTE_ADDR=address,
    )  # fmt: skip


def test_five_wrong_passwords_lock_the_account_even_for_the_right_one(client, world):
    for _ in range(4):
        assert "mật khẩu chính xác" in _form(client, "dangvien", "sai").content.decode()
    response = _form(client, "dangvien", "sai")
    assert LOCKED in response.content.decode()
    response = _form(client, "dangvien", PASSWORD)
    assert response.status_code == 200  # the form again, not the redirect of a login
    assert LOCKED in response.content.decode()
    response = _token(client, "dangvien", PASSWORD, address="10.9.9.9")  # another address, same account
    assert (response.status_code, response.json()) == (429, {"detail": LOCKED})
    lockout = LoginLockout.objects.get()
    assert (lockout.kind, lockout.key, lockout.failures, lockout.user) == (
        "account", "dangvien", 5, world.users["member"]
    )  # fmt: skip
    entry = AuditEntry.objects.get(action="auth.lockout")
    assert entry.changes == {"kind": "account", "key": "dangvien", "failures": 5, "address": "10.0.0.1"}
    assert _form(client, "bithu", PASSWORD).status_code == 302  # other accounts are not affected


def test_the_token_endpoint_counts_too(client, world):
    for _ in range(4):
        assert _token(client, "bithu", "sai").status_code == 403
    assert (_token(client, "bithu", "sai").status_code, _token(client, "bithu", PASSWORD).status_code) == (
        429,
        429,
    )


def test_twenty_failures_from_one_address_lock_the_address(client, world):
    for n in range(20):
        _token(client, f"khong-co-{n}", "sai", address="10.0.0.7")
    response = _token(client, "bithu", PASSWORD, address="10.0.0.7")
    assert (response.status_code, response.json()) == (429, {"detail": LOCKED})
    assert _token(client, "bithu", PASSWORD, address="10.0.0.8").status_code == 201
    assert list(LoginLockout.objects.values_list("kind", "key")) == [("address", "10.0.0.7")]


def test_the_office_unlocks_a_member_and_the_right_password_works_again(client, world):
    for _ in range(5):
        _form(client, "dangvien", "sai")
    office = f.user("vanphong-chibo")
    client.force_login(world.users["clerk"])  # office of the committee above the member's cell
    page = client.get("/khoa-dang-nhap/").content.decode()
    assert "dangvien" in page and "Huỳnh Thị Ngọc Ánh" in page
    lockout = LoginLockout.objects.get()
    client.force_login(office)  # no role: neither sees nor lifts it
    assert "dangvien" not in client.get("/khoa-dang-nhap/").content.decode()
    assert client.post("/khoa-dang-nhap/", {"lockout": lockout.pk}).status_code == 404
    client.force_login(world.users["clerk"])
    assert client.post("/khoa-dang-nhap/", {"lockout": lockout.pk}).status_code == 302
    lockout.refresh_from_db()
    assert (lockout.unlocked_by, AuditEntry.objects.filter(action="auth.unlock").count()) == (
        world.users["clerk"], 1
    )  # fmt: skip
    client.logout()
    assert _form(client, "dangvien", PASSWORD).status_code == 302


def test_pages_carry_a_content_security_policy_without_inline_scripts(client, world):
    client.force_login(world.users["clerk"])
    response = client.get("/")
    policy = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "unsafe-inline" not in policy.split("script-src")[1].split(";")[0]
    assert "object-src 'none'" in policy
    html = response.content.decode()
    assert "<script>" not in html and " onclick=" not in html

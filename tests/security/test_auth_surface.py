"""The login surface an attacker tries first (docs/security.md, section "Đăng nhập"): where a login
sends you, whether a planted session survives it, logging out by a link, forged cross-site
posts on every page and on the API's session auth, and the headers that keep the pages out of
frames and their cookies out of scripts."""

import pytest
from django.conf import settings
from django.contrib.sessions.backends.db import SessionStore
from django.test import Client

from tests.security.matrix import web_routes
from tests.world import build_world

pytestmark = pytest.mark.django_db
PASSWORD = "mat-khau-thu-nghiem"


@pytest.fixture
def world():
    return build_world()


@pytest.mark.parametrize(
    "target",
    ["https://ke-gian.example/", "//ke-gian.example/", "/\\ke-gian.example/", "https:ke-gian.example",
     "javascript:alert(1)", "\thttps://ke-gian.example/"],
)  # fmt: skip
def test_login_never_sends_you_to_another_site(client, world, target):
    response = client.post(
        f"/dang-nhap/?next={target}", {"username": "dangvien", "password": PASSWORD, "next": target}
    )
    assert (response.status_code, response["Location"]) == (302, "/")


def test_login_follows_a_next_inside_the_site(client, world):
    response = client.post(
        "/dang-nhap/", {"username": "dangvien", "password": PASSWORD, "next": "/tham-luan/"}
    )
    assert (response.status_code, response["Location"]) == (302, "/tham-luan/")


def test_a_session_planted_before_login_is_not_the_one_after(client, world):
    planted = SessionStore()
    planted["chosen_by"] = "ke-gian"
    planted.create()
    client.cookies[settings.SESSION_COOKIE_NAME] = planted.session_key
    response = client.post("/dang-nhap/", {"username": "dangvien", "password": PASSWORD})
    assert response.status_code == 302
    after = client.cookies[settings.SESSION_COOKIE_NAME].value
    assert after != planted.session_key
    assert not SessionStore().exists(planted.session_key)
    planted_client = Client()
    planted_client.cookies[settings.SESSION_COOKIE_NAME] = planted.session_key
    assert planted_client.get("/").status_code == 302  # the planted key is not logged in


def test_logout_by_a_link_does_nothing(client, world):
    client.force_login(world.users["member"])
    assert client.get("/dang-xuat/").status_code == 405
    assert client.get("/").status_code == 200  # still signed in
    assert client.post("/dang-xuat/").status_code == 302
    assert client.get("/").status_code == 302


def _post_routes():
    routes = []
    for route in web_routes():
        if "POST" not in route.methods:
            continue
        url = route.template
        for param in route.params:
            url = url.replace("{%s}" % param.name, "1" if param.kind == "int" else param.values[0])
        routes.append(url)
    return sorted(set(routes))


def test_every_page_that_takes_a_post_refuses_one_without_the_csrf_token(world):
    """A page on another site that posts to ours with the victim's cookies gets 403, on every
    route of the URL resolver that takes a POST (the objects need not exist: the check comes
    first)."""
    routes = _post_routes()
    assert len(routes) >= 60
    forged = Client(enforce_csrf_checks=True)
    forged.force_login(world.users["secretary"])
    anonymous = Client(enforce_csrf_checks=True)
    answers = {
        url: (forged.post(url, {"x": "1"}).status_code, anonymous.post(url, {"x": "1"}).status_code)
        for url in routes
    }
    wrong = {url: codes for url, codes in answers.items() if codes != (403, 403)}
    assert wrong == {}
    page = forged.post(routes[0], {"x": "1"}).content.decode()
    assert "Phiên làm việc" in page or "CSRF" in page or "chống giả mạo" in page


def test_the_api_refuses_a_session_post_without_the_csrf_token_and_takes_a_bearer_one(world):
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.users["clerk"])
    body = {"name": "Chi bộ mới", "kind": "cell", "parent_id": world.committee.pk}
    response = client.post("/api/organizations", body, content_type="application/json")
    assert response.status_code == 403
    assert response.json() == {
        "detail": "Yêu cầu bị từ chối: thiếu mã truy cập hợp lệ hoặc mã chống giả mạo (CSRF) của phiên."
    }
    token = Client().post("/api/auth/token", {"username": "vanphong", "password": PASSWORD},
                          content_type="application/json").json()["token"]  # fmt: skip
    bearer = Client(enforce_csrf_checks=True)
    response = bearer.post(
        "/api/organizations", body, content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {token}"
    )
    assert response.status_code == 201


def test_pages_stay_out_of_other_sites_frames_and_cookies_out_of_scripts(client, world):
    login = client.get("/dang-nhap/")
    assert login["X-Frame-Options"] == "DENY"
    assert login["X-Content-Type-Options"] == "nosniff"
    assert login["Referrer-Policy"] == "same-origin"
    assert login["Cross-Origin-Opener-Policy"] == "same-origin"
    policy = dict(
        part.strip().split(" ", 1) for part in login["Content-Security-Policy"].split(";") if part.strip()
    )
    assert (policy["frame-ancestors"], policy["form-action"], policy["object-src"], policy["base-uri"]) == (
        "'self'", "'self'", "'none'", "'self'",
    )  # fmt: skip
    assert login.cookies[settings.CSRF_COOKIE_NAME]["samesite"] == "Lax"
    response = client.post("/dang-nhap/", {"username": "dangvien", "password": PASSWORD})
    session = response.cookies[settings.SESSION_COOKIE_NAME]
    assert (bool(session["httponly"]), session["samesite"]) == (True, "Lax")
    assert int(session["max-age"]) == settings.SESSION_COOKIE_AGE == 12 * 60 * 60


def test_what_a_signed_in_person_sees_is_kept_by_no_cache(client, world):
    """A shared office computer: after a log-out, Back must not show the member's pages again."""
    client.force_login(world.users["member"])
    for url in ("/", "/tham-luan/", "/api/papers/", f"/dang-vien/{world.member_a.pk}/"):
        response = client.get(url)
        assert response.status_code == 200, url
        directives = {d.strip() for d in response["Cache-Control"].split(",")}
        assert {"no-store", "private"} <= directives, url
    client.logout()
    static = client.get("/static/web/app.css")
    assert "no-store" not in static.get("Cache-Control", "")

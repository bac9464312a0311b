"""Error pages speak Vietnamese in the site's layout (English through the catalogue), DEBUG off."""

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from tests.world import build_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return build_world()


def test_missing_page_is_vietnamese_in_the_layout(client, world):
    client.force_login(world.users["member"])
    response = client.get("/khong-co-trang-nay/")
    assert response.status_code == 404
    assert "<h1>Không tìm thấy trang</h1>" in response.text
    assert f'href="{reverse("commitment-list")}"' in response.text  # the site menu
    assert "Not Found" not in response.text


def test_out_of_scope_object_is_the_same_vietnamese_404(client, world):
    client.force_login(world.users["member"])
    response = client.get(reverse("member-detail", args=[world.member_b.pk]))
    assert response.status_code == 404
    assert "<h1>Không tìm thấy trang</h1>" in response.text


def test_refused_page_says_why_in_vietnamese(client, world):
    client.force_login(world.users["member"])
    response = client.get(reverse("commitment-rollup", args=[world.committee.pk]))
    assert response.status_code == 403
    assert "<h1>Không có quyền truy cập</h1>" in response.text
    assert "Bạn không có quyền xem tổng hợp của tổ chức này." in response.text


def test_error_page_in_english_when_english_was_chosen(client, world):
    client.force_login(world.users["member"])
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.get("/khong-co-trang-nay/")
    assert response.status_code == 404
    assert "<h1>Page not found</h1>" in response.text
    assert '<html lang="en">' in response.text


def test_bad_request_is_vietnamese(client, world, settings):
    settings.ALLOWED_HOSTS = ["testserver"]
    response = client.get("/", headers={"host": "ke-la.example"})
    assert response.status_code == 400
    assert "<h1>Yêu cầu không hợp lệ</h1>" in response.text


def test_server_error_is_vietnamese_without_touching_the_database(settings):
    settings.ROOT_URLCONF = "tests.web.error_urls"
    client = Client(raise_request_exception=False)
    response = client.get("/__boom__")
    assert response.status_code == 500
    assert "<h1>Hệ thống gặp sự cố</h1>" in response.text
    assert "không phải do đồng chí" in response.text

import pytest
from django.test import Client
from django.urls import reverse

from tests import factories as f

pytestmark = pytest.mark.django_db


def test_htmx_request_with_an_expired_session_reloads_the_login_page_whole(client):
    response = client.get(reverse("member-list"), {"q": "an"}, headers={"HX-Request": "true"})
    assert response.status_code == 204
    assert response["HX-Redirect"].startswith(reverse("login"))


def test_plain_request_with_an_expired_session_redirects_to_login(client):
    response = client.get(reverse("member-list"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_stale_form_after_the_session_changed_gets_a_vietnamese_explanation():
    user = f.user()
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    response = client.post(reverse("password_change"), {"old_password": "x"})
    assert response.status_code == 403
    assert "Phiên làm việc đã hết hạn" in response.text
    assert "nội dung đồng chí đã nhập vẫn còn trên trang trước" in response.text

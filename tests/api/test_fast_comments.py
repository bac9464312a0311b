"""The comment fast path (api/fast_comments.py) answers a token submission exactly as the endpoint
does, and hands every other request — and every refusal — to the full Django stack."""

import io
import json
import secrets

import pytest
from django.core import signals
from django.core.handlers.wsgi import WSGIHandler
from django.db import close_old_connections

from chuyende.api.fast_comments import CommentFastPath
from chuyende.common.models import ApiToken
from chuyende.consultations.models import Comment
from chuyende.wsgi import application
from tests.consultations.helpers import consultation_for
from tests.world import build_world

pytestmark = pytest.mark.django_db
IGNORED_HEADERS = {"Content-Length", "Expires"}  # Expires is the clock of the answer (no-store pages)


def _token(user) -> str:
    key = secrets.token_urlsafe(24)
    ApiToken.objects.create(user=user, name="test", key_hash=ApiToken.hash_key(key), prefix=key[:8])
    return key


def _call(app, path: str, body: dict | bytes, token: str | None, method: str = "POST"):
    raw = body if isinstance(body, bytes) else json.dumps(body).encode()
    environ = {
        "REQUEST_METHOD": method, "PATH_INFO": path, "SERVER_NAME": "127.0.0.1", "SERVER_PORT": "80",
        "HTTP_HOST": "127.0.0.1", "wsgi.url_scheme": "http", "wsgi.input": io.BytesIO(raw),
        "CONTENT_LENGTH": str(len(raw)), "CONTENT_TYPE": "application/json", "SCRIPT_NAME": "",
        "SERVER_PROTOCOL": "HTTP/1.1", "wsgi.errors": io.StringIO(),
    }  # fmt: skip
    if token:
        environ["HTTP_AUTHORIZATION"] = f"Bearer {token}"
    answered = {}

    def start_response(status, headers):
        answered["status"], answered["headers"] = int(status.split()[0]), headers

    chunks = app(environ, start_response)
    content = b"".join(chunks)
    if hasattr(chunks, "close"):
        chunks.close()
    headers = {k: v for k, v in answered["headers"] if k not in IGNORED_HEADERS}
    return answered["status"], headers, json.loads(content)


@pytest.fixture
def senders():
    """Who started each request: the fast path or Django's WSGI handler. As Django's test client
    does, the connection is not closed between requests (it holds the test's transaction)."""
    seen = []

    def record(sender, **kwargs):
        seen.append(sender)

    signals.request_started.connect(record)
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield seen
    signals.request_started.disconnect(record)
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.fixture
def world():
    from chuyende.api.routers import consultations as api
    from chuyende.consultations.domain import comments

    comments.forget_member_cards()  # ids are reused after each test's rollback
    api._TOKENS.clear()
    api._CONSULTATIONS.clear()
    return build_world()


@pytest.fixture
def setup(world):
    consultation = consultation_for(world)
    return consultation, f"/api/consultations/{consultation.pk}/comments", _token(world.users["member"])


def test_application_is_the_fast_path_around_django():
    assert isinstance(application, CommentFastPath)
    assert isinstance(application.application, WSGIHandler)


def test_fast_path_answers_as_the_endpoint_does(setup, senders):
    consultation, url, token = setup
    body = {"stance": "agree", "text": "Tán thành", "idempotency_key": "k1"}
    status, headers, created = _call(application, url, body, token)
    assert (status, senders) == (201, [CommentFastPath])
    stored = Comment.objects.get(consultation=consultation)
    assert (created["id"], created["stance"], created["text"], created["cell_id"]) == (
        stored.pk, "agree", "Tán thành", stored.cell_id)  # fmt: skip
    fast = _call(application, url, body, token)  # a retry: 200, the same comment
    full = _call(application.application, url, body, token)  # the same retry through Django
    assert fast[0] == full[0] == 200
    assert fast[2] == full[2] == created
    assert fast[1] == full[1]  # the same headers, security headers included
    assert senders == [CommentFastPath, CommentFastPath, WSGIHandler]
    assert Comment.objects.filter(consultation=consultation).count() == 1


def test_refusals_are_answered_by_the_full_stack_with_its_words(setup, senders, world):
    _, url, token = setup
    good = {"stance": "agree", "text": "Tán thành", "idempotency_key": "k2"}
    outsider = _token(world.users["outsider"])
    cases = [
        (good, "not-a-token"),
        (b"{not json", token),
        ({**good, "stance": "maybe"}, token),
        (good, outsider),
    ]
    answers = [_call(application, url, body, key) for body, key in cases]
    assert [(status, answer) for status, _, answer in answers] == [
        # no valid token: session auth, which wants CSRF (Ninja's English "CSRF check Failed" before)
        (
            403,
            {
                "detail": "Yêu cầu bị từ chối: thiếu mã truy cập hợp lệ hoặc mã chống giả mạo (CSRF) của phiên."
            },
        ),
        (400, {"detail": "Không đọc được dữ liệu gửi lên: nội dung phải là JSON hợp lệ (UTF-8)."}),
        (400, {"detail": "Hãy chọn: tán thành, không tán thành hoặc đề nghị sửa đổi."}),
        # outside the audience: the answer of a missing consultation (existence not revealed)
        (404, {"detail": "Không tìm thấy đợt lấy ý kiến này hoặc bạn không có quyền xem."}),
    ]
    django_answers = [_call(application.application, url, body, key) for body, key in cases]
    assert [(s, a) for s, _, a in answers] == [(s, a) for s, _, a in django_answers]
    assert senders == [CommentFastPath, WSGIHandler] * 4 + [WSGIHandler] * 4  # tried, then Django answered
    assert not Comment.objects.exists()


def test_other_requests_go_straight_to_django(setup, senders):
    _, url, token = setup
    _call(application, url, b"", token, method="GET")
    status, _, answer = _call(application, url, {"stance": "agree", "idempotency_key": "k"}, None)
    assert (status, answer) == (
        403,
        {"detail": "Yêu cầu bị từ chối: thiếu mã truy cập hợp lệ hoặc mã chống giả mạo (CSRF) của phiên."},
    )
    assert senders == [WSGIHandler, WSGIHandler]

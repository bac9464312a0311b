"""Two `chuyende serve` processes on different ports share the database, Redis (cache, session
cache, task queue) and the file store: a user logged in on one continues on the other, and a
member moved on one is seen by the other's comment path within MEMBER_TTL seconds (the documented
delay of the hot path's member cache)."""

import json
import os
import re
import secrets
import signal
import subprocess
import time
import urllib.error
import urllib.parse
import urllib.request
from http.cookiejar import CookieJar

import pytest

from chuyende.common.models import ApiToken
from chuyende.consultations.domain.comments import MEMBER_TTL
from chuyende.consultations.models import Comment
from tests.consultations.helpers import consultation_for
from tests.redis_workers import CHUYENDE, process_env, scratch, wait_for
from tests.world import build_world

pytestmark = [pytest.mark.redis, pytest.mark.django_db(transaction=True)]
PASSWORD = "mat-khau-may-chu-doi"


def _free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def two_servers(redis_url, transactional_db):
    """Two app servers (one granian worker each) on free ports, same database, Redis and media."""
    folder = scratch("servers")
    env = process_env(redis_url, folder / "media")
    servers = []
    try:
        for name in ("a", "b"):
            port = _free_port()
            log = open(folder / f"server-{name}.log", "wb")  # noqa: SIM115 - closed with the process
            process = subprocess.Popen([CHUYENDE, "serve", "--port", str(port), "--workers", "1"], env=env,
                                       stdout=log, stderr=subprocess.STDOUT, start_new_session=True)  # fmt: skip
            servers.append((f"http://127.0.0.1:{port}", process))
        for (base, process), name in zip(servers, "ab", strict=True):
            answered = wait_for(lambda b=base, p=process: p.poll() is not None or _status(b + "/healthz") == 200,
                                120, f"{base} to answer")  # fmt: skip
            assert answered and process.poll() is None, (folder / f"server-{name}.log").read_text()[-2000:]
        yield [base for base, _ in servers]
    finally:
        for _, process in servers:
            os.killpg(process.pid, signal.SIGTERM)
            process.wait(timeout=30)


def _status(url: str) -> int | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code
    except OSError:
        return None


class Browser:
    """Cookies shared across servers, as one browser behind a load balancer sees them."""

    def __init__(self):
        self.jar = CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))

    def cookie(self, name: str) -> str:
        return next(c.value for c in self.jar if c.name == name)

    def get(self, url: str) -> tuple[int, str, str]:
        with self.opener.open(url, timeout=10) as response:
            return response.status, response.url, response.read().decode()

    def send(self, method: str, url: str, data: dict | None = None, body: dict | None = None, headers=None):
        encoded = (
            json.dumps(body).encode() if body is not None else urllib.parse.urlencode(data or {}).encode()
        )
        request = urllib.request.Request(url, data=encoded, method=method, headers=headers or {})
        try:
            with self.opener.open(request, timeout=10) as response:
                return response.status, response.url, response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, url, error.read().decode()


def _log_in(browser: Browser, base: str, username: str) -> None:
    _, _, page = browser.get(base + "/dang-nhap/")
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    status, landed, _ = browser.send("POST", base + "/dang-nhap/", {"username": username, "password": PASSWORD,
                                     "csrfmiddlewaretoken": token}, headers={"Referer": base + "/dang-nhap/"})  # fmt: skip
    assert (status, landed.startswith(base + "/dang-nhap/")) == (200, False)


def test_logged_in_on_one_server_continues_on_the_other(two_servers, settings):
    a, b = two_servers
    world = build_world()
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.PBKDF2PasswordHasher"]  # what the servers use
    world.users["secretary"].set_password(PASSWORD)
    world.users["secretary"].save()
    browser = Browser()
    _log_in(browser, a, "bithu")
    status, landed, page = browser.get(b + "/")
    assert (status, landed) == (200, b + "/")
    assert "bithu" in page or "Nguyễn Đức Thành" in page
    _, _, page = browser.get(b + "/dang-nhap/")  # a fresh CSRF token from b, then log out there
    status, _, _ = browser.send("POST", b + "/dang-xuat/", {"csrfmiddlewaretoken": browser.cookie("csrftoken")},
                                headers={"Referer": b + "/"})  # fmt: skip
    assert status == 200
    _, landed, _ = browser.get(a + "/")
    assert urllib.parse.urlparse(landed).path == "/dang-nhap/"  # logged out on a too


def test_member_moved_on_one_server_is_seen_by_the_other_within_member_ttl(two_servers, settings):
    a, b = two_servers
    world = build_world()
    consultation = consultation_for(world)
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.PBKDF2PasswordHasher"]
    world.users["secretary"].set_password(PASSWORD)
    world.users["secretary"].save()
    key = secrets.token_urlsafe(24)
    ApiToken.objects.create(
        user=world.users["member"], name="t", key_hash=ApiToken.hash_key(key), prefix=key[:8]
    )
    member = Browser()
    url = f"{b}/api/consultations/{consultation.pk}/comments"
    headers = {"Authorization": f"Bearer {key}", "Content-Type": "application/json"}

    def comment(n: int) -> int:
        body = {"stance": "agree", "text": f"Tán thành {n}", "idempotency_key": f"k{n}"}
        status, _, payload = member.send("POST", url, body=body, headers=headers)
        assert status == 201, payload
        return Comment.objects.get(pk=json.loads(payload)["id"]).cell_id

    assert comment(0) == world.cell_a.pk  # b has now cached the member's cell
    office = Browser()
    _log_in(office, a, "bithu")
    status, _, payload = office.send("PATCH", f"{a}/api/members/{world.member_a.pk}", body={"cell_id": world.cell_b.pk},
                                     headers={"X-CSRFToken": office.cookie("csrftoken"), "Referer": a + "/",
                                              "Content-Type": "application/json"})  # fmt: skip
    assert status == 200, payload
    moved_at, n = time.monotonic(), 1
    while comment(n) != world.cell_b.pk:
        assert time.monotonic() - moved_at < MEMBER_TTL + 2, "b still files comments under the old cell"
        n += 1
        time.sleep(0.5)
    assert Comment.objects.filter(consultation=consultation).count() == n + 1  # none lost on the way

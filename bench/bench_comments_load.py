"""Load benchmark of comment submission through the HTTP API (issue 6).

For SQLite (a fresh file) and then PostgreSQL (a fresh database), it migrates, seeds a committee
with 64 cells, one member (with an API token) per cell and a published 60-paragraph draft under
consultation, starts the production server (`chuyende serve --workers 2`, granian WSGI) on a free
port of 127.0.0.1 and drives it with 64 concurrent keep-alive clients (threads over raw sockets,
so the client costs little of the two cores it shares with the server):

* a trivial JSON endpoint (`/healthz`, which also asks the database) for a few seconds: baseline;
* comment submission for ~10 s, token auth, each with a fresh idempotency key; every tenth
  request is sent a second time with the same key and must return 200 and the same comment.

Then it counts the rows: every acknowledged comment stored (`lost` = 0) exactly once
(`duplicated` = 0). Writes bench/results/comments_load.json.

Run: `.venv/bin/python -m bench.bench_comments_load` (PostgreSQL must accept
postgres@127.0.0.1:5432 without password; skipped with a note otherwise).
"""

import json
import os
import re
import secrets
import signal
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from bench.common import load_average, percentile, result, save

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
CLIENTS = 64
TRIVIAL_SECONDS = 5
COMMENT_SECONDS = 10
RETRY_EVERY = 10
PG_URL = "postgres://postgres@127.0.0.1:5432/{}"


# --- seeding (runs in a child process with the benchmark's database settings) ---------------------
def seed(out: str) -> None:
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "chuyende.settings")
    django.setup()
    from datetime import timedelta

    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from chuyende.common.actors import SYSTEM
    from chuyende.common.models import ApiToken
    from chuyende.consultations.domain import create_draft, open_consultation, publish_version
    from chuyende.consultations.structure import parse_lines
    from chuyende.orgs.domain import create_member, create_organization
    from chuyende.orgs.domain.members import link_user

    common = {"header_name": "ĐẢNG UỶ", "body_code": "ĐU", "place_name": "Nha Trang"}
    root = create_organization(actor=SYSTEM, parent=None, kind="committee", name="Đảng bộ Khối", **common)
    committee = create_organization(
        actor=SYSTEM, parent=root, kind="committee", name="Đảng bộ Văn phòng", **common
    )
    tokens = []
    for i in range(CLIENTS):
        cell = create_organization(
            actor=SYSTEM, parent=committee, kind="cell", name=f"Chi bộ {i + 1}", **common
        )
        member = create_member(actor=SYSTEM, cell=cell, full_name=f"Nguyễn Văn Thử {i + 1}")
        user = get_user_model().objects.create(username=f"bench{i}")
        link_user(actor=SYSTEM, member=member, user=user)
        key = secrets.token_urlsafe(24)
        ApiToken.objects.create(user=user, name="bench", key_hash=ApiToken.hash_key(key), prefix=key[:8])
        tokens.append(key)
    lines = []
    for part in range(3):
        lines.append(f"Phần {'I' * (part + 1)}. NỘI DUNG {part + 1}")
        lines.extend(
            f"{n + 1}. Đoạn {part * 20 + n + 1} của dự thảo nghị quyết chuyên đề." for n in range(20)
        )
    draft = create_draft(
        actor=SYSTEM, organization=committee, title="Dự thảo Nghị quyết", blocks=parse_lines(lines)
    )
    version = publish_version(actor=SYSTEM, version=draft.versions.get())
    now = timezone.now()
    consultation = open_consultation(
        actor=SYSTEM, version=version, title="Lấy ý kiến", opens_at=now - timedelta(hours=1),
        closes_at=now + timedelta(days=1), organizations=[committee],
    )  # fmt: skip
    blocks = list(version.blocks.filter(kind="paragraph").values_list("uid", flat=True))
    Path(out).write_text(json.dumps({"consultation": consultation.pk, "tokens": tokens, "blocks": blocks}))


# --- a minimal keep-alive HTTP/1.1 client ---------------------------------------------------------
_LENGTH = re.compile(rb"(?i)\r\ncontent-length:\s*(\d+)")


class Connection:
    def __init__(self, port: int):
        self.port = port
        self.sock: socket.socket | None = None
        self.buffer = b""

    def _connect(self) -> socket.socket:
        sock = socket.create_connection(("127.0.0.1", self.port), timeout=30)
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self.buffer = b""
        return sock

    def request(self, method: str, path: str, headers: str = "", body: bytes = b"") -> tuple[int, bytes]:
        if self.sock is None:
            self.sock = self._connect()
        head = f"{method} {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: {len(body)}\r\n{headers}\r\n"
        try:
            self.sock.sendall(head.encode() + body)
            while b"\r\n\r\n" not in self.buffer:
                self._read()
            header, rest = self.buffer.split(b"\r\n\r\n", 1)
            length = int(_LENGTH.search(header).group(1))
            while len(rest) < length:
                rest += self._recv()
            self.buffer = rest[length:]
            return int(header[9:12]), rest[:length]
        except Exception:
            self.close()
            raise

    def _recv(self) -> bytes:
        chunk = self.sock.recv(65536)
        if not chunk:
            raise ConnectionError("server closed the connection")
        return chunk

    def _read(self) -> None:
        self.buffer += self._recv()

    def close(self) -> None:
        if self.sock is not None:
            self.sock.close()
        self.sock = None


def _drive(port: int, seconds: float, make_request) -> dict:
    """Runs CLIENTS threads for `seconds`; make_request(index, n, conn) returns a list of latencies."""
    latencies: list[list[float]] = [[] for _ in range(CLIENTS)]
    errors = [0] * CLIENTS
    deadline = time.perf_counter() + seconds
    start_gate = threading.Barrier(CLIENTS + 1)

    def client(index: int) -> None:
        conn = Connection(port)
        start_gate.wait()
        n = 0
        while time.perf_counter() < deadline:
            try:
                latencies[index].extend(make_request(index, n, conn))
            except Exception as error:  # counted, reported; the run goes on
                errors[index] += 1
                if errors[index] < 3:
                    print(f"client {index}: {error!r}", file=sys.stderr)
            n += 1
        conn.close()

    threads = [threading.Thread(target=client, args=(i,), daemon=True) for i in range(CLIENTS)]
    for thread in threads:
        thread.start()
    start_gate.wait()
    started = time.perf_counter()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    flat = sorted(x for row in latencies for x in row)
    return {
        "requests": len(flat),
        "per_s": len(flat) / elapsed,
        "p50_ms": statistics.median(flat) * 1000 if flat else 0.0,
        "p99_ms": percentile(flat, 0.99) * 1000 if flat else 0.0,
        "errors": sum(errors),
    }


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_listening(port: int, process: subprocess.Popen, timeout: float = 180) -> None:
    deadline = time.time() + timeout
    while time.time() < deadline:
        if process.poll() is not None:
            raise RuntimeError("server exited at start")
        try:
            status, _ = Connection(port).request("GET", "/healthz")
            if status == 200:
                return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"server not listening on {port}")


def run_backend(name: str, env: dict, count_rows) -> dict:
    subprocess.run([str(BIN / "chuyende"), "migrate", "--noinput", "-v", "0"], env=env, check=True, cwd=ROOT)
    with tempfile.NamedTemporaryFile(suffix=".json") as seeded:
        subprocess.run([sys.executable, "-m", "bench.bench_comments_load", "--seed", seeded.name], env=env,
                       check=True, cwd=ROOT)  # fmt: skip
        world = json.loads(Path(seeded.name).read_text())
    port = _free_port()
    server = subprocess.Popen(
        [str(BIN / "chuyende"), "serve", "--port", str(port), "--workers", "2"],
        env=env, cwd=ROOT, stdout=subprocess.DEVNULL, start_new_session=True,
    )  # fmt: skip
    try:
        _wait_listening(port, server)
        trivial = _drive(port, TRIVIAL_SECONDS, lambda i, n, conn: _timed(conn, "GET", "/healthz", 200))
        acknowledged: dict[str, int] = {}
        mismatched = [0]
        url = f"/api/consultations/{world['consultation']}/comments"
        blocks = world["blocks"]

        def comment(index: int, n: int, conn: Connection) -> list[float]:
            key = f"c{index}-{n}"
            body = json.dumps({
                "stance": "propose", "text": f"Đề nghị bổ sung ý số {n} của đồng chí {index}",
                "idempotency_key": key, "target": "paragraph", "block_uid": blocks[(index + n) % len(blocks)],
            }).encode()  # fmt: skip
            headers = f"Authorization: Bearer {world['tokens'][index]}\r\nContent-Type: application/json\r\n"
            began = time.perf_counter()
            status, payload = conn.request("POST", url, headers, body)
            timings = [time.perf_counter() - began]
            if status != 201:
                raise RuntimeError(f"{status} {payload[:200]!r}")
            acknowledged[key] = json.loads(payload)["id"]
            if n % RETRY_EVERY == 0:  # the client did not see the answer and sends it again
                began = time.perf_counter()
                status, payload = conn.request("POST", url, headers, body)
                timings.append(time.perf_counter() - began)
                if status != 200 or json.loads(payload)["id"] != acknowledged[key]:
                    mismatched[0] += 1
            return timings

        comments = _drive(port, COMMENT_SECONDS, comment)
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
    stored = count_rows()
    stored_keys = {key for key, _ in stored}
    counts: dict[str, int] = {}
    for key, _ in stored:
        counts[key] = counts.get(key, 0) + 1
    return {
        f"trivial_per_s_{name}": round(trivial["per_s"], 1),
        f"comments_per_s_{name}": round(comments["per_s"], 1),
        f"comment_p50_ms_{name}": round(comments["p50_ms"], 2),
        f"comment_p99_ms_{name}": round(comments["p99_ms"], 2),
        f"ratio_to_trivial_{name}": round(comments["per_s"] / trivial["per_s"], 3),
        f"errors_{name}": comments["errors"] + trivial["errors"],
        f"lost_{name}": len(set(acknowledged) - stored_keys),
        f"duplicated_{name}": sum(n - 1 for n in counts.values()) + mismatched[0],
        f"acknowledged_{name}": len(acknowledged),
    }


def _timed(conn: Connection, method: str, path: str, expected: int) -> list[float]:
    began = time.perf_counter()
    status, body = conn.request(method, path)
    if status != expected:
        raise RuntimeError(f"{status} {body[:200]!r}")
    return [time.perf_counter() - began]


SQL_KEYS = "SELECT idempotency_key, author_id FROM consultations_comment"


def _sqlite(workdir: Path) -> tuple[dict, object]:
    path = workdir / "bench.sqlite3"
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{path}", "CHUYENDE_HOME": str(workdir)}

    def rows():
        with sqlite3.connect(path) as db:
            return db.execute(SQL_KEYS).fetchall()

    return env, rows


def _postgresql() -> tuple[dict, object, object] | None:
    try:
        import psycopg

        name = f"chuyende_bench_{os.getpid()}"
        with psycopg.connect(PG_URL.format("postgres"), autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
            admin.execute(f'CREATE DATABASE "{name}"')
    except Exception as error:
        print(f"PostgreSQL unavailable, skipped: {error}", file=sys.stderr)
        return None
    env = {**os.environ, "DATABASE_URL": PG_URL.format(name)}

    def rows():
        with psycopg.connect(PG_URL.format(name)) as db:
            return db.execute(SQL_KEYS).fetchall()

    def drop():
        with psycopg.connect(PG_URL.format("postgres"), autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    return env, rows, drop


def run() -> dict:
    """Returns {"name", "date", "machine", "metrics"}; metrics is a flat map of numbers."""
    load_at_start = load_average()
    metrics: dict = {}
    with tempfile.TemporaryDirectory() as workdir:
        env, rows = _sqlite(Path(workdir))
        metrics.update(run_backend("sqlite", env, rows))
    pg = _postgresql()
    if pg is not None:
        env, rows, drop = pg
        try:
            metrics.update(run_backend("postgresql", env, rows))
        finally:
            drop()
    names = [n for n in ("sqlite", "postgresql") if f"errors_{n}" in metrics]
    for total in ("errors", "lost", "duplicated"):
        metrics[total] = sum(metrics[f"{total}_{n}"] for n in names)
    return result(
        "comments_load", metrics, clients=CLIENTS, load_average_at_start=load_at_start,
        note="server, PostgreSQL and the load generator share the same 2 cores",
    )  # fmt: skip


def main() -> dict:
    outcome = run()
    save(outcome)
    return outcome


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "--seed":
        seed(sys.argv[2])
    else:
        main()

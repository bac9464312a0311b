"""`make fuzz`: schemathesis against the live OpenAPI document of a real server.

Builds a scratch database with the demo data (SQLite in a temporary folder, or the database named
by FUZZ_DATABASE_URL), gives the office clerk of the demo a bearer token, starts the production
server on a free port, and runs schemathesis over every operation. Exits non-zero on any 5xx, any
response that does not match the published schema, or fewer than FUZZ_MIN_CALLS calls.

Budget: FUZZ_MAX_EXAMPLES cases per operation (default 15) and FUZZ_MAX_TIME seconds in all
(default 240), so CI stays within a few minutes on a shared machine.
"""

import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

BIN = Path(sys.executable).parent
CHECKS = "not_a_server_error,response_schema_conformance,content_type_conformance"
TOKEN_SNIPPET = """
import secrets
from django.contrib.auth import get_user_model
from chuyende.common.models import ApiToken
user = get_user_model().objects.get(username="vanphong")
key = secrets.token_urlsafe(32)
ApiToken.objects.create(user=user, name="fuzz", key_hash=ApiToken.hash_key(key), prefix=key[:8])
print(key)
"""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def chuyende(env, *args, capture=False) -> str:
    result = subprocess.run(
        [str(BIN / "chuyende"), *args], env=env, check=True, text=True, capture_output=capture
    )
    return result.stdout if capture else ""


def wait_for(url: str, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise SystemExit(f"fuzz: the server did not answer {url} within {seconds:.0f} s")


def count_calls(report: Path) -> int:
    """Number of HTTP calls schemathesis made, from its NDJSON event stream."""
    calls = 0
    for line in report.read_text().splitlines():
        event = json.loads(line)
        scenario = event.get("ScenarioFinished")
        if scenario:
            calls += len(scenario.get("recorder", {}).get("interactions", {}))
    return calls


def main() -> int:
    home = Path(tempfile.mkdtemp(prefix="chuyende-fuzz-"))
    env = {**os.environ, "CHUYENDE_HOME": str(home), "DEBUG": "false", "CHUYENDE_TASKS": "immediate"}
    env.pop("CHUYENDE_PRODUCTION", None)
    if os.environ.get("FUZZ_DATABASE_URL"):
        env["DATABASE_URL"] = os.environ["FUZZ_DATABASE_URL"]
    else:
        env.pop("DATABASE_URL", None)
    port = free_port()
    server = None
    try:
        chuyende(env, "migrate", "--noinput", "--verbosity", "0")
        chuyende(env, "demo")
        token = chuyende(env, "shell", "-c", TOKEN_SNIPPET, capture=True).strip().splitlines()[-1]
        server = subprocess.Popen(
            [str(BIN / "chuyende"), "serve", "--port", str(port), "--workers", "1"],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=open(home / "server.log", "w"),  # noqa: SIM115 (closed with the process)
        )
        base = f"http://127.0.0.1:{port}"
        try:
            wait_for(f"{base}/healthz", seconds=180)  # a loaded CI machine starts granian slowly
        except SystemExit:
            (home / "keep").touch()
            print(f"fuzz: server log kept in {home / 'server.log'}")
            raise
        report = home / "events.ndjson"
        st = subprocess.run(
            [
                str(BIN / "st"),
                "run",
                f"{base}/api/openapi.json",
                "-H",
                f"Authorization: Bearer {token}",
                "--checks",
                CHECKS,
                "--max-examples",
                os.environ.get("FUZZ_MAX_EXAMPLES", "15"),
                "--max-time",
                os.environ.get("FUZZ_MAX_TIME", "240"),
                "--seed",
                os.environ.get("FUZZ_SEED", "15"),
                "--workers",
                "2",
                "--no-shrink",
                "--request-timeout",
                "30",
                "--phases",
                "examples,coverage,fuzzing",
                "--report",
                "ndjson",
                "--report-ndjson-path",
                str(report),
            ],  # fmt: skip
            env=env,
        )
        calls = count_calls(report) if report.exists() else 0
        minimum = int(os.environ.get("FUZZ_MIN_CALLS", "1000"))
        print(f"fuzz: {calls} calls, schemathesis exit code {st.returncode}")
        if st.returncode != 0:
            print(f"fuzz: server log kept in {home / 'server.log'}")
            (home / "keep").touch()
            return st.returncode
        if calls < minimum:
            print(f"fuzz: fewer than {minimum} calls")
            return 1
        return 0
    finally:
        if server is not None:
            server.terminate()
            server.wait(timeout=20)
        if os.environ.get("FUZZ_KEEP") != "1" and not (home / "keep").exists():
            shutil.rmtree(home, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())

"""Real Redis and real worker processes for the tests marked `redis`.

Each test session claims a Redis database number of its own (a claim key set with NX, 15 down to
1), so engineers or CI runs on one machine never take each other's jobs. Worker and server
processes are started with the environment of a deployment: CHUYENDE_TASKS=rq, the claimed
CHUYENDE_REDIS_URL and a DATABASE_URL naming this session's test database (on SQLite a file, see
tests/conftest.py, since another process cannot open an in-memory database).
"""

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from django.db import connection

REDIS_HOST, REDIS_PORT = "127.0.0.1", 6379
CLAIM_KEY = "chuyende:test-session"
CHUYENDE = str(Path(sys.executable).with_name("chuyende"))


_SESSION_DIR: list[Path] = []


def session_dir() -> Path:
    """A scratch folder of this test session (removed at exit). Not pytest's basetemp: other
    sessions running on the machine at the same time prune each other's basetemp folders."""
    if not _SESSION_DIR:
        import atexit
        import shutil
        import tempfile

        _SESSION_DIR.append(Path(tempfile.mkdtemp(prefix="chuyende-processes-")))
        atexit.register(shutil.rmtree, _SESSION_DIR[0], True)
    return _SESSION_DIR[0]


def scratch(name: str) -> Path:
    """A new folder `name-N` inside the session folder."""
    import tempfile

    return Path(tempfile.mkdtemp(prefix=f"{name}-", dir=session_dir()))


def redis_available() -> bool:
    try:
        with socket.create_connection((REDIS_HOST, REDIS_PORT), timeout=1):
            return True
    except OSError:
        return False


def claim_redis_db() -> int:
    """The first database number (15 down to 1) whose claim key this process could set; its
    leftover RQ keys (a crashed earlier run) are removed so no stale job reaches our workers."""
    import redis

    for number in range(15, 0, -1):
        client = redis.Redis(host=REDIS_HOST, port=REDIS_PORT, db=number)
        if client.set(CLAIM_KEY, str(os.getpid()), nx=True, ex=3600):
            stale = list(client.scan_iter("rq:*", count=1000))
            if stale:
                client.delete(*stale)
            return number
    raise RuntimeError("every Redis database 1-15 is claimed by another test session")


def release_redis_db(number: int) -> None:
    import redis

    client = redis.Redis(host=REDIS_HOST, port=REDIS_PORT, db=number)
    keys = list(client.scan_iter("rq:*", count=1000)) + list(client.scan_iter("chuyende*", count=1000))
    if keys:
        client.delete(*keys)


def database_url() -> str:
    """DATABASE_URL of the test database this session created, for another process."""
    data = connection.settings_dict
    if connection.vendor == "sqlite":
        name = str(data["NAME"])
        if name.startswith("file:") or name == ":memory:":
            pytest.fail("the SQLite test database is in memory; tests/conftest.py must make it a file")
        return f"sqlite:///{name}"
    user, host, port = (
        data.get("USER") or "postgres",
        data.get("HOST") or "127.0.0.1",
        data.get("PORT") or 5432,
    )
    password = f":{data['PASSWORD']}" if data.get("PASSWORD") else ""
    return f"postgres://{user}{password}@{host}:{port}/{data['NAME']}"


def process_env(redis_url: str, media_root: Path, **extra: str) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if not key.startswith("PYTEST")}
    env.update(
        DATABASE_URL=database_url(),
        CHUYENDE_TASKS="rq",
        CHUYENDE_REDIS_URL=redis_url,
        MEDIA_ROOT=str(media_root),
        DJANGO_SETTINGS_MODULE="chuyende.settings",
        **extra,
    )
    return env


def children(pid: int) -> list[int]:
    """The child process ids of `pid` (a worker's work-horse while it runs a job)."""
    found = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            found += [int(p) for p in (task / "children").read_text().split()]
        except OSError:
            continue
    return found


def wait_for(condition: Callable[[], object], timeout: float, what: str | Callable[[], str]) -> object:
    """Polls `condition` until it is true; `what` (or what it returns, read only on a time-out)
    names what was awaited."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.1)
    raise AssertionError(f"timed out after {timeout:.0f} s waiting for {what() if callable(what) else what}")


class Workers:
    """`chuyende rqworker` processes on the claimed Redis database, stopped by `stop()`."""

    def __init__(self, env: dict[str, str], log_dir: Path):
        self.env, self.log_dir = env, log_dir
        self.processes: list[subprocess.Popen] = []

    def start(self, count: int = 1) -> list[subprocess.Popen]:
        started = []
        for _ in range(count):
            index = len(self.processes)
            log = open(self.log_dir / f"worker-{index}.log", "ab")  # noqa: SIM115 - closed with the process
            process = subprocess.Popen(
                [CHUYENDE, "rqworker", "--name", f"test-{os.getpid()}-{index}-{time.monotonic_ns()}", "default"],
                env=self.env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
            )  # fmt: skip
            self.processes.append(process)
            started.append(process)
        return started

    def alive(self) -> list[subprocess.Popen]:
        return [p for p in self.processes if p.poll() is None]

    def busy_horse(self) -> int | None:
        """The pid of a work-horse running a job now, if any."""
        for process in self.alive():
            horses = children(process.pid)
            if horses:
                return horses[0]
        return None

    def kill_whole(self, process: subprocess.Popen) -> None:
        """SIGKILL to the worker and its work-horse at once: the machine is gone."""
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=10)

    def stop(self) -> None:
        for process in self.alive():
            process.send_signal(signal.SIGTERM)  # warm shutdown: finish the job in hand
        for process in self.processes:
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait(timeout=10)

    def logs(self) -> str:
        return "\n".join(p.read_text(errors="replace")[-4000:] for p in sorted(self.log_dir.glob("*.log")))


def wait_result(result, timeout: float = 60):
    """Refreshes a task result until it finished (successfully or not); returns it."""
    wait_for(lambda: result.refresh() or result.is_finished, timeout, f"task {result.id} to finish")
    return result


def use_rq_backend(settings, redis_url: str) -> None:
    """Points this process's `django.tasks` at RQ on `redis_url`, as CHUYENDE_TASKS=rq does."""

    settings.TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend"}}
    settings.RQ_QUEUES = {
        "default": {
            "URL": redis_url,
            "DEFAULT_TIMEOUT": 600,
            "QUEUE_CLASS": "chuyende.common.rq.RetryingQueue",
        }
    }
    settings.RQ = {"JOB_CLASS": "django_tasks_rq.Job", "WORKER_CLASS": "chuyende.common.rq.PreloadingWorker"}
    settings.CHUYENDE_TASK_RETRIES = 2
    reset_task_backends()


def reset_task_backends() -> None:
    """Django caches task backends per process and no setting_changed receiver clears them."""
    from asgiref.local import Local
    from django.tasks import task_backends

    task_backends.__dict__.pop("settings", None)
    task_backends._connections = Local(task_backends.thread_critical)


@pytest.fixture(scope="session")
def redis_url():
    number = claim_redis_db()
    yield f"redis://{REDIS_HOST}:{REDIS_PORT}/{number}"
    release_redis_db(number)


@pytest.fixture(scope="module")
def rq_workers(django_db_setup, django_db_blocker, redis_url):
    """Two `chuyende rqworker` processes on this session's test database and Redis database."""
    media, logs = scratch("worker-media"), scratch("worker-logs")
    with django_db_blocker.unblock():
        env = process_env(redis_url, media)
    workers = Workers(env, logs)
    workers.media_root = media
    workers.start(2)
    yield workers
    workers.stop()


@pytest.fixture
def rq_tasks(settings, redis_url, rq_workers, transactional_db):
    """Tasks enqueued in this test go to Redis and run in the worker processes."""
    use_rq_backend(settings, redis_url)
    settings.MEDIA_ROOT = rq_workers.media_root
    if len(rq_workers.alive()) < 2:
        rq_workers.start(2 - len(rq_workers.alive()))
    yield rq_workers
    reset_task_backends()

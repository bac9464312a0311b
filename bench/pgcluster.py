"""A private PostgreSQL cluster for the benchmarks that need one of their own (issue 16).

`private_postgresql()` is a context manager: the first time it runs `initdb` (as the `postgres` OS
user when we are root, since PostgreSQL refuses to run as root) in bench/.work/pg/data, then starts
`postgres` on a free port of 127.0.0.1 (its socket in the same scratch folder, so it never meets
the machine's shared server on 5432) and yields a `Cluster`; it stops the server on the way out —
on success, on an exception and on Ctrl-C alike. The data folder is kept, so a rerun finds the
databases it generated before (bench/.work/ is git-ignored; delete bench/.work/pg to start over).

Settings suit a benchmark on a machine with 24 GB of memory and 2 cores: durable commits
(`fsync` and `synchronous_commit` stay on — the restart test depends on them), large shared
buffers and WAL so checkpoints do not dominate the measurements, no logging of statements.

    from bench.pgcluster import private_postgresql
    with private_postgresql() as pg:
        pg.create_database("x")           # idempotent
        url = pg.url("x")                 # postgres://postgres@127.0.0.1:<port>/x
        pg.restart()                      # pg_ctl restart -m fast (the restart test)
"""

import contextlib
import os
import shutil
import socket
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

PG_BIN = Path(os.environ.get("BENCH_PG_BIN", "/usr/lib/postgresql/15/bin"))
WORK = Path(os.environ.get("BENCH_PG_DIR") or Path(__file__).resolve().parent / ".work" / "pg")
OS_USER = "postgres"

SETTINGS = {
    "listen_addresses": "'127.0.0.1'",
    "max_connections": "200",
    "shared_buffers": "3GB",
    "effective_cache_size": "12GB",
    "work_mem": "64MB",
    "maintenance_work_mem": "1GB",
    "max_wal_size": "16GB",
    "min_wal_size": "1GB",
    "checkpoint_timeout": "30min",
    "checkpoint_completion_target": "0.9",
    "wal_buffers": "64MB",
    "random_page_cost": "1.1",
    "max_parallel_workers_per_gather": "2",
    "jit": "off",
    "fsync": "on",
    "synchronous_commit": "on",
    "full_page_writes": "on",
    "logging_collector": "off",
    "log_min_messages": "warning",
}


def _as_postgres(args: list[str], **kwargs) -> subprocess.CompletedProcess:
    """Runs a PostgreSQL program as the `postgres` OS user when we are root, else as ourselves."""
    prefix = ["runuser", "-u", OS_USER, "--"] if os.geteuid() == 0 else []
    return subprocess.run(prefix + args, **kwargs)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Cluster:
    """A running private cluster: its port, URLs of its databases, restart and stop."""

    def __init__(self, directory: Path, port: int):
        self.directory = directory
        self.data = directory / "data"
        self.port = port
        self.log = directory / "postgres.log"

    def url(self, database: str) -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/{database}"

    def connect(self, database: str = "postgres", **kwargs):
        import psycopg

        return psycopg.connect(self.url(database), **kwargs)

    def has_database(self, name: str) -> bool:
        with self.connect(autocommit=True) as admin:
            return (
                admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone() is not None
            )

    def create_database(self, name: str, *, fresh: bool = False) -> bool:
        """Creates `name` unless it exists (drops it first when `fresh`); True when created now."""
        with self.connect(autocommit=True) as admin:
            if fresh:
                admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            elif admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
                return False
            admin.execute(f'CREATE DATABASE "{name}"')
            return True

    def drop_database(self, name: str) -> None:
        with self.connect(autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    def _pg_ctl(self, *args: str, check: bool = True) -> subprocess.CompletedProcess:
        return _as_postgres([str(PG_BIN / "pg_ctl"), "-D", str(self.data), *args], check=check,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip

    def start(self) -> None:
        options = f"-p {self.port} -k {self.directory}"
        self._pg_ctl("-l", str(self.log), "-o", options, "-w", "-t", "300", "start")
        self.wait_ready()

    def stop(self) -> None:
        self._pg_ctl("-m", "fast", "-w", "-t", "120", "stop", check=False)

    def restart(self) -> float:
        """Fast shutdown (open connections are cut, the WAL is flushed) and start; returns the
        seconds the server was unavailable."""
        began = time.perf_counter()
        options = f"-p {self.port} -k {self.directory}"
        self._pg_ctl("-l", str(self.log), "-o", options, "-m", "fast", "-w", "-t", "300", "restart")
        self.wait_ready()
        return time.perf_counter() - began

    def wait_ready(self, timeout: float = 300) -> None:
        deadline = time.time() + timeout
        while time.time() < deadline:
            try:
                with self.connect(connect_timeout=2):
                    return
            except Exception:
                time.sleep(0.2)
        raise RuntimeError(f"private PostgreSQL not ready on port {self.port}; see {self.log}")


def _init(directory: Path) -> None:
    data = directory / "data"
    directory.mkdir(parents=True, exist_ok=True)
    if (data / "PG_VERSION").exists():
        return
    if data.exists():  # an interrupted initdb: start over
        shutil.rmtree(data)
    if os.geteuid() == 0:
        shutil.chown(directory, OS_USER, OS_USER)
    _as_postgres(
        [str(PG_BIN / "initdb"), "-D", str(data), "-U", "postgres", "--auth=trust", "-E", "UTF8",
         "--locale=C.UTF-8"],
        check=True, stdout=subprocess.DEVNULL,
    )  # fmt: skip
    conf = "\n".join(f"{key} = {value}" for key, value in SETTINGS.items())
    with (data / "postgresql.conf").open("a") as file:
        file.write("\n# bench/pgcluster.py\n" + conf + "\n")


@contextlib.contextmanager
def private_postgresql(directory: Path = WORK) -> Iterator[Cluster]:
    """Initialises (once) and starts the private cluster on a free port; always stops it."""
    _init(directory)
    cluster = Cluster(directory, free_port())
    # Another run may be using the folder (or one killed hard left its server running): never
    # take over a running server, say how to stop it.
    if cluster._pg_ctl("status", check=False).returncode == 0:
        raise RuntimeError(
            f"a private PostgreSQL already runs on {cluster.data}; if no benchmark uses it: "
            f"runuser -u postgres -- {PG_BIN}/pg_ctl -D {cluster.data} -m fast stop"
        )
    try:
        cluster.start()
        yield cluster
    finally:
        cluster.stop()


if __name__ == "__main__":  # a quick check: start, print the version, stop
    with private_postgresql() as pg, pg.connect() as db:
        print(pg.port, db.execute("SELECT version()").fetchone()[0])

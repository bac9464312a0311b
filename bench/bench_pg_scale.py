"""Cost as the work grows, on a private PostgreSQL (issue 16).

Starts its own PostgreSQL (bench/pgcluster.py: initdb as the `postgres` user in bench/.work/pg,
a free port, always stopped at the end; the machine's shared server on 5432 is never touched) and
measures three things. Generated data stays in bench/.work/pg between runs; a rerun only
regenerates what is missing (the databases carry a `bench_meta` row once complete).

1. **Ingest at 10 M comments** (`ingest_10m_ratio`). Two databases seeded like comments_load (a
   committee, 64 cells with one member and API token each, a 60-paragraph draft under
   consultation): `pgscale_empty` (recreated every run, empty comment table) and `pgscale_10m`,
   where 10,000,000 comments are preloaded *into the very consultation the clients write to* with
   INSERT … SELECT generate_series (bench/pgscale_data.py). One production server per database
   (`chuyende serve --workers 2`, the real API path) is driven by 64 keep-alive clients for a few
   seconds each, alternating empty / loaded (E L E L … E, four loaded rounds); the ratio is the
   median over the loaded rounds of the loaded rate over the mean of the empty rounds around it. Both servers run on the same 2 cores, so the ratio cancels most of the
   machine's load.
2. **Restart in the middle of a load run** (`restart_lost`, `restart_duplicated`,
   `restart_acknowledged`). 64 clients post comments to the empty database's server; after a few
   seconds the private PostgreSQL is restarted (`pg_ctl restart -m fast`). A client that gets an
   error or a broken connection retries *the same request with the same idempotency key* until it
   is answered 201 or 200. Afterwards every acknowledged key must be stored once, with the id the
   client was given.
3. **Roll-ups at national size**: the acknowledgement, yearly-grade and commitment roll-ups the
   pages and API run (documents.acknowledgement_rollup, meetings dashboard.yearly_grades,
   commitments rollup_for), asked at the root of a generated organisation of 200,000 members
   (10,700 cells) and of 5,600,000 members (300,000 cells, 60 provinces, 6,000 grassroots
   committees); p50/p99 of each and `rollup_growth_ratio` (the largest p99 ratio large/small).
   The baseline is a primary-key lookup in the same database.

Run: `.venv/bin/python -m bench.bench_pg_scale` (writes bench/results/pg_scale.json). The first run
generates ~10 M comments and 5.6 M members (several minutes); `BENCH_PG_SCALE_PRELOAD` and
`BENCH_PG_SCALE_SIZES` (e.g. "200k") make a quick check smaller.
"""

import json
import os
import signal
import statistics
import subprocess
import sys
import threading
import time
from datetime import date
from pathlib import Path

from bench.bench_comments_load import CLIENTS, Connection, _drive, _wait_listening
from bench.common import load_average, percentile, result, save
from bench.pgcluster import Cluster, free_port, private_postgresql

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
PRELOAD = int(os.environ.get("BENCH_PG_SCALE_PRELOAD", "10000000"))
# name: (provinces, committees per province, cells per committee, members)
SIZES = {"200k": (2, 107, 50, 200_000), "5600k": (60, 100, 50, 5_600_000)}
SELECTED_SIZES = [s for s in os.environ.get("BENCH_PG_SCALE_SIZES", "200k,5600k").split(",") if s]
INGEST_SECONDS = 6
INGEST_ROUNDS = 4
RESTART_SECONDS = 24
RESTART_AFTER = 8
TODAY = date(2025, 6, 20)
# BENCH_PG_SCALE_ONLY=rollups re-measures the roll-ups only and keeps the other metrics of the last run.
ROLLUPS_ONLY = os.environ.get("BENCH_PG_SCALE_ONLY") == "rollups"
RESULT_FILE = ROOT / "bench" / "results" / "pg_scale.json"


def _env(pg: Cluster, database: str) -> dict:
    home = pg.directory.parent / f"{pg.directory.name}-home"
    home.mkdir(parents=True, exist_ok=True)
    return {**os.environ, "DATABASE_URL": pg.url(database), "CHUYENDE_HOME": str(home),
            "DJANGO_SETTINGS_MODULE": "chuyende.settings"}  # fmt: skip


def _state(pg: Cluster, name: str) -> Path:
    """A file kept beside the cluster's folder (bench/.work/pg-world_10m.json)."""
    return pg.directory.parent / f"{pg.directory.name}-{name}"


def _meta(pg: Cluster, database: str, key: str) -> dict | None:
    if not pg.has_database(database):
        return None
    with pg.connect(database) as db:
        if db.execute("SELECT to_regclass('bench_meta')").fetchone()[0] is None:
            return None
        row = db.execute("SELECT value FROM bench_meta WHERE key = %s", [key]).fetchone()
    return json.loads(row[0]) if row else None


def _run(args: list[str], env: dict) -> None:
    subprocess.run(args, env=env, cwd=ROOT, check=True)


def _seeded(pg: Cluster, database: str, world_path: Path, *, fresh: bool) -> dict:
    """Creates, migrates and seeds `database` like comments_load; returns the seeded world."""
    pg.create_database(database, fresh=fresh)
    env = _env(pg, database)
    _run([str(BIN / "chuyende"), "migrate", "--noinput", "-v", "0"], env)
    _run([sys.executable, "-m", "bench.bench_comments_load", "--seed", str(world_path)], env)
    return json.loads(world_path.read_text())


def prepare_comments(pg: Cluster) -> tuple[dict, dict, dict]:
    """(empty world, loaded world, preload info); the loaded database is generated once."""
    empty = _seeded(pg, "pgscale_empty", _state(pg, "world_empty.json"), fresh=True)
    loaded_path = _state(pg, "world_10m.json")
    info = _meta(pg, "pgscale_10m", "comments")
    if info is None or info["comments"] != PRELOAD or not loaded_path.exists():
        print(f"preloading {PRELOAD:,} comments (once)", flush=True)
        _seeded(pg, "pgscale_10m", loaded_path, fresh=True)
        _run([sys.executable, "-m", "bench.pgscale_data", "comments", str(loaded_path), str(PRELOAD)],
             _env(pg, "pgscale_10m"))  # fmt: skip
        info = _meta(pg, "pgscale_10m", "comments")
    loaded = json.loads(loaded_path.read_text())
    for database in ("pgscale_empty", "pgscale_10m"):  # the seeded window may have closed since
        with pg.connect(database) as db:
            db.execute("UPDATE consultations_consultation SET closes_at = now() + interval '1 day'")
    return empty, loaded, info or {}


def prepare_organisation(pg: Cluster, size: str) -> dict:
    database = f"pgscale_org_{size}"
    info = _meta(pg, database, "organisation")
    if info is None:
        print(f"generating the {size} organisation (once)", flush=True)
        pg.create_database(database, fresh=True)
        _run([sys.executable, "-m", "bench.pgscale_data", "organisation", *map(str, SIZES[size])],
             _env(pg, database))  # fmt: skip
        info = _meta(pg, database, "organisation")
    assert info is not None
    return info


# --- servers and clients ----------------------------------------------------------------------------
class Server:
    def __init__(self, env: dict):
        self.port = free_port()
        self.process = subprocess.Popen(
            [str(BIN / "chuyende"), "serve", "--port", str(self.port), "--workers", "2"],
            env=env, cwd=ROOT, stdout=subprocess.DEVNULL, start_new_session=True,
        )  # fmt: skip

    def __enter__(self) -> "Server":
        _wait_listening(self.port, self.process)
        return self

    def __exit__(self, *exc) -> None:
        os.killpg(self.process.pid, signal.SIGTERM)
        self.process.wait(timeout=30)


def _body(world: dict, key: str, index: int, n: int) -> bytes:
    blocks = world["blocks"]
    return json.dumps({
        "stance": "propose", "text": f"Đề nghị bổ sung ý số {n} của đồng chí {index}", "idempotency_key": key,
        "target": "paragraph", "block_uid": blocks[(index + n) % len(blocks)],
    }).encode()  # fmt: skip


def _headers(world: dict, index: int) -> str:
    return f"Authorization: Bearer {world['tokens'][index]}\r\nContent-Type: application/json\r\n"


def ingest_rate(port: int, world: dict, tag: str) -> dict:
    url = f"/api/consultations/{world['consultation']}/comments"

    def comment(index: int, n: int, conn: Connection) -> list[float]:
        began = time.perf_counter()
        status, payload = conn.request(
            "POST", url, _headers(world, index), _body(world, f"{tag}-{index}-{n}", index, n)
        )
        if status != 201:
            raise RuntimeError(f"{status} {payload[:200]!r}")
        return [time.perf_counter() - began]

    return _drive(port, INGEST_SECONDS, comment)


def measure_ingest(pg: Cluster, empty: dict, loaded: dict) -> dict:
    run_tag = f"i{int(time.time())}"
    rates: dict[str, list[float]] = {"empty": [], "10m": []}
    p99: dict[str, list[float]] = {"empty": [], "10m": []}
    errors = 0
    with Server(_env(pg, "pgscale_empty")) as server_empty, Server(_env(pg, "pgscale_10m")) as server_10m:
        for name, server, world in (("empty", server_empty, empty), ("10m", server_10m, loaded)):
            _drive(
                server.port,
                2,
                lambda i, n, c, s=server, w=world, nm=name: _warm(c, w, f"{run_tag}w{nm}", i, n),
            )
        # empty, loaded, empty, loaded, …, empty: each loaded round is compared with the mean of
        # the empty rounds just before and after it, which cancels a drift of the machine's load.
        plan = [("empty", server_empty, empty)]
        for _ in range(INGEST_ROUNDS):
            plan += [("10m", server_10m, loaded), ("empty", server_empty, empty)]
        for round_, (name, server, world) in enumerate(plan):
            outcome = ingest_rate(server.port, world, f"{run_tag}r{round_}")
            rates[name].append(outcome["per_s"])
            p99[name].append(outcome["p99_ms"])
            errors += outcome["errors"]
            print(f"ingest {name} round {round_}: {outcome['per_s']:.0f}/s", flush=True)
    ratios = [
        loaded_rate / ((rates["empty"][i] + rates["empty"][i + 1]) / 2)
        for i, loaded_rate in enumerate(rates["10m"])
    ]
    empty_rate, loaded_rate = statistics.median(rates["empty"]), statistics.median(rates["10m"])
    return {
        "ingest_empty_per_s": round(empty_rate, 1),
        "ingest_10m_per_s": round(loaded_rate, 1),
        "ingest_10m_ratio": round(statistics.median(ratios), 3),
        "ingest_empty_p99_ms": round(statistics.median(p99["empty"]), 1),
        "ingest_10m_p99_ms": round(statistics.median(p99["10m"]), 1),
        "ingest_errors": errors,
    }


def _warm(conn: Connection, world: dict, tag: str, index: int, n: int) -> list[float]:
    url = f"/api/consultations/{world['consultation']}/comments"
    conn.request("POST", url, _headers(world, index), _body(world, f"{tag}-{index}-{n}", index, n))
    return [0.0]


# --- restart in the middle of a load run ------------------------------------------------------------
def measure_restart(pg: Cluster, world: dict) -> dict:
    url = f"/api/consultations/{world['consultation']}/comments"
    tag = f"r{int(time.time())}"
    acknowledged: dict[str, int] = {}
    mismatched = [0]
    failures = [0]
    retried = [0]
    lock = threading.Lock()
    with Server(_env(pg, "pgscale_empty")) as server:
        stop_at = time.perf_counter() + RESTART_SECONDS
        give_up_at = stop_at + 120

        def client(index: int) -> None:
            conn = Connection(server.port)
            n = 0
            while time.perf_counter() < stop_at:
                key = f"{tag}-{index}-{n}"
                body, headers = _body(world, key, index, n), _headers(world, index)
                attempts = 0
                while True:  # the same request, same key, until the server answers it
                    attempts += 1
                    try:
                        status, payload = conn.request("POST", url, headers, body)
                    except Exception:
                        status, payload = 0, b""
                        conn.close()
                    if status in (200, 201):
                        stored_id = json.loads(payload)["id"]
                        with lock:
                            if key in acknowledged and acknowledged[key] != stored_id:
                                mismatched[0] += 1
                            acknowledged[key] = stored_id
                            retried[0] += attempts > 1
                        break
                    if time.perf_counter() > give_up_at:
                        with lock:
                            failures[0] += 1
                        break
                    time.sleep(0.1)
                n += 1
            conn.close()

        threads = [threading.Thread(target=client, args=(i,), daemon=True) for i in range(CLIENTS)]
        for thread in threads:
            thread.start()
        time.sleep(RESTART_AFTER)
        down_s = pg.restart()
        print(f"restarted the private PostgreSQL ({down_s:.1f} s)", flush=True)
        for thread in threads:
            thread.join()
    with pg.connect("pgscale_empty") as db:
        rows = db.execute(
            "SELECT idempotency_key, id FROM consultations_comment WHERE idempotency_key LIKE %s",
            [f"{tag}-%"],
        ).fetchall()
    stored: dict[str, list[int]] = {}
    for key, pk in rows:
        stored.setdefault(key, []).append(pk)
    lost = sum(1 for key in acknowledged if key not in stored)
    duplicated = sum(len(ids) - 1 for ids in stored.values()) + mismatched[0]
    duplicated += sum(1 for key, pk in acknowledged.items() if key in stored and stored[key] != [pk])
    return {
        "restart_acknowledged": len(acknowledged),
        "restart_lost": lost,
        "restart_duplicated": duplicated,
        "restart_requests_retried": retried[0],
        "restart_unanswered": failures[0],
        "restart_down_s": round(down_s, 2),
    }


# --- roll-ups ---------------------------------------------------------------------------------------
def rollups_child() -> None:
    """In a Django process pointed at one organisation database: times the three roll-ups."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "chuyende.settings")
    import django

    django.setup()
    from django.db import connection

    from chuyende.commitments.domain import rollup_for
    from chuyende.documents.domain import acknowledgement_rollup
    from chuyende.documents.models import OfficialDocument
    from chuyende.meetings.interfaces.dashboard import yearly_grades
    from chuyende.orgs.models import Member, Organization

    with connection.cursor() as cursor:
        cursor.execute("SELECT value FROM bench_meta WHERE key = 'organisation'")
        info = json.loads(cursor.fetchone()[0])
    document = OfficialDocument.objects.get(pk=info["document"])
    out: dict[str, float] = {}
    # At the root (one row per cell of the whole organisation) and at the first province (≈5,000
    # cells in both generated sizes: the same answer from a table 28 times larger).
    for scope, pk in (("root", 1), ("province", 2)):
        organization = Organization.objects.get(pk=pk)
        members = Member.objects.filter(cell__path__startswith=organization.path).count()
        cells = Organization.objects.filter(path__startswith=organization.path, kind="cell").count()

        children = Organization.objects.filter(parent=organization).count()

        def ack(organization=organization, members=members, children=children):
            # One row per direct child (its whole subtree), read from the per-cell counters.
            result = acknowledgement_rollup(document, [organization.path])
            assert result.total == members and len(result.rows) == children, (result.total, len(result.rows))

        def grades(organization=organization, cells=cells, children=children):
            # One row per direct child (its whole subtree), read from the per-cell grade counters.
            rows = yearly_grades(organization, 2025)
            graded = sum(row[2] for row in rows)
            assert len(rows) == children and graded == 12 * cells, (len(rows), graded)

        def commitments(organization=organization, members=members):
            rollup = rollup_for(organization, TODAY)
            assert rollup.total.items == 2 * members, rollup.total.items

        out[f"{scope}_cells"] = cells
        for name, action in (("ack", ack), ("grade", grades), ("commitment", commitments)):
            action()  # warm-up: the caches of a running server
            samples = []
            budget = time.perf_counter() + 45
            while len(samples) < 30 and (len(samples) < 5 or time.perf_counter() < budget):
                began = time.perf_counter()
                action()
                samples.append((time.perf_counter() - began) * 1000)
            out[f"{name}_{scope}_p50_ms"] = round(statistics.median(samples), 2)
            out[f"{name}_{scope}_p99_ms"] = round(percentile(samples, 0.99), 2)
            out[f"{name}_{scope}_runs"] = len(samples)
            print(name, scope, out[f"{name}_{scope}_p50_ms"], file=sys.stderr, flush=True)
    baseline = []
    for pk in range(1, 2001, 20):
        began = time.perf_counter()
        Member.objects.get(pk=pk)
        baseline.append((time.perf_counter() - began) * 1000)
    out["baseline_pk_lookup_p50_ms"] = round(statistics.median(baseline), 3)
    print("ROLLUPS " + json.dumps(out), flush=True)


def measure_rollups(pg: Cluster, size: str) -> dict:
    info = prepare_organisation(pg, size)
    # Databases generated before a schema change get the new migrations (their data migrations
    # fill new counters from the generated rows with set-based SQL).
    _run([str(BIN / "chuyende"), "migrate", "--noinput", "-v", "0"], _env(pg, f"pgscale_org_{size}"))
    with pg.connect(f"pgscale_org_{size}", autocommit=True) as db:  # what autovacuum does on a live
        for table in ("documents_acknowledgementcounter", "meetings_gradecounter", "meetings_meeting"):
            db.execute(f"VACUUM ANALYZE {table}")  # server: the visibility map makes scans index-only
    completed = subprocess.run(
        [sys.executable, "-m", "bench.bench_pg_scale", "--rollups"], env=_env(pg, f"pgscale_org_{size}"),
        cwd=ROOT, check=True, capture_output=True, text=True,
    )  # fmt: skip
    line = next(x for x in completed.stdout.splitlines() if x.startswith("ROLLUPS "))
    timings = json.loads(line.removeprefix("ROLLUPS "))
    metrics = {f"rollup_{size}_members": info["members"], f"rollup_{size}_cells": info["cells"]}
    metrics |= {_size_key(key, size): value for key, value in timings.items()}
    metrics[f"rollup_{size}_generate_s"] = info.get("generate_s", 0)
    return metrics


def _size_key(key: str, size: str) -> str:
    """ack_p99_ms → ack_rollup_p99_ms_5600k: the size last, the unit before it."""
    name, _, rest = key.partition("_")
    if name in ("ack", "grade", "commitment"):
        return f"{name}_rollup_{rest}_{size}"
    return f"{key}_{size}"


def run() -> dict:
    load_at_start = load_average()
    metrics: dict = {}
    extra: dict = {}
    with private_postgresql() as pg:
        if ROLLUPS_ONLY:
            # Only the roll-ups are measured again; the ingest and restart metrics are kept from the
            # previous result file (their run date is recorded as `ingest_restart_run`).
            previous = json.loads(RESULT_FILE.read_text())
            metrics.update(
                {k: v for k, v in previous["metrics"].items() if not ("rollup" in k or k.startswith("root_")
                 or k.startswith("province_") or k.startswith("baseline_pk"))}
            )  # fmt: skip
            extra["ingest_restart_run"] = previous["machine"].get("ingest_restart_run", previous["date"])
        else:
            empty, loaded, preload = prepare_comments(pg)
            metrics["preloaded_comments"] = preload.get("comments", 0)
            metrics["preload_s"] = preload.get("generate_s", 0)
            with pg.connect("pgscale_10m") as db:  # storage of one comment with all its indexes
                size, rows = db.execute(
                    "SELECT pg_total_relation_size('consultations_comment'), reltuples FROM pg_class"
                    " WHERE relname = 'consultations_comment'"
                ).fetchone()
            metrics["comment_bytes_with_indexes"] = round(size / max(rows, 1))
            metrics.update(measure_ingest(pg, empty, loaded))
            metrics.update(measure_restart(pg, empty))
        for size in SELECTED_SIZES:
            metrics.update(measure_rollups(pg, size))
        if {"200k", "5600k"} <= set(SELECTED_SIZES):
            for scope in ("root", "province"):
                for name in ("ack", "grade", "commitment"):
                    metrics[f"{name}_rollup_{scope}_growth_ratio"] = round(
                        metrics[f"{name}_rollup_{scope}_p99_ms_5600k"]
                        / metrics[f"{name}_rollup_{scope}_p99_ms_200k"],
                        2,
                    )
            metrics["rollup_growth_ratio"] = max(
                metrics[f"{name}_rollup_root_growth_ratio"] for name in ("ack", "grade", "commitment")
            )
            metrics["rollup_growth_ratio_province"] = max(
                metrics[f"{name}_rollup_province_growth_ratio"] for name in ("ack", "grade", "commitment")
            )
    return result(
        "pg_scale", metrics, database="postgresql (private cluster, bench/pgcluster.py)", clients=CLIENTS,
        load_average_at_start=load_at_start, load_average_at_end=load_average(),
        note="server, private PostgreSQL and load generator share the same 2 cores with other engineers",
        **extra,
    )  # fmt: skip


def main() -> dict:
    outcome = run()
    save(outcome)
    return outcome


if __name__ == "__main__":
    if sys.argv[1:] == ["--rollups"]:
        rollups_child()
    elif sys.argv[1:] == ["--prepare"]:
        with private_postgresql() as cluster:
            prepare_comments(cluster)
            for size in SELECTED_SIZES:
                prepare_organisation(cluster, size)
    else:
        main()

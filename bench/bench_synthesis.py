"""Benchmark of comment synthesis (issue 17): counts plus grouping by idea, sharded by paragraph.

Scale: on a fresh SQLite file it seeds a 60-paragraph draft under consultation and generated
comments (tests/consultations/generated.py: each label is one idea on one paragraph, written many
ways; one stance per idea; every tenth comment posted on the whole draft), then times the run
(`synthesis.run.execute_run`, inline: counts, whole-draft placement, one shard per paragraph,
merge step) at 100,000 comments, a rerun after 1 % new comments, and 1,000,000 comments
(SYNTHESIS_MAX, e.g. 300000, for a shorter run). Peak memory is the process's maximum RSS (it
includes the generated rows the benchmark itself holds, so it overstates the run's own need).

Workers (SYNTHESIS_WORKERS=1, which `make bench` sets; needs Redis on 127.0.0.1:6379): the same
comments of the largest size are then synthesized again, once with 1 and once with 2 `chuyende
rqworker` processes (CHUYENDE_TASKS=rq: the run's task prepares, queues one `synthesize_shard` task
per paragraph, and the last shard merges), the worker count being the only difference; each is
timed from the enqueue to the run's end, workers already started. They share the benchmark's
SQLite file (WAL), and each of the three runs of the largest size (inline, 1 worker, 2 workers)
starts from the same copy of it, taken before the inline one: like is compared with like (a
first run writes every comment's group into pages filled to the brim, a run after a reset finds
room left in them and writes faster). Redis database SYNTHESIS_REDIS_DB (default 9, claimed with the
tests' claim key so a test session does not take it) is flushed before and after; no other one is
touched. Without Redis the step is skipped with a message saying so.

Quality: purity and completeness on the HELD-OUT half of the hand-written labelled set
(tests/consultations/labelled_comments.json) only — the tuning half chose the thresholds.
The 1-minute load average at start and end is recorded: the machine is shared.

Run: `.venv/bin/python -m bench.bench_synthesis`.
"""

import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
import zlib
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
SIZES = [100_000, int(os.environ.get("SYNTHESIS_MAX", "1000000"))]
WORKDIR = tempfile.mkdtemp(prefix="chuyende-synthesis-")
os.environ["DATABASE_URL"] = f"sqlite:///{WORKDIR}/synthesis.sqlite3"
os.environ["CHUYENDE_HOME"] = WORKDIR
REDIS_HOST, REDIS_PORT = "127.0.0.1", 6379
REDIS_DB = int(os.environ.get("SYNTHESIS_REDIS_DB", "9"))
CLAIM_KEY = "chuyende:test-session"  # the key tests/redis_workers.py claims a database with


def redis_reachable() -> bool:
    import socket

    try:
        with socket.create_connection((REDIS_HOST, REDIS_PORT), timeout=1):
            return True
    except OSError:
        return False


def claim_redis():
    """The Redis database of this benchmark, claimed (so a test session does not take it) and
    emptied; only this database is ever flushed."""
    import redis

    client = redis.Redis(host=REDIS_HOST, port=REDIS_PORT, db=REDIS_DB)
    owner = client.get(CLAIM_KEY)
    if not client.set(CLAIM_KEY, f"bench-{os.getpid()}", nx=True, ex=3600):
        raise RuntimeError(f"Redis database {REDIS_DB} is claimed by {owner!r}: set SYNTHESIS_REDIS_DB")
    client.flushdb()
    client.set(CLAIM_KEY, f"bench-{os.getpid()}", ex=3600)
    return client


WORKERS = os.environ.get("SYNTHESIS_WORKERS", "") == "1"
if WORKERS and not redis_reachable():
    print(
        f"!! SKIPPED synthesis with workers: no Redis at {REDIS_HOST}:{REDIS_PORT} "
        "(synthesis_*_1worker_s / _2workers_s not measured)",
        file=sys.stderr,
        flush=True,
    )
    WORKERS = False
elif not WORKERS:
    print("synthesis with workers not measured (set SYNTHESIS_WORKERS=1; needs Redis)", flush=True)
if WORKERS:
    # This process only enqueues (its inline runs call execute_run directly); workers run the tasks.
    os.environ["CHUYENDE_TASKS"] = "rq"
    os.environ["CHUYENDE_REDIS_URL"] = f"redis://{REDIS_HOST}:{REDIS_PORT}/{REDIS_DB}"
    os.environ["CHUYENDE_CACHE_PREFIX"] = f"bench-synthesis-{os.getpid()}"
    # Claimed before Django starts: nothing this process queues may reach another session's workers.
    REDIS = claim_redis()
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "chuyende.settings")
subprocess.run([str(Path(sys.executable).parent / "chuyende"), "migrate", "-v", "0"], check=True, cwd=ROOT)

import django  # noqa: E402

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.utils import timezone  # noqa: E402
from tests.consultations.generated import generate  # noqa: E402

from bench.common import load_average, result, save  # noqa: E402
from chuyende.common.actors import SYSTEM  # noqa: E402
from chuyende.consultations.domain import create_draft, open_consultation, publish_version  # noqa: E402
from chuyende.consultations.models import Comment, SynthesisRun  # noqa: E402
from chuyende.consultations.structure import parse_lines  # noqa: E402
from chuyende.consultations.synthesis.grouping import group_comments, purity_and_completeness  # noqa: E402
from chuyende.consultations.synthesis.run import execute_run  # noqa: E402
from chuyende.orgs.domain import create_organization  # noqa: E402

COLUMNS = [
    "consultation_id", "author_id", "cell_id", "channel", "agreeing_members", "submitter_name", "target",
    "block_uid", "section_uid", "quoted_text", "stance", "text", "proposed_wording", "idempotency_key",
    "submitted_hash", "status", "revision", "created_at", "updated_at", "suggested_block_uid", "placement_confirmed",
]  # fmt: skip
STANCES = ["agree", "disagree", "propose", "propose"]


def stance_of(label: str) -> str:
    return STANCES[zlib.crc32(label.encode()) % 4]


def seed():
    common = {"header_name": "ĐẢNG UỶ", "body_code": "ĐU", "place_name": "Nha Trang"}
    root = create_organization(actor=SYSTEM, parent=None, kind="committee", name="Đảng bộ Khối", **common)
    cells = [
        create_organization(actor=SYSTEM, parent=root, kind="cell", name=f"Chi bộ {i}", **common)
        for i in range(20)
    ]
    lines = [f"{n + 1}. Đoạn {n + 1} của dự thảo nghị quyết." for n in range(60)]
    draft = create_draft(actor=SYSTEM, organization=root, title="Dự thảo", blocks=parse_lines(lines))
    version = publish_version(actor=SYSTEM, version=draft.versions.get())
    now = timezone.now()
    consultation = open_consultation(
        actor=SYSTEM, version=version, title="Lấy ý kiến", opens_at=now - timedelta(days=1),
        closes_at=now + timedelta(days=1), organizations=[root],
    )  # fmt: skip
    uids = list(version.blocks.order_by("position").values_list("uid", flat=True))
    user = get_user_model().objects.create(username="bench")
    return consultation, uids, [c.pk for c in cells], user


def insert(consultation, uids, cells, user, rows, start):
    now = timezone.now()
    stamp = connection.ops.adapt_datetimefield_value(now)
    sql = (
        f"INSERT INTO consultations_comment ({', '.join(COLUMNS)}) "
        f"VALUES ({', '.join(['%s'] * len(COLUMNS))})"
    )
    params = []
    for n, (scope, text, label) in enumerate(rows, start=start):
        uid, target = (uids[int(scope[1:])], "paragraph") if n % 10 else ("", "draft")
        params.append((
            consultation.pk, user.pk, cells[n % len(cells)], "online", 0, "", target, uid, "", "",
            stance_of(label), text, "", f"k{n}", "", "active", 1, stamp, stamp, "", False,
        ))  # fmt: skip
    with transaction.atomic(), connection.cursor() as cursor:
        for i in range(0, len(params), 20_000):
            cursor.executemany(sql, params[i : i + 20_000])


def timed_run(consultation) -> tuple[float, SynthesisRun]:
    run = SynthesisRun.objects.create(consultation=consultation)
    started = time.perf_counter()
    execute_run(run.pk)
    elapsed = time.perf_counter() - started
    run.refresh_from_db()
    assert run.status == "done", (run.status, run.error)
    return elapsed, run


def scale_quality(consultation, labels: list[str]) -> tuple[float, float]:
    """On the generated set (eight ideas a paragraph differing only by their object)."""
    clusters: dict[object, list[int]] = {}
    rows = Comment.objects.filter(consultation=consultation).values_list("pk", "group_id", "idempotency_key")
    by_pk = {}
    for pk, group_id, key in rows.iterator(chunk_size=50_000):
        by_pk[pk] = labels[int(key[1:])]
        clusters.setdefault(group_id if group_id is not None else ("single", pk), []).append(pk)
    return purity_and_completeness(list(clusters.values()), by_pk)


def start_workers(count: int, client) -> list[subprocess.Popen]:
    """`count` `chuyende rqworker` processes on the benchmark's database and Redis database,
    returned once each has registered with Redis (start-up is not part of the timing)."""
    from rq import Worker

    env = {**os.environ, "CHUYENDE_TASKS": "rq", "DJANGO_SETTINGS_MODULE": "chuyende.settings"}
    processes = [
        subprocess.Popen(
            [
                str(Path(sys.executable).parent / "chuyende"),
                "rqworker",
                "--name",
                f"bench-{os.getpid()}-{i}",
                "default",
            ],
            env=env,
            cwd=ROOT,
            stdout=open(Path(WORKDIR) / f"worker-{count}-{i}.log", "ab"),  # noqa: SIM115
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )  # fmt: skip
        for i in range(count)
    ]
    deadline = time.monotonic() + 120
    while len(Worker.all(connection=client)) < count:
        if time.monotonic() > deadline or any(p.poll() is not None for p in processes):
            stop_workers(processes)
            raise RuntimeError("the rq workers did not start: see " + WORKDIR)
        time.sleep(0.2)
    return processes


def stop_workers(processes: list[subprocess.Popen]) -> None:
    import signal

    for process in processes:
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
    for process in processes:
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=10)


def reset(consultation) -> None:
    """Back to before any run: no groups, no runs (the next run is a first run, from scratch)."""
    from chuyende.consultations.models import CommentGroup

    Comment.objects.filter(consultation=consultation).update(group=None)
    CommentGroup.objects.filter(consultation=consultation).delete()
    SynthesisRun.objects.filter(consultation=consultation).delete()


DB_FILE = Path(WORKDIR) / "synthesis.sqlite3"
SNAPSHOT = Path(WORKDIR) / "before-largest.sqlite3"


def snapshot() -> None:
    """The database as the largest inline run finds it, copied aside: each run on workers starts
    from the same bytes (a first run writes into comment pages filled to the brim; a run after a
    reset would find room left in them, and write faster)."""
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    connection.close()
    shutil.copyfile(DB_FILE, SNAPSHOT)
    os.sync()


def restore() -> None:
    connection.close()
    for suffix in ("-wal", "-shm"):
        Path(f"{DB_FILE}{suffix}").unlink(missing_ok=True)
    shutil.copyfile(SNAPSHOT, DB_FILE)
    os.sync()  # the copy written out before the clock starts, not while it runs


def workers_run(consultation, count: int, client) -> tuple[float, SynthesisRun]:
    """Seconds from enqueueing the run's task to its end, with `count` workers sharing it, from
    the database the largest inline run started from."""
    from chuyende.consultations.tasks import synthesize

    restore()
    client.delete(*(list(client.scan_iter("rq:*")) or ["-"]))
    processes = start_workers(count, client)
    try:
        run = SynthesisRun.objects.create(consultation=consultation)
        started = time.perf_counter()
        synthesize.enqueue(run.pk)
        while True:
            run.refresh_from_db(fields=["status", "error"])
            if run.status not in ("queued", "running"):
                break
            if not any(p.poll() is None for p in processes):
                raise RuntimeError("every worker died: see " + WORKDIR)
            time.sleep(0.05)
        elapsed = time.perf_counter() - started
    finally:
        stop_workers(processes)
    run.refresh_from_db()
    log = (Path(WORKDIR) / f"worker-{count}-0.log").read_text()[-3000:]
    assert run.status == "done", (run.status, run.error, log)
    return elapsed, run


def held_out_quality() -> tuple[float, float]:
    from tests.consultations.labelled import PARAGRAPHS, comments

    rows = comments("held-out")
    groups = group_comments([(i, scope, stance, text) for i, scope, stance, text, _ in rows], PARAGRAPHS)
    return purity_and_completeness([g.comment_ids for g in groups], {i: label for i, *_, label in rows})


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run() -> dict:
    """Returns {"name", "date", "machine", "metrics"}; metrics is a flat map of numbers."""
    load_at_start = load_average()
    metrics: dict = {"load_1min_at_start": load_at_start}
    purity, completeness = held_out_quality()
    metrics["held_out_purity"], metrics["held_out_completeness"] = round(purity, 4), round(completeness, 4)
    consultation, uids, cells, user = seed()
    first, extra = SIZES[0], SIZES[0] // 100
    rows = generate(SIZES[-1] + extra, paragraphs=60, topics_per_paragraph=8, seed=6)
    labels = [label for _, _, label in rows]
    insert(consultation, uids, cells, user, rows[:first], 0)
    metrics["synthesis_100k_s"], synthesis = timed_run(consultation)
    metrics["groups_100k"] = synthesis.result["groups"]
    metrics["placed_100k"] = synthesis.result["placed_comments"]
    insert(consultation, uids, cells, user, rows[first : first + extra], first)
    metrics["synthesis_100k_rerun_1pct_s"], rerun = timed_run(consultation)
    metrics["rerun_ratio"] = round(metrics["synthesis_100k_rerun_1pct_s"] / metrics["synthesis_100k_s"], 3)
    metrics["load_1min_after_100k"] = load_average()
    # Written now too, so a long 1M step cut short still leaves the 100k figures on record.
    save(result("synthesis", {k: round(v, 2) if isinstance(v, float) and "purity" not in k
                              and "completeness" not in k else v for k, v in metrics.items()},
                load_average_at_start=load_at_start, database="sqlite"))  # fmt: skip
    if SIZES[-1] > first:
        insert(consultation, uids, cells, user, rows[first + extra :], first + extra)
        largest = "1m" if SIZES[-1] == 1_000_000 else f"{SIZES[-1] // 1000}k"
        reset(consultation)  # a first run, from scratch
        snapshot()
        metrics[f"load_1min_before_{largest}"] = load_average()
        metrics[f"synthesis_{largest}_s"], synthesis = timed_run(consultation)
        metrics[f"groups_{largest}"] = synthesis.result["groups"]
        metrics[f"synthesis_{largest}_peak_mb"] = round(peak_mb(), 1)
        metrics[f"load_1min_after_{largest}"] = load_average()
    if WORKERS:
        largest = "1m" if SIZES[-1] == 1_000_000 else f"{SIZES[-1] // 1000}k"
        client = REDIS
        if not SNAPSHOT.exists():  # no larger inline run took it
            reset(consultation)
            snapshot()
        try:
            metrics["load_1min_before_workers"] = load_average()
            one, synthesis = workers_run(consultation, 1, client)
            metrics[f"synthesis_{largest}_1worker_s"], metrics[f"groups_{largest}_1worker"] = (
                one,
                synthesis.result["groups"],
            )
            metrics["load_1min_between_workers"] = load_average()
            two, synthesis = workers_run(consultation, 2, client)
            metrics[f"synthesis_{largest}_2workers_s"], metrics[f"groups_{largest}_2workers"] = (
                two,
                synthesis.result["groups"],
            )
            metrics["workers_speedup_ratio"] = round(two / one, 3)
            if f"synthesis_{largest}_s" in metrics:  # against one process without a queue
                metrics["workers_2_to_inline_ratio"] = round(two / metrics[f"synthesis_{largest}_s"], 3)
            metrics["load_1min_after_workers"] = load_average()
        finally:
            client.flushdb()
    purity, completeness = scale_quality(consultation, labels)
    metrics["generated_purity"], metrics["generated_completeness"] = round(purity, 4), round(completeness, 4)
    metrics["load_1min_at_end"] = load_average()
    metrics = {k: round(v, 2) if isinstance(v, float) and "purity" not in k and "completeness" not in k else v
               for k, v in metrics.items()}  # fmt: skip
    return result("synthesis", metrics, load_average_at_start=load_at_start, database="sqlite")


def main() -> dict:
    outcome = run()
    save(outcome)
    return outcome


if __name__ == "__main__":
    try:
        main()
    finally:
        if WORKERS:
            REDIS.flushdb()  # our own database only (the claim key goes with it)

        shutil.rmtree(WORKDIR, ignore_errors=True)

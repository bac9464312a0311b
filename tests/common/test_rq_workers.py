"""The same `django.tasks` code on RQ: real `chuyende rqworker` processes on the machine's Redis run
each kind of long work, and a worker killed in the middle of a job neither loses it nor applies it
twice (tests/redis_workers.py starts the processes)."""

import io
import os
import signal
import time
from datetime import date, timedelta

import pytest
from django_rq import get_queue
from pypdf import PdfReader
from rq.registry import FinishedJobRegistry, StartedJobRegistry

from chuyende.archive.domain import create_volume, start_build
from chuyende.archive.enums import BuildStatus
from chuyende.archive.models import SearchEntry, VolumeBuild
from chuyende.archive.tasks import index_archive_task
from chuyende.commitments.models import ReminderDigest
from chuyende.commitments.tasks import send_reminder_digests
from chuyende.common.actors import SYSTEM
from chuyende.common.models import AuditEntry
from chuyende.consultations.domain import start_synthesis, submit_comment
from chuyende.consultations.enums import RunStatus
from chuyende.consultations.models import CommentGroup
from chuyende.orgs.domain import preview_member_import, start_member_import
from chuyende.orgs.models import Member, MemberImport
from tests.archive.papers import paper_with_versions
from tests.commitments.helpers import commitment, item, resolution
from tests.consultations.helpers import consultation_for, paragraph
from tests.redis_workers import wait_for, wait_result
from tests.world import build_world

pytestmark = [pytest.mark.redis, pytest.mark.django_db(transaction=True)]


def _finished_job(build: VolumeBuild):
    """The finished RQ job that compiled `build`. The build row says "done" a moment before the
    worker files the job as finished in Redis, so this waits for the registry."""

    def find():
        queue = get_queue("default")
        for job_id in FinishedJobRegistry(queue=queue).get_job_ids():
            job = queue.fetch_job(job_id)
            if (
                job is not None
                and job.func_name.endswith("compile_volume_task")
                and list(job.args) == [build.pk]
            ):
                return job
        return None

    return wait_for(find, 30, "the finished job that compiled build %s" % build.pk)


def _volume(world, papers: int, paragraphs: int):
    sentence = "Đảng viên đăng ký nêu gương, tự phê bình và phê bình; khắc phục biểu hiện nể nang, né tránh."
    keys = []
    for n in range(papers):
        paper = paper_with_versions(world.cell_a, [[f"{sentence} ({n}.{k})" for k in range(paragraphs)]],
                                    title=f"Tham luận {n + 1}")  # fmt: skip
        keys.append(f"paper:{paper.current_version_id}")
    return create_volume(organization=world.committee, title="Tập tham luận", year=2026, item_keys=keys,
                         actor=SYSTEM)  # fmt: skip


def _compile(volume, django_capture_on_commit_callbacks) -> VolumeBuild:
    with django_capture_on_commit_callbacks(execute=True):
        return start_build(volume=volume, actor=SYSTEM)


def test_volume_compiles_on_a_worker_process(rq_tasks, django_capture_on_commit_callbacks):
    world = build_world()
    build = _compile(_volume(world, papers=2, paragraphs=5), django_capture_on_commit_callbacks)
    wait_for(lambda: VolumeBuild.objects.filter(pk=build.pk, status=BuildStatus.DONE).exists(), 90,
             lambda: "the build to be done\n" + rq_tasks.logs())  # fmt: skip
    build.refresh_from_db()
    assert (build.progress, build.parts_rendered) == (100, 2)
    assert len(PdfReader(io.BytesIO(build.pdf)).pages) == build.page_count


def test_work_horse_killed_mid_compile_is_retried_once_to_effect(
    rq_tasks, django_capture_on_commit_callbacks
):
    world = build_world()
    volume = _volume(world, papers=8, paragraphs=120)
    build = _compile(volume, django_capture_on_commit_callbacks)
    wait_for(lambda: VolumeBuild.objects.filter(pk=build.pk, status=BuildStatus.RUNNING).exists(), 60,
             "the build to start")  # fmt: skip
    horse = wait_for(rq_tasks.busy_horse, 30, "a busy work-horse")
    os.kill(horse, signal.SIGKILL)
    wait_for(lambda: VolumeBuild.objects.filter(pk=build.pk, status=BuildStatus.DONE).exists(), 180,
             lambda: "the retried build to be done\n" + rq_tasks.logs())  # fmt: skip
    build.refresh_from_db()
    job = _finished_job(build)
    assert (job.retries_left, [r.type.name for r in job.results()]) == (1, ["SUCCESSFUL"])  # one retry spent
    assert "Work-horse terminated unexpectedly; waitpid returned 9 (signal 9)" in rq_tasks.logs()
    assert len(PdfReader(io.BytesIO(build.pdf)).pages) == build.page_count
    assert VolumeBuild.objects.filter(volume=volume).count() == 1
    assert AuditEntry.objects.filter(action="archive.volume_build_started").count() == 1


def test_whole_worker_killed_mid_compile_job_goes_back_to_the_queue(
    rq_tasks, django_capture_on_commit_callbacks
):
    world = build_world()
    build = _compile(_volume(world, papers=8, paragraphs=120), django_capture_on_commit_callbacks)
    wait_for(lambda: VolumeBuild.objects.filter(pk=build.pk, status=BuildStatus.RUNNING).exists(), 60,
             "the build to start")  # fmt: skip
    horse = wait_for(rq_tasks.busy_horse, 30, "a busy work-horse")
    [owner] = [p for p in rq_tasks.alive() if horse in _children_of(p.pid)]
    rq_tasks.kill_whole(owner)  # worker and work-horse gone at once, as when the machine is lost
    queue = get_queue("default")
    registry = StartedJobRegistry(queue=queue, job_class=queue.job_class)
    assert len(registry.get_job_ids()) == 1  # abandoned: nobody reports on it any more
    # What any worker's registry clean-up does once the dead worker's heartbeat (≤ 90 s) expires.
    registry.cleanup(timestamp=time.time() + 120)
    wait_for(lambda: VolumeBuild.objects.filter(pk=build.pk, status=BuildStatus.DONE).exists(), 180,
             lambda: "the re-queued build to be done\n" + rq_tasks.logs())  # fmt: skip
    build.refresh_from_db()
    assert len(PdfReader(io.BytesIO(build.pdf)).pages) == build.page_count
    assert VolumeBuild.objects.filter(pk=build.pk).count() == 1


def _children_of(pid: int) -> list[int]:
    from tests.redis_workers import children

    return children(pid)


def test_synthesis_runs_on_a_worker_process(rq_tasks, django_capture_on_commit_callbacks):
    world = build_world()
    consultation = consultation_for(world)
    uid = paragraph(consultation).uid
    texts = [
        "Đề nghị bổ sung trách nhiệm nêu gương của người đứng đầu cấp uỷ",
        "Tôi đề nghị bổ sung trách nhiệm nêu gương của người đứng đầu cấp ủy",
        "Làm rõ lộ trình số hoá hồ sơ đảng viên",
    ]
    for i, text in enumerate(texts):
        submit_comment(actor=world.users[("member", "cell_secretary", "secretary")[i]], consultation=consultation,
                       stance="propose", text=text, idempotency_key=f"k{i}", target="paragraph", block_uid=uid)  # fmt: skip
    with django_capture_on_commit_callbacks(execute=True):
        run = start_synthesis(actor=world.users["clerk"], consultation=consultation)
    wait_for(lambda: run.refresh_from_db() or run.status in (RunStatus.DONE, RunStatus.FAILED), 90,
             lambda: "the synthesis run\n" + rq_tasks.logs())  # fmt: skip
    assert (run.status, run.result["total"], run.result["groups"]) == (RunStatus.DONE, 3, 1)
    sizes = sorted(CommentGroup.objects.filter(consultation=consultation).values_list("size", flat=True))
    assert sizes == [1, 2]  # the two paraphrases together, the other idea alone


def test_reminder_digests_and_archive_index_run_on_workers_and_twice_is_harmless(rq_tasks):
    world = build_world()
    today = date(2025, 6, 20)
    basis = resolution(world.committee)
    commitment(world.cell_a, world.member_a, basis=basis,
               items=[item(today - timedelta(days=9), responsible=world.member_a)])  # fmt: skip
    paper_with_versions(world.cell_a, [["Chi bộ đăng ký nêu gương."]])
    first = [send_reminder_digests.enqueue(today.isoformat()), index_archive_task.enqueue()]
    digests, indexed = [wait_result(r).return_value for r in first]
    assert (digests, ReminderDigest.objects.filter(day=today).count()) == (2, 2)
    assert indexed == SearchEntry.objects.count() > 0
    again = [send_reminder_digests.enqueue(today.isoformat()), index_archive_task.enqueue()]
    assert [wait_result(r).return_value for r in again] == [0, 0]
    assert all(r.status == "SUCCESSFUL" for r in first + again)
    assert len({r.worker_ids[0] for r in first + again}) >= 1


def test_member_import_killed_mid_way_finishes_on_retry_with_each_member_once(
    rq_tasks, django_capture_on_commit_callbacks
):
    world = build_world()
    names = [f"Nguyễn Văn Nhập {i}" for i in range(1500)]
    csv = "Họ và tên,Chi bộ\n" + "".join(f"{name},Phòng Nghiệp vụ Pháp chế\n" for name in names)
    preview = preview_member_import(
        actor=world.users["clerk"], organization=world.committee, file_name="ds.csv", content=csv.encode()
    )
    with django_capture_on_commit_callbacks(execute=True):
        start_member_import(actor=world.users["clerk"], member_import=preview)
    wait_for(
        lambda: MemberImport.objects.filter(pk=preview.pk, progress__gt=0).exists(),
        120,
        "the import to start",
    )
    horse = rq_tasks.busy_horse()
    killed = (
        horse is not None and MemberImport.objects.get(pk=preview.pk).status == MemberImport.Status.APPLYING
    )
    if killed:
        os.kill(horse, signal.SIGKILL)
    wait_for(lambda: MemberImport.objects.filter(pk=preview.pk, status=MemberImport.Status.APPLIED).exists(), 300,
             lambda: "the import to be applied\n" + rq_tasks.logs())  # fmt: skip
    assert killed, "the import finished before the work-horse could be killed"
    assert Member.objects.filter(full_name__startswith="Nguyễn Văn Nhập").count() == 1500
    assert Member.objects.filter(full_name__startswith="Nguyễn Văn Nhập", user__isnull=False).count() == 1500
    assert AuditEntry.objects.filter(action="member.create").count() == 1500 + 5  # the world's five

"""A synthesis run left RUNNING by a worker that died is finished by the retried task, once."""

from chuyende.consultations.domain import submit_comment
from chuyende.consultations.enums import RunStatus
from chuyende.consultations.models import CommentGroup, SynthesisRun
from chuyende.consultations.synthesis.run import execute_run

from .helpers import consultation_for, paragraph

TEXTS = [
    "Đề nghị bổ sung trách nhiệm nêu gương của người đứng đầu cấp uỷ",
    "Tôi đề nghị bổ sung trách nhiệm nêu gương của người đứng đầu cấp ủy",
    "Làm rõ lộ trình số hoá hồ sơ đảng viên",
]


def test_a_run_left_running_by_a_dead_worker_is_finished_by_the_retry(world):
    consultation = consultation_for(world)
    uid = paragraph(consultation).uid
    for i, text in enumerate(TEXTS):
        submit_comment(actor=world.users[("member", "cell_secretary", "secretary")[i]], consultation=consultation,
                       stance="propose", text=text, idempotency_key=f"r{i}", target="paragraph", block_uid=uid)  # fmt: skip
    run = SynthesisRun.objects.create(consultation=consultation, status=RunStatus.RUNNING, progress=40)
    execute_run(run.pk)
    run.refresh_from_db()
    assert (run.status, run.progress, run.result["total"], run.result["groups"]) == (
        RunStatus.DONE,
        100,
        3,
        1,
    )
    execute_run(run.pk)  # a late duplicate delivery changes nothing
    assert CommentGroup.objects.filter(consultation=consultation).count() == 2  # once each

import pytest

from chuyende.common.errors import DomainError, NotAllowed
from chuyende.consultations.domain import (
    cancel_synthesis,
    dispose,
    start_synthesis,
    submit_comment,
    unhandled_count,
)
from chuyende.consultations.enums import RunStatus
from chuyende.consultations.models import Comment, CommentGroup, SynthesisRun
from chuyende.consultations.synthesis.grouping import group_comments, purity_and_completeness
from chuyende.consultations.synthesis.run import execute_run

from .generated import generate
from .helpers import consultation_for, paragraph


def test_grouping_quality_on_a_labelled_generated_set():
    """Eight ideas a paragraph that differ only by their object: the cut tuned for paraphrases
    (test_ideas.py) merges a few of them, which bounds purity here."""
    rows = generate(2000, paragraphs=20, seed=11)
    groups = group_comments([(i, scope, text) for i, (scope, text, _) in enumerate(rows)])
    labels = {i: label for i, (_, _, label) in enumerate(rows)}
    purity, completeness = purity_and_completeness([g.comment_ids for g in groups], labels)
    assert purity >= 0.9, purity
    assert completeness >= 0.98, completeness
    assert sorted(cid for g in groups for cid in g.comment_ids) == list(range(2000))  # each exactly once


def test_grouping_never_mixes_targets():
    rows = [(1, "a", "Bổ sung trách nhiệm nêu gương"), (2, "b", "Bổ sung trách nhiệm nêu gương")]
    assert sorted(g.comment_ids for g in group_comments(rows)) == [[1], [2]]


def test_representative_is_the_most_frequent_variant():
    rows = [(1, "a", "bổ sung trách nhiệm nêu gương của người đứng đầu")] + [
        (i, "a", "Đề nghị bổ sung trách nhiệm nêu gương của người đứng đầu") for i in (2, 3)
    ]
    [group] = group_comments(rows)
    assert (group.comment_ids, group.representative_id) == ([1, 2, 3], 1)  # all fold to one key
    assert group.representative_text == "bổ sung trách nhiệm nêu gương của người đứng đầu"


def _comment_many(world, consultation, texts):
    users = [world.users[n] for n in ("member", "cell_secretary", "secretary")]
    uid = paragraph(consultation).uid
    for i, text in enumerate(texts):
        submit_comment(
            actor=users[i % 3], consultation=consultation, stance="propose", text=text,
            idempotency_key=f"s{i}", target="paragraph", block_uid=uid,
        )  # fmt: skip


TEXTS = [
    "Đề nghị bổ sung trách nhiệm nêu gương của người đứng đầu cấp uỷ",
    "Tôi đề nghị bổ sung trách nhiệm nêu gương của người đứng đầu cấp ủy",
    "de nghi bo sung trach nhiem neu guong cua nguoi dung dau cap uy",
    "Làm rõ lộ trình số hoá hồ sơ đảng viên",
]


def test_synthesis_task_counts_and_groups(world, django_capture_on_commit_callbacks):
    consultation = consultation_for(world)
    _comment_many(world, consultation, TEXTS)
    with django_capture_on_commit_callbacks(execute=True):
        run = start_synthesis(actor=world.users["clerk"], consultation=consultation)
    run.refresh_from_db()
    assert (run.status, run.progress, run.result["total"], run.result["groups"]) == ("done", 100, 4, 1)
    assert run.result["stance"] == [["propose", 4, 0]]
    assert sorted(n for _, n, _ in run.result["cell"]) == [1, 3]
    group, single = CommentGroup.objects.filter(consultation=consultation).order_by("-size")
    assert (group.size, group.comments.count(), single.size) == (3, 3, 1)
    assert (group.stance, group.stance_counts, group.members, group.block_uid) == (
        "propose",
        {"propose": 3},
        3,
        paragraph(consultation).uid,
    )
    dispose(actor=world.users["clerk"], consultation=consultation, decision="accepted", explanation="Tiếp thu",
            group=group)  # fmt: skip
    assert unhandled_count(consultation) == 1
    with django_capture_on_commit_callbacks(execute=True):
        again = start_synthesis(actor=world.users["clerk"], consultation=consultation)
    again.refresh_from_db()
    assert (again.status, again.result["groups"]) == ("done", 1)
    assert unhandled_count(consultation) == 1  # regrouping keeps dispositions on comments
    assert Comment.objects.filter(consultation=consultation, group__isnull=False).count() == 4


def test_cancelled_run_stops_between_batches(world):
    consultation = consultation_for(world)
    _comment_many(world, consultation, TEXTS)
    run = SynthesisRun.objects.create(consultation=consultation)
    cancel_synthesis(actor=world.users["clerk"], run=run)
    execute_run(run.pk)
    run.refresh_from_db()
    assert run.status == RunStatus.CANCELLED
    assert not CommentGroup.objects.filter(consultation=consultation).exists()
    with pytest.raises(DomainError):
        cancel_synthesis(actor=world.users["clerk"], run=run)


def test_only_the_office_runs_synthesis(world):
    consultation = consultation_for(world)
    with pytest.raises(NotAllowed):
        start_synthesis(actor=world.users["member"], consultation=consultation)

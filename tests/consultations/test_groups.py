"""The office corrects the synthesis; reruns keep what a person decided; the grouping exported."""

import io
import json
import secrets
from collections import Counter

import openpyxl
import pytest
from django.test import Client
from django.urls import reverse

from chuyende.common.errors import DomainError, NotAllowed
from chuyende.common.models import ApiToken, AuditEntry
from chuyende.consultations import domain
from chuyende.consultations.models import Comment, CommentGroup, SynthesisRun

from .helpers import consultation_for, paragraph

pytestmark = pytest.mark.django_db

IDEA_A = [
    "Đề nghị bổ sung đánh giá hạn chế của công tác xây dựng Đảng về đạo đức ở cơ sở.",
    "Nên nêu thêm hạn chế của công tác xây dựng Đảng về đạo đức tại cơ sở.",
    "Cần bổ sung nhận định hạn chế trong xây dựng Đảng về đạo đức ở cơ sở",
]
WIDEN = "Đề nghị mở rộng phạm vi đánh giá biểu hiện phai nhạt lý tưởng ra cả cán bộ quản lý."
NARROW = "Đề nghị thu hẹp phạm vi đánh giá biểu hiện phai nhạt lý tưởng, chỉ nêu cán bộ quản lý."
ON_THE_DRAFT = "Phần đánh giá công tác xây dựng Đảng về đạo đức nên bổ sung hạn chế ở cơ sở."


def _submit(world, consultation, text, n, *, block=None, stance="propose"):
    users = [world.users[name] for name in ("member", "cell_secretary", "secretary")]
    comment, _ = domain.submit_comment(
        actor=users[n % 3], consultation=consultation, stance=stance, text=text, idempotency_key=f"k{n}",
        target="paragraph" if block else "draft", block_uid=block.uid if block else "",
    )  # fmt: skip
    return comment


def _synthesize(world, consultation, capture):
    with capture(execute=True):
        run = domain.start_synthesis(actor=world.users["clerk"], consultation=consultation)
    run.refresh_from_db()
    assert run.status == "done", run.error
    return run


def _seeded(world, capture):
    consultation = consultation_for(world)
    first, second = paragraph(consultation, 1), paragraph(consultation, 2)
    ideas = [_submit(world, consultation, text, n, block=first) for n, text in enumerate(IDEA_A)]
    widen = _submit(world, consultation, WIDEN, 3, block=second)
    narrow = _submit(world, consultation, NARROW, 4, block=second)
    general = _submit(world, consultation, ON_THE_DRAFT, 5)
    _synthesize(world, consultation, capture)
    return consultation, first, second, ideas, widen, narrow, general


def _membership(consultation):
    return sorted(
        sorted(g.comments.values_list("pk", flat=True))
        for g in CommentGroup.objects.filter(consultation=consultation)
    )


def test_ideas_grouped_near_misses_apart_and_a_whole_draft_comment_placed(
    world, django_capture_on_commit_callbacks
):
    consultation, first, _, ideas, widen, narrow, general = _seeded(world, django_capture_on_commit_callbacks)
    assert _membership(consultation) == [
        sorted([*(c.pk for c in ideas), general.pk]),
        [widen.pk],
        [narrow.pk],
    ]
    group = CommentGroup.objects.get(comments=general)
    general.refresh_from_db()
    assert (group.block_uid, group.placed, group.size, group.members, group.cells) == (first.uid, 1, 4, 4, 2)
    assert (general.suggested_block_uid, general.placement_confirmed) == (first.uid, False)
    assert group.stance_counts == {"propose": 4}


def test_corrections_are_audited_and_survive_a_rerun(world, django_capture_on_commit_callbacks):
    consultation, first, _, ideas, widen, narrow, general = _seeded(world, django_capture_on_commit_callbacks)
    clerk = world.users["clerk"]
    group = CommentGroup.objects.get(comments=general)
    new = domain.split_group(actor=clerk, group=group, comment_ids=[ideas[2].pk])
    domain.choose_representative(actor=clerk, group=group, comment=Comment.objects.get(pk=ideas[1].pk))
    domain.mark_seen(actor=clerk, group=new)
    merged = domain.merge_groups(
        actor=clerk,
        group=CommentGroup.objects.get(comments=widen),
        other=CommentGroup.objects.get(comments=narrow),
    )
    domain.move_comment(actor=clerk, comment=Comment.objects.get(pk=general.pk), group=new)
    before = _membership(consultation)
    assert before == [
        sorted([ideas[0].pk, ideas[1].pk]),
        sorted([ideas[2].pk, general.pk]),
        sorted([widen.pk, narrow.pk]),
    ]
    actions = set(AuditEntry.objects.filter(action__startswith="synthesis.").values_list("action", flat=True))
    assert actions >= {
        "synthesis.split",
        "synthesis.representative",
        "synthesis.seen",
        "synthesis.merge",
        "synthesis.move",
    }
    fresh = _submit(world, consultation, IDEA_A[0] + " Xin cảm ơn.", 9, block=first)
    run = _synthesize(world, consultation, django_capture_on_commit_callbacks)
    assert _membership(consultation) == sorted([*before, [fresh.pk]])
    group.refresh_from_db()
    new.refresh_from_db()
    merged.refresh_from_db()
    assert (group.representative_id, group.edited, new.seen_at is not None, merged.size) == (
        ideas[1].pk,
        True,
        True,
        2,
    )
    assert run.result["kept_groups"] == 3


def test_the_office_confirms_or_changes_the_paragraph_of_a_whole_draft_comment(
    world, django_capture_on_commit_callbacks
):
    consultation, first, second, _, _, _, general = _seeded(world, django_capture_on_commit_callbacks)
    clerk = world.users["clerk"]
    domain.place_comment(actor=clerk, comment=Comment.objects.get(pk=general.pk), block_uid=second.uid)
    general.refresh_from_db()
    own = general.group
    assert (general.suggested_block_uid, general.placement_confirmed, own.block_uid, own.size) == (
        second.uid,
        True,
        second.uid,
        1,
    )
    _synthesize(world, consultation, django_capture_on_commit_callbacks)
    general.refresh_from_db()
    assert (general.group_id, general.suggested_block_uid) == (own.pk, second.uid)
    with pytest.raises(DomainError):
        domain.place_comment(
            actor=clerk, comment=Comment.objects.filter(block_uid=first.uid).first(), block_uid=second.uid
        )


def test_corrections_belong_to_the_office_and_wait_for_a_run(world, django_capture_on_commit_callbacks):
    consultation, *_ = _seeded(world, django_capture_on_commit_callbacks)
    group = CommentGroup.objects.filter(consultation=consultation).first()
    with pytest.raises(NotAllowed):
        domain.mark_seen(actor=world.users["member"], group=group)
    SynthesisRun.objects.create(consultation=consultation)
    with pytest.raises(DomainError):
        domain.mark_seen(actor=world.users["clerk"], group=group)
    assert CommentGroup.objects.get(pk=group.pk).seen_at is None


def _api(user) -> Client:
    key = secrets.token_urlsafe(24)
    ApiToken.objects.create(user=user, name="test", key_hash=ApiToken.hash_key(key), prefix=key[:8])
    return Client(headers={"authorization": f"Bearer {key}"})


def test_export_paged_streamed_and_as_a_workbook(world, django_capture_on_commit_callbacks):
    consultation, first, second, ideas, widen, narrow, general = _seeded(
        world, django_capture_on_commit_callbacks
    )
    office = _api(world.users["clerk"])
    base = f"/api/consultations/{consultation.pk}/groups"
    page = office.get(base, {"page_size": 2}).json()
    assert (page["count"], len(page["items"])) == (3, 2)
    top = page["items"][0]
    assert (top["comment_ids"], top["placed_comment_ids"], top["stance"]) == (
        sorted([*(c.pk for c in ideas), general.pk]),
        [general.pk],
        "propose",
    )
    assert top["target"] == {"kind": "paragraph", "block_uid": first.uid, "label": "1."}
    assert top["representative_id"] in top["comment_ids"]
    lines = [
        json.loads(line) for line in b"".join(office.get(base + ".jsonl").streaming_content).splitlines()
    ]
    assert sorted(sorted(item["comment_ids"]) for item in lines) == _membership(consultation)
    workbook = openpyxl.load_workbook(io.BytesIO(office.get(base + ".xlsx").content))
    groups_sheet, comments_sheet = workbook.worksheets
    assert (groups_sheet.max_row, comments_sheet.max_row) == (4, 7)
    assert _api(world.users["member"]).get(base).status_code == 403


def test_correction_api_twins(world, django_capture_on_commit_callbacks):
    consultation, first, second, ideas, widen, narrow, general = _seeded(
        world, django_capture_on_commit_callbacks
    )
    office = _api(world.users["clerk"])
    a, b = CommentGroup.objects.get(comments=widen), CommentGroup.objects.get(comments=narrow)
    base = f"/api/consultations/{consultation.pk}"
    merged = office.post(f"{base}/groups/{a.pk}/merge", {"other_id": b.pk}, content_type="application/json")
    assert (merged.status_code, merged.json()["size"], merged.json()["edited"]) == (200, 2, True)
    listed = office.get(f"{base}/groups/{a.pk}/comments", {"page_size": 1}).json()
    assert (listed["count"], [c["id"] for c in listed["items"]]) == (2, [widen.pk])
    second_page = office.get(f"{base}/groups/{a.pk}/comments", {"page_size": 1, "page": 2}).json()
    assert [c["id"] for c in second_page["items"]] == [narrow.pk]
    # A page number past any list is refused (the fuzzer's offset overflowed SQLite's integer: 500).
    for path in (f"{base}/groups/{a.pk}/comments", f"{base}/groups"):
        huge = office.get(path, {"page": 3313764021180068528128000, "page_size": -348098507009})
        assert huge.status_code == 422, path
    seen = office.post(f"{base}/groups/{a.pk}/seen", {"seen": True}, content_type="application/json").json()
    assert seen["seen_at"] is not None
    placed = office.post(f"{base}/comments/{general.pk}/place", {"block_uid": second.uid, "group_id": a.pk},
                         content_type="application/json").json()  # fmt: skip
    assert (placed["group_id"], placed["placement_confirmed"]) == (a.pk, True)
    split = office.post(
        f"{base}/groups/{a.pk}/split", {"comment_ids": [general.pk]}, content_type="application/json"
    )
    assert split.json()["size"] == 1
    other = _api(world.users["member"]).post(
        f"{base}/groups/{a.pk}/seen", {"seen": False}, content_type="application/json"
    )
    assert other.status_code == 403
    missing = office.post(f"{base}/groups/999999/seen", {"seen": True}, content_type="application/json")
    assert missing.status_code == 404


def test_synthesis_page_cards_comments_and_htmx_corrections(
    world, client, django_capture_on_commit_callbacks
):
    consultation, first, _, ideas, widen, narrow, general = _seeded(world, django_capture_on_commit_callbacks)
    client.force_login(world.users["clerk"])
    page = client.get(reverse("consultation-groups", args=[consultation.pk]))
    html = page.content.decode()
    assert page.status_code == 200
    assert html.count('data-testid="group-card"') == 3
    assert "4 ý kiến, đại diện 4 đảng viên, 2 chi bộ" in html
    group = CommentGroup.objects.get(comments=general)
    fragment = client.get(
        reverse("consultation-group-comments", args=[consultation.pk, group.pk])
    ).content.decode()
    assert fragment.count('<li id="comment-') == 4 and "Đoạn được gợi ý" in fragment
    answer = client.post(reverse("consultation-group", args=[consultation.pk, group.pk]), {"action": "seen"},
                         headers={"HX-Request": "true"})  # fmt: skip
    assert answer.status_code == 200 and "Đã xem" in answer.content.decode()
    refused = client.post(reverse("consultation-group", args=[consultation.pk, group.pk]),
                          {"action": "merge", "other": group.pk}, headers={"HX-Request": "true"})  # fmt: skip
    assert "Chỉ gộp được hai nhóm khác nhau" in refused.content.decode()
    workbook = client.get(reverse("consultation-groups-xlsx", args=[consultation.pk]))
    assert workbook["Content-Type"].startswith("application/vnd.openxmlformats")
    client.force_login(world.users["member"])
    assert client.get(reverse("consultation-groups", args=[consultation.pk])).status_code == 403


def test_group_picker_lists_groups_by_representative_text_and_paragraph(
    world, client, django_capture_on_commit_callbacks
):
    consultation, first, second, ideas, widen, narrow, general = _seeded(
        world, django_capture_on_commit_callbacks
    )
    widen_group, narrow_group = (CommentGroup.objects.get(comments=c) for c in (widen, narrow))
    idea_group = CommentGroup.objects.get(comments=general)
    url = reverse("consultation-group-picker", args=[consultation.pk, widen_group.pk])
    client.force_login(world.users["clerk"])
    html = client.get(url, {"name": "other"}).content.decode()
    # Every other group, same paragraph first, with its number, paragraph and text; never itself.
    assert html.count('type="radio" name="other"') == 2
    assert html.index(f'value="{narrow_group.pk}"') < html.index(f'value="{idea_group.pk}"')
    assert f'value="{widen_group.pk}"' not in html and "thu hẹp phạm vi" in html
    # Search without accents, every word must appear; a number finds the group of that number.
    found = client.get(url, {"name": "target", "q": "thu hep pham vi"}).content.decode()
    assert found.count('name="target"') == 1 and f'value="{narrow_group.pk}"' in found
    by_number = client.get(url, {"q": str(idea_group.pk)}).content.decode()
    assert f'value="{idea_group.pk}"' in by_number
    for odd in ("²", "99999999999999999999999"):  # digits to Python, not a group number
        assert client.get(url, {"q": odd}).status_code == 200
    assert "Không có nhóm nào khớp" in client.get(url, {"q": "không có chữ này"}).content.decode()
    # The picked group is what the merge form posts.
    answer = client.post(reverse("consultation-group", args=[consultation.pk, widen_group.pk]),
                         {"action": "merge", "other": narrow_group.pk}, headers={"HX-Request": "true"})  # fmt: skip
    assert answer.status_code == 200 and not CommentGroup.objects.filter(pk=narrow_group.pk).exists()
    client.force_login(world.users["member"])
    assert client.get(url).status_code == 403


def test_shards_run_as_separate_tasks_and_the_last_one_merges(world, django_capture_on_commit_callbacks):
    from chuyende.consultations.synthesis.run import execute_run, execute_shards

    consultation, first, second, ideas, widen, narrow, general = _seeded(
        world, django_capture_on_commit_callbacks
    )
    inline = _membership(consultation)
    _submit(world, consultation, WIDEN, 7, block=second)  # second shard changes: regrouped
    run = SynthesisRun.objects.create(consultation=consultation)
    queued = []
    execute_run(run.pk, enqueue_shards=lambda run_id, shards: queued.append(shards))
    run.refresh_from_db()
    assert (queued, run.status, run.shards_left) == ([[second.uid]], "running", 1)
    execute_shards(run.pk, [second.uid])
    run.refresh_from_db()
    assert (run.status, run.result["regrouped_shards"]) == ("done", 1)
    added = Comment.objects.get(idempotency_key="k7")
    assert _membership(consultation) == sorted(
        [m for m in inline if widen.pk not in m] + [sorted([widen.pk, added.pk])]
    )


def test_a_rerun_after_new_comments_only_places_them(world, django_capture_on_commit_callbacks):
    consultation, first, *_ = _seeded(world, django_capture_on_commit_callbacks)
    before = _membership(consultation)
    late = _submit(
        world,
        consultation,
        "Tôi đề nghị bổ sung đánh giá hạn chế của công tác xây dựng Đảng về đạo đức tại cơ sở",
        8,
        block=first,
    )
    run = _synthesize(world, consultation, django_capture_on_commit_callbacks)
    assert run.result["regrouped_shards"] == 1
    grown = CommentGroup.objects.get(comments=late)
    assert (grown.size, sorted(grown.comments.values_list("pk", flat=True))) == (
        5,
        sorted([*next(m for m in before if len(m) == 4), late.pk]),
    )


def test_counts_added_by_a_rerun_equal_a_full_recount(world, django_capture_on_commit_callbacks):
    """The incremental rerun adds new comments to their group's counts; the result must be what
    counting every member again gives (size, stance counts, members, cells, placed)."""
    from chuyende.consultations.synthesis.run import refresh_counts

    consultation, first, *_ = _seeded(world, django_capture_on_commit_callbacks)
    text = "Tôi đề nghị bổ sung đánh giá hạn chế của công tác xây dựng Đảng về đạo đức tại cơ sở"
    for n in range(8, 12):  # members of cells already in the group and of new ones
        _submit(world, consultation, text + "." * (n % 2), n, block=first)
    _submit(world, consultation, "Về đoạn 1: " + text, 12)  # a whole-draft comment placed there
    _synthesize(world, consultation, django_capture_on_commit_callbacks)
    fields = ("pk", "size", "stance_counts", "members", "cells")
    added = sorted(CommentGroup.objects.filter(consultation=consultation).values_list(*fields))
    grown = max(added, key=lambda row: row[1])
    assert grown[1] == 9
    refresh_counts(CommentGroup.objects.filter(consultation=consultation))
    assert sorted(CommentGroup.objects.filter(consultation=consultation).values_list(*fields)) == added
    assert CommentGroup.objects.get(pk=grown[0]).placed == 2


def _counted(consultation):
    return sorted(
        (
            sorted(g.comments.values_list("pk", flat=True)),
            g.size,
            g.members,
            g.cells,
            g.placed,
            g.stance_counts,
        )
        for g in CommentGroup.objects.filter(consultation=consultation)
    )


def test_a_first_run_split_into_shard_tasks_groups_and_counts_as_inline(
    world, django_capture_on_commit_callbacks, monkeypatch
):
    """On workers a first run counts in a task of its own beside the shards, places the
    whole-draft comments in two halves (one a task of its own), each shard keeps its groups'
    members for the merge step and reads its own fingerprint: the groups, their counts and the
    run's counts and fingerprints must be the inline run's, whichever task ends last."""
    from chuyende.consultations.models import ShardMembers
    from chuyende.consultations.synthesis import run as synthesis
    from chuyende.consultations.synthesis.run import (
        execute_counts,
        execute_run,
        execute_samples,
        execute_shards,
    )

    consultation, first, second, *_, general = _seeded(world, django_capture_on_commit_callbacks)
    inline = _counted(consultation)
    inline_result = SynthesisRun.objects.get(consultation=consultation, status="done").result
    assert Comment.objects.get(pk=general.pk).suggested_block_uid == first.uid  # a placed comment is read too
    paragraphs = list(consultation.version.blocks.filter(kind="paragraph").values_list("uid", flat=True))
    queued: list[list[str]] = []
    counted: list[int] = []
    sampled: list[int] = []

    def enqueue(run_id, shards):
        queued.append(shards)

    def samples_at_once(run_id):  # the samples half ends before the run task's own half
        sampled.append(run_id)
        execute_samples(run_id, enqueue_shards=enqueue)

    for counts_last in (False, True):
        # Tasks of one shard with comments here (a real task holds `TASK_COMMENTS` at least).
        monkeypatch.setattr(synthesis, "TASK_COMMENTS", 1)
        monkeypatch.setattr(synthesis, "GUIDED_SHARE", 10**9)
        Comment.objects.filter(consultation=consultation).update(group=None, suggested_block_uid="")
        CommentGroup.objects.filter(consultation=consultation).delete()
        SynthesisRun.objects.filter(consultation=consultation).delete()
        run = SynthesisRun.objects.create(consultation=consultation)
        queued.clear()
        counted.clear()
        sampled.clear()
        # Counts first: the samples half ends first too; counts last: the samples half ends
        # last, and its task places the comments and queues the shards.
        samples = sampled.append if counts_last else samples_at_once
        execute_run(run.pk, enqueue_shards=enqueue, enqueue_counts=counted.append,
                    enqueue_samples=samples)  # fmt: skip
        assert sampled == [run.pk] and counted == [run.pk]
        if counts_last:
            assert not queued  # the placement waits for its other half
            execute_samples(run.pk, enqueue_shards=enqueue)
        assert sorted(s for shards in queued for s in shards) == sorted([*paragraphs, "draft"])
        assert len(queued) > 1
        assert not Comment.objects.filter(consultation=consultation, group__isnull=False).exists()
        # The engine retries a task whose worker died: the run task, its shards queued, leaves
        # them be, and so does a samples task run twice; a counts task run twice counts down
        # once (else the merge would come early).
        execute_run(run.pk, enqueue_shards=enqueue, enqueue_counts=counted.append, enqueue_samples=samples)
        execute_samples(run.pk, enqueue_shards=enqueue)
        assert sum(map(len, queued)) == len(paragraphs) + 1 and counted == [run.pk] and len(sampled) == 1
        if not counts_last:
            execute_counts(run.pk)
            execute_counts(run.pk)
        for shards in queued:
            execute_shards(run.pk, shards)
            run.refresh_from_db()
            assert run.status == ("done" if shards == queued[-1] and not counts_last else "running")
        if counts_last:
            execute_counts(run.pk)
        run.refresh_from_db()
        assert run.status == "done" and _counted(consultation) == inline
        assert not ShardMembers.objects.filter(run=run).exists()
        assert Comment.objects.get(pk=general.pk).suggested_block_uid == first.uid  # stored by the merge
        for key in (
            "total",
            "agreeing",
            "paragraph",
            "stance",
            "cell",
            "shards",
            "groups",
            "placed_comments",
        ):
            assert run.result[key] == inline_result[key], key


@pytest.mark.django_db
def test_each_part_of_a_shard_is_read_through_an_index():
    """A shard's read must not walk the consultation's every comment (60 shards, 60 scans)."""
    from django.db import connection

    from chuyende.consultations.synthesis.run import _ROW_FIELDS, _shard_parts

    if connection.vendor != "sqlite":
        pytest.skip("EXPLAIN QUERY PLAN is SQLite's")
    base = Comment.objects.filter(consultation_id=1, status="active").exclude(group__edited=True)
    for shard, index in (("p1", "comment_block_idx"), ("p1", "comment_suggested_idx"), ("draft", None)):
        plans = []
        for part in _shard_parts(shard):
            query = base.filter(part, pk__gt=0).order_by("pk").values_list(*_ROW_FIELDS)[:10]
            sql, params = query.query.sql_with_params()
            with connection.cursor() as cursor:
                cursor.execute("EXPLAIN QUERY PLAN " + sql, params)
                plans.append(" ".join(row[-1] for row in cursor.fetchall()))
        assert all(
            "comment_scan_idx" not in plan and "SCAN consultations_comment" not in plan for plan in plans
        )
        if index:
            assert any(f"INDEX {index} (consultation_id=? AND" in plan for plan in plans), plans


@pytest.mark.django_db
def test_worker_tasks_hold_enough_comments_largest_first(
    world, django_capture_on_commit_callbacks, monkeypatch
):
    """A worker task costs a forked process and a connection: shards are grouped into tasks of
    `TASK_COMMENTS` comments at least, or a `GUIDED_SHARE` of those left when that is more, the
    largest shards in the first tasks."""
    from chuyende.consultations.synthesis import run as synthesis

    consultation, first, second, *_ = _seeded(world, django_capture_on_commit_callbacks)
    run = SynthesisRun.objects.filter(consultation=consultation).first()
    own = Counter(Comment.objects.filter(consultation=consultation).values_list("block_uid", flat=True))
    big, small = sorted([first.uid, second.uid], key=lambda uid: -own[uid])
    assert own[big] > own[small] > own[""] > 0
    monkeypatch.setattr(synthesis, "TASK_COMMENTS", 1)
    monkeypatch.setattr(synthesis, "GUIDED_SHARE", 1)  # the first task takes all that is left
    assert synthesis.shard_tasks(run, [small, "draft", big]) == [[big, small, "draft"]]
    monkeypatch.setattr(synthesis, "GUIDED_SHARE", 2)  # half: the big one, then the rest by halves
    halves = synthesis.shard_tasks(run, [small, "draft", big])
    assert halves[0][0] == big and sum(halves, []) == [big, small, "draft"]
    monkeypatch.setattr(synthesis, "GUIDED_SHARE", 10**9)  # no share: `TASK_COMMENTS` alone
    alone = synthesis.shard_tasks(run, [small, "draft", big])
    assert sorted(alone) == sorted([[big], [small], ["draft"]])
    sizes = [own["" if shard == "draft" else shard] for [shard] in alone]
    assert sizes == sorted(sizes, reverse=True)
    monkeypatch.setattr(synthesis, "TASK_COMMENTS", own[big] + 1)  # the big one needs company
    together = synthesis.shard_tasks(run, [small, big])
    assert together == [[big, small]]
    monkeypatch.setattr(synthesis, "TASK_COMMENTS", own[big])
    assert synthesis.shard_tasks(run, [small, big]) == [[big], [small]]


@pytest.mark.django_db
def test_the_merge_write_gives_the_same_groups_whether_pairs_travel_packed_or_not(
    world, django_capture_on_commit_callbacks, monkeypatch
):
    """On SQLite the (comment, group) pairs travel as one integer each while they fit, else as
    [id, value] arrays (ids past 2**31): both give the groups and suggested paragraphs alike."""
    from chuyende.consultations.synthesis import run as synthesis

    consultation, first, *_, general = _seeded(world, django_capture_on_commit_callbacks)
    packed = _counted(consultation)
    monkeypatch.setattr(synthesis, "_PACKED", 0)  # no id fits: the plain arrays
    Comment.objects.filter(consultation=consultation).update(group=None, suggested_block_uid="")
    CommentGroup.objects.filter(consultation=consultation).delete()
    SynthesisRun.objects.filter(consultation=consultation).delete()
    run = SynthesisRun.objects.create(consultation=consultation)
    synthesis.execute_run(run.pk)
    assert _counted(consultation) == packed and packed
    assert Comment.objects.get(pk=general.pk).suggested_block_uid == first.uid

"""Executing a synthesis run: counts, then grouping by idea, writing progress and honouring the
cancel flag between steps. Called by the task (`tasks.synthesize`), inline when no worker runs.

Human decisions survive a rerun: comments of a group a person edited are not read again (the
group stays as it is), and a placement the office confirmed is used as the comment's target."""

import gc
import json
import logging
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import numpy as np
from django.db import connections, transaction
from django.db.models import Case, Count, F, IntegerField, Q, Sum, Value, When
from django.utils import timezone

from ..enums import BlockKind, CommentStatus, RunStatus
from ..models import Block, Comment, CommentGroup, ShardMembers, SynthesisRun
from .counts import counts_and_shards
from .grouping import (
    DRAFT,
    Group,
    Variant,
    assign_new,
    cluster_variants,
    exact_copies,
    finish,
    fold_variants,
    is_paragraph,
    place_draft_variants,
    sample_ideas,
)
from .references import outline_of, resolve

logger = logging.getLogger(__name__)

BATCH = 50_000
CHUNK = 2_000
INCREMENTAL_SHARE = 0.2  # a shard that grew by more is regrouped from scratch
TASK_COMMENTS = 50_000  # comments behind one worker task at least (see `shard_tasks`)
GUIDED_SHARE = 4  # a worker task takes a quarter of the comments not yet given to one
PLACE_ROWS = 1_000  # comments read per paragraph to place whole-draft comments against
MMAP_BYTES = 1 << 31  # SQLite's own ceiling: a bigger file is mapped up to this size


class Cancelled(Exception):
    pass


def scope_of(block_uid: str, section_uid: str) -> str:
    if block_uid:
        return block_uid
    return f"section:{section_uid}" if section_uid else "draft"


def _set(run: SynthesisRun, **fields) -> None:
    SynthesisRun.objects.filter(pk=run.pk).update(**fields)
    for name, value in fields.items():
        setattr(run, name, value)


def _add_to_result(run: SynthesisRun, **entries) -> dict:
    """Adds `entries` to the run's result, read and written under a lock (a run's tasks share
    it: the counts task writes while the placement queues the shards). Returns the result as it
    was before."""
    with transaction.atomic():
        before = SynthesisRun.objects.select_for_update().get(pk=run.pk).result or {}
        _set(run, result={**before, **entries})
    return before


def _check_cancel(run: SynthesisRun) -> None:
    if SynthesisRun.objects.filter(pk=run.pk, cancel_requested=True).exists():
        raise Cancelled


def draft_outline(consultation) -> tuple[dict[str, str], dict[str, set[str]]]:
    """Paragraph uid → text, and section uid → its paragraph uids, of the consulted version."""
    paragraphs: dict[str, str] = {}
    sections: dict[str, set[str]] = {}
    blocks = Block.objects.filter(version_id=consultation.version_id).order_by("position")
    for uid, kind, section_uid, text in blocks.values_list("uid", "kind", "section_uid", "text"):
        if kind == BlockKind.PARAGRAPH:
            paragraphs[uid] = text
            if section_uid:
                sections.setdefault(section_uid, set()).add(uid)
    return paragraphs, sections


_ROW_FIELDS = (
    "pk",
    "block_uid",
    "section_uid",
    "suggested_block_uid",
    "placement_confirmed",
    "stance",
    "text",
)


def _batches(queryset, fields, run: SynthesisRun | None = None):
    """`fields` of the queryset's rows (the first field is the id), `BATCH` at a time in id order,
    fetched through the database cursor: plain tuples, no ORM row building (at a million comments
    that overhead alone is seconds)."""
    last = 0
    while True:
        query = queryset.filter(pk__gt=last).order_by("pk").values_list(*fields)[:BATCH]
        sql, params = query.query.sql_with_params()
        with connections[query.db].cursor() as cursor:
            cursor.execute(sql, params)
            batch = cursor.fetchall()
        if not batch:
            return
        yield batch
        last = batch[-1][0]
        if run is not None:
            _check_cancel(run)


def read_rows(
    run: SynthesisRun, extra: Q | None = None, progress: bool = True, **filters: int
) -> list[tuple]:
    """(id, scope, stance, text) of the active comments to group: not those of edited groups."""
    rows: list[tuple[int, str, str, str]] = []
    base = Comment.objects.filter(
        consultation_id=run.consultation_id, status=CommentStatus.ACTIVE, **filters
    ).exclude(group__edited=True)
    if extra is not None:
        base = base.filter(extra)
    for batch in _batches(base, _ROW_FIELDS, run):
        for pk, block, section, suggested, confirmed, stance, text in batch:
            rows.append(
                (pk, suggested if confirmed and suggested else scope_of(block, section), stance, text)
            )
        if progress:
            _set(run, progress=min(5 + len(rows) * 5 // max(run.total, 1), 10))
    return rows


@dataclass
class Facts:
    """Cell and agreeing members of every comment read, as arrays in ascending id order (a
    million comments in a few megabytes, looked up by binary search)."""

    ids: np.ndarray
    cells: np.ndarray  # -1: no cell
    agreeing: np.ndarray


def write_groups(
    run: SynthesisRun,
    groups: list[Group],
    *,
    replace,
    facts: Facts | None = None,
    deferred: list[tuple[int, int]] | None = None,
) -> list[CommentGroup]:
    """Replaces the machine groups `replace` (edited ones are never in it) with `groups` and
    counts members and cells per group: from `facts` (comment id → (cell id, agreeing members),
    read with the comments) when given, else by the database. The comments are assigned to
    their group at once, or, given a `deferred` list, their (comment id, group id) pairs are
    added to it for one `assign_comments` after every shard (the inline run)."""
    consultation_id = run.consultation_id
    with transaction.atomic():
        Comment.objects.filter(group__in=replace).update(group=None)
        replace.delete()
        rows = []
        for g in groups:
            row = CommentGroup(
                consultation_id=consultation_id, run=run,
                block_uid=g.scope if is_paragraph(g.scope) else "", scope=g.scope, stance=g.stance,
                representative_id=g.representative_id, representative_text=g.representative_text,
                size=len(g.comment_ids), stance_counts={g.stance: len(g.comment_ids)},
                placed=len(g.placed_ids), campaign=g.campaign, campaign_text=g.campaign_text,
            )  # fmt: skip
            if facts is not None:
                row.members, row.cells = _members_and_cells(g.comment_ids, facts)
            rows.append(row)
        created = CommentGroup.objects.bulk_create(rows, batch_size=CHUNK)
        pairs = [
            (cid, row.pk) for row, group in zip(created, groups, strict=True) for cid in group.comment_ids
        ]
        if deferred is None:
            assign_comments(pairs)
        else:
            deferred.extend(pairs)
        if facts is None:  # (a deferred assignment always comes with `facts`: the inline run)
            refresh_counts(CommentGroup.objects.filter(pk__in=[g.pk for g in created]))
    return created


def assign_comments(pairs, *, suggested: dict[int, str] | None = None) -> None:
    """Sets the group of many comments — `pairs` of (comment id, group id), a list or an n×2
    array — and the `suggested` paragraph (comment id → uid) of placed whole-draft ones: one
    UPDATE per column, fed the pairs in comment-id order as one parameter (a JSON array on
    SQLite, arrays on PostgreSQL), so each page of the comment table is written once, not once
    per group and chunk of ids (at a million comments that was most of the run), and no row is
    built in Python. Only comments without a group get one: a comment of a group a person edited
    is never taken from it. One statement per column: a column set, even to its own value,
    rewrites its index entry, and only a tenth of the comments get a suggested paragraph."""
    members = np.asarray(pairs, dtype=np.int64).reshape(-1, 2)
    members = members[np.argsort(members[:, 0], kind="stable")]
    placed = sorted((suggested or {}).items())
    connection = connections[Comment.objects.db]
    table = connection.ops.quote_name(Comment._meta.db_table)
    with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("PRAGMA cache_size")
            before = cursor.fetchone()[0]
            # The comment table's pages and the group index stay in memory for the update.
            cursor.execute("PRAGMA cache_size=-1048576")  # 1 GiB, used only as pages are read
            if len(members):
                _update_from_json(cursor, table, "group_id", members, keep=True)
            if placed:
                _update_from_json(cursor, table, "suggested_block_uid", placed, keep=False)
            cursor.execute(f"PRAGMA cache_size={int(before)}")
            return
        for column, ids, values, kind in (
            ("group_id", members[:, 0].tolist(), members[:, 1].tolist(), "bigint"),
            ("suggested_block_uid", [cid for cid, _ in placed], [uid for _, uid in placed], "text"),
        ):
            if ids:
                value = f"COALESCE({table}.{column}, j.value)" if column == "group_id" else "j.value"
                cursor.execute(
                    f"UPDATE {table} SET {column} = {value} "
                    f"FROM unnest(%s::bigint[], %s::{kind}[]) AS j(id, value) WHERE {table}.id = j.id",
                    [ids, values],
                )


_PACKED = 1 << 31  # (comment id, group id) pairs below it travel as one integer: id << 32 | group


def _update_from_json(cursor, table: str, column: str, rows, keep: bool) -> None:
    """SQLite: UPDATE … FROM a JSON array of (comment id, value) rows in id order, read by
    `json_each` in that order, each comment found by its key. Integer pairs (an n×2 array) travel
    packed into one integer each when they fit: parsed in half the time of [id, value] arrays.
    `keep`: a comment that has a value keeps it."""
    if (
        isinstance(rows, np.ndarray)
        and rows.min() >= 0
        and rows[:, 0].max() < _PACKED
        and rows[:, 1].max() < 1 << 32
    ):
        text = "[" + ",".join(map(str, ((rows[:, 0] << 32) | rows[:, 1]).tolist())) + "]"
        source = "SELECT value >> 32 AS id, value & 4294967295 AS value FROM json_each(%s)"
    else:
        text = json.dumps(rows.tolist() if isinstance(rows, np.ndarray) else rows)
        source = "SELECT json_extract(value, '$[0]') AS id, json_extract(value, '$[1]') AS value FROM json_each(%s)"
    value = f"COALESCE({table}.{column}, j.value)" if keep else "j.value"
    cursor.execute(
        f"UPDATE {table} SET {column} = {value} FROM ({source}) AS j WHERE {table}.id = j.id", [text]
    )


def _members_and_cells(ids: list[int], facts: Facts) -> tuple[int, int]:
    """Members represented (a comment recorded for a cell counts its agreeing members, any other
    one member) and distinct cells, as `refresh_counts` computes them in the database."""
    at = np.searchsorted(facts.ids, np.asarray(ids, dtype=np.int64))
    agreeing, cells = facts.agreeing[at], facts.cells[at]
    return int(np.where(agreeing > 0, agreeing, 1).sum()), len(np.unique(cells[cells >= 0]))


_MEMBERS = Sum(Case(When(agreeing_members__gt=0, then="agreeing_members"), default=Value(1),
                    output_field=IntegerField()))  # fmt: skip


def refresh_counts(groups) -> None:
    """Size, stance counts, members and cells represented, computed by the database."""
    rows = (
        Comment.objects.filter(group__in=groups, status=CommentStatus.ACTIVE)
        .values("group_id", "stance")
        .annotate(n=Count("id"), members=_MEMBERS)
    )
    found: dict[int, dict] = {}
    for row in rows:
        entry = found.setdefault(row["group_id"], {"stance_counts": {}, "members": 0, "size": 0})
        entry["stance_counts"][row["stance"]] = row["n"]
        entry["members"] += row["members"] or 0
        entry["size"] += row["n"]
    cells = Comment.objects.filter(group__in=groups, status=CommentStatus.ACTIVE).values("group_id")
    for cell_row in cells.annotate(cells=Count("cell", distinct=True)):
        found.setdefault(cell_row["group_id"], {"stance_counts": {}, "members": 0, "size": 0})["cells"] = (
            cell_row["cells"]
        )
    changed = []
    for group in CommentGroup.objects.filter(pk__in=groups.values("pk")).only("pk"):
        entry = found.get(group.pk, {})
        group.size = entry.get("size", 0)
        group.stance_counts = entry.get("stance_counts", {})
        group.members = entry.get("members", 0)
        group.cells = entry.get("cells", 0)
        changed.append(group)
    CommentGroup.objects.bulk_update(changed, ["size", "stance_counts", "members", "cells"], batch_size=CHUNK)


# --- the sharded run -----------------------------------------------------------------------------
# prepare (placement of whole-draft comments) → one shard per paragraph (+ "draft") → finish.
# Inline every step runs in this process; with workers the shards are tasks of a few shards each
# and the last task to finish runs the merge (SynthesisRun.shards_left counts them down). A first
# run on workers places in two halves side by side (`_first_run_on_workers`).


def _shard_filter(shard: str) -> Q:
    if shard == DRAFT:
        return Q(block_uid="", suggested_block_uid="")
    return Q(block_uid=shard) | Q(block_uid="", suggested_block_uid=shard)


def _shard_parts(shard: str) -> list[Q]:
    """`_shard_filter` as parts that each follow one index — (consultation, block_uid) and
    (consultation, suggested_block_uid), both in id order — so a shard reads its own comments
    only. Read as one OR, the planner walks the consultation's every comment in id order: with
    60 shards on workers, 60 scans of the whole table."""
    if shard == DRAFT:
        return [_shard_filter(shard)]
    return [Q(block_uid=shard), Q(block_uid="", suggested_block_uid=shard)]


def read_shard_rows(run: SynthesisRun, shard: str, **filters: int) -> list[tuple]:
    """`read_rows` of one shard, each part read through its index, merged in id order."""
    rows: list[tuple] = []
    for part in _shard_parts(shard):
        rows.extend(read_rows(run, extra=part, progress=False, **filters))
    rows.sort(key=lambda row: row[0])
    return rows


def read_shard(
    run: SynthesisRun, shard: str, placed: np.ndarray | None = None, placed_elsewhere: set[int] | None = None
) -> tuple[dict[tuple[str, str, str], list[int]], Facts]:
    """The comments of one shard (those `read_shard_rows` reads) as exact copies — (scope, stance,
    text) → comment ids in id order, what `fold_variants` takes, as `rows_by_shard` gives the
    inline run — with their `Facts`, read in the same pass so that writing the shard's groups
    needs no second read of its comments to count them. Comment ids `placed` on the shard but not
    yet stored as such are read too, and those placed on other shards left out (they still look
    unplaced to the draft shard)."""
    found: list[tuple] = []
    base = Comment.objects.filter(consultation_id=run.consultation_id, status=CommentStatus.ACTIVE).exclude(
        group__edited=True
    )
    fields = (*_ROW_FIELDS, "cell_id", "agreeing_members")
    for part in _shard_parts(shard):
        for batch in _batches(base.filter(part), fields, run):
            found.extend(batch)
    ids = [] if placed is None else placed.tolist()
    for start in range(0, len(ids), CHUNK):
        found.extend(base.filter(pk__in=ids[start : start + CHUNK]).values_list(*fields))
    if placed_elsewhere:
        found = [row for row in found if row[0] not in placed_elsewhere]
    found.sort(key=lambda row: row[0])  # the parts are disjoint, each in id order
    copies = exact_copies(
        (pk, suggested if confirmed and suggested else scope_of(block, section), stance, text)
        for pk, block, section, suggested, confirmed, stance, text, _, _ in found
    )
    facts = Facts(
        np.fromiter((row[0] for row in found), dtype=np.int64, count=len(found)),
        np.fromiter((-1 if row[7] is None else row[7] for row in found), dtype=np.int64, count=len(found)),
        np.fromiter((row[8] for row in found), dtype=np.int64, count=len(found)),
    )
    return copies, facts


def _previous(run: SynthesisRun) -> SynthesisRun | None:
    return (
        SynthesisRun.objects.filter(consultation_id=run.consultation_id, status=RunStatus.DONE, pk__lt=run.pk)
        .order_by("-pk")
        .first()
    )


def _known_shards(run: SynthesisRun) -> dict[str, list[int]]:
    """The shard fingerprints of the last finished run ({} before a first run)."""
    previous = _previous(run)
    return (previous.result or {}).get("shards", {}) if previous else {}


def prepare(run: SynthesisRun) -> list[str]:
    """Counts, places the new whole-draft comments on paragraphs, and returns the shards to
    regroup: every shard on a first run, only the changed ones after."""
    known = _known_shards(run)
    place_loose_comments(run, known)
    return count_and_pick_shards(run, known)


def place_loose_comments(run: SynthesisRun, known: dict[str, list[int]]) -> dict[str, list[int]]:
    """Places the whole-draft comments not yet placed (all of them on a first run: `known` empty)
    on the paragraph they talk about, and stores it as each comment's `suggested_block_uid`.
    Returns paragraph uid → comment ids. (A first run on workers does the same in two halves,
    one task each: see `_first_run_on_workers`.)"""
    draft_rows, named, placed = read_loose_comments(run, known)
    if draft_rows and known:
        _extend(placed, _place_against_groups(run, fold_variants(draft_rows), named))
    elif draft_rows:
        paragraphs, _ = draft_outline(run.consultation)
        place_on_paragraphs(run, fold_variants(draft_rows), read_sample_ideas(run, paragraphs), named, placed)
    assign_comments([], suggested={cid: uid for uid, ids in placed.items() for cid in ids})
    return placed


_LOOSE = Q(block_uid="", placement_confirmed=False)  # whole-draft, paragraph not confirmed


def _loose(run: SynthesisRun):
    """Whole-draft comments whose paragraph no person confirmed."""
    return Comment.objects.filter(_LOOSE, consultation_id=run.consultation_id)


def read_loose_comments(run: SynthesisRun, known: dict[str, list[int]]) -> tuple[list[tuple], dict, dict]:
    """The whole-draft comments to place: the new ones since the last run, or on a first run
    (`known` empty) all of them, their suggested paragraphs cleared. Those naming a paragraph are
    placed at once (`_explicit_references`): returns the rows left to place, the headings named
    by scope, and the comments placed (paragraph uid → ids)."""
    if not known:  # a first run places every whole-draft comment afresh
        _loose(run).exclude(suggested_block_uid="").exclude(group__edited=True).update(suggested_block_uid="")
        return _explicit_references(run, read_rows(run, extra=_LOOSE))
    since = max(top for _, top in known.values())
    return _explicit_references(run, read_rows(run, extra=_LOOSE, pk__gt=since))


def read_sample_ideas(run: SynthesisRun, paragraphs: dict[str, str]) -> list[list[Variant]]:
    """The ideas of each paragraph's first `PLACE_ROWS` comments (`grouping.sample_ideas`)."""
    rows: list[tuple] = []
    for uid in paragraphs:
        sample = (Comment.objects.filter(consultation_id=run.consultation_id, status=CommentStatus.ACTIVE,
                                         block_uid=uid).order_by("pk")
                  .values_list("pk", "stance", "text")[:PLACE_ROWS])  # fmt: skip
        rows.extend((pk, uid, stance, text) for pk, stance, text in sample)
    by_shard: dict[str, list[Variant]] = {}
    for variant in fold_variants(rows):
        by_shard.setdefault(variant.scope, []).append(variant)
    return sample_ideas(by_shard, paragraphs)


def place_on_paragraphs(
    run: SynthesisRun,
    draft: list[Variant],
    ideas: list[list[Variant]],
    named: dict,
    placed: dict[str, list[int]],
) -> None:
    """Adds to `placed` the `draft` variants placed against the paragraphs' sample `ideas` (a
    comment naming a heading only goes to one of that heading's paragraphs)."""
    paragraphs, sections = draft_outline(run.consultation)
    sections = {**sections, **{key[8:]: set(uids) for key, uids in named.items()}}
    for variant, uid in zip(draft, place_draft_variants(ideas, draft, paragraphs, sections), strict=True):
        if uid:
            placed.setdefault(uid, []).extend(variant.ids)


def _extend(placed: dict[str, list[int]], more: dict[str, list[int]]) -> None:
    for uid, ids in more.items():
        placed.setdefault(uid, []).extend(ids)


def count_and_pick_shards(run: SynthesisRun, known: dict[str, list[int]]) -> list[str]:
    """Counts (after the placement: the same scan gives each shard's fingerprint) and returns the
    shards whose fingerprint changed since the last run, largest first."""
    counts, current = counts_and_shards(run.consultation)
    _set(run, total=counts["total"], result=counts)
    # Largest first (as `shard_tasks` orders the tasks of workers).
    changed = [shard for shard, print_ in sorted(current.items(), key=lambda item: -item[1][0])
               if known.get(shard) != print_]  # fmt: skip
    gone = [shard for shard in known if shard not in current]
    result = {
        **run.result,
        "shards": current,
        "previous_shards": known,
        "regrouped_shards": len(changed) + len(gone),
    }
    _set(run, result=result, progress=10)
    return changed + gone


def _explicit_references(
    run: SynthesisRun, rows: list[tuple]
) -> tuple[list[tuple], dict[str, tuple], dict[str, list[int]]]:
    """Whole-draft comments that name a paragraph ("đoạn 3", "điểm 1.2", "khoản b") are placed on
    it at once; those naming a heading ("Điều 2", "mục II") get the scope "section:ref:<n>" so
    the lexical placement only looks among that heading's paragraphs. Returns the rows left to
    place, those scopes' paragraphs, and the comments placed (paragraph uid → ids)."""
    if not rows:
        return rows, {}, {}
    blocks = Block.objects.filter(version_id=run.consultation.version_id).order_by("position")
    outline = outline_of(list(blocks.values_list("uid", "kind", "label")))
    direct: dict[str, list[int]] = {}
    named: dict[str, tuple] = {}
    scope_of_set: dict[tuple, str] = {}
    left = []
    resolved: dict[str, tuple] = {}  # copies of one text are the bulk: each text is read once
    for row in rows:
        uids = resolved.get(row[3])
        if uids is None:
            uids = resolved[row[3]] = resolve(row[3], outline)
        if len(uids) == 1:
            direct.setdefault(uids[0], []).append(row[0])
        elif uids:
            scope = scope_of_set.setdefault(uids, f"section:ref:{len(scope_of_set)}")
            named[scope] = uids
            left.append((row[0], scope, row[2], row[3]))
        else:
            left.append(row)
    return left, named, direct


def _place_against_groups(run: SynthesisRun, draft, named: dict[str, tuple]) -> dict[str, list[int]]:
    """A rerun places new whole-draft comments against the ideas already on paragraphs (their
    representative and campaign texts): no paragraph is read again."""
    groups = CommentGroup.objects.filter(consultation_id=run.consultation_id).exclude(block_uid="")
    standing, block_of = [], {}
    for pk, block, stance, text, campaign_text in groups.values_list(
        "pk", "block_uid", "stance", "representative_text", "campaign_text"
    ):
        standing.append((pk, stance, [text] + ([campaign_text.replace("…", " ")] if campaign_text else [])))
        block_of[pk] = block
    joined, _ = assign_new(draft, standing)
    scope_of_id = {cid: v.scope for v in draft for cid in v.ids}
    by_uid: dict[str, list[int]] = {}
    for group_pk, ids in joined.items():
        uid = block_of[group_pk]
        # A comment that names a heading only goes to one of that heading's paragraphs.
        ids = [cid for cid in ids if scope_of_id[cid] not in named or uid in named[scope_of_id[cid]]]
        by_uid.setdefault(uid, []).extend(ids)
    return by_uid


def rows_by_shard(run: SynthesisRun) -> tuple[dict[str, dict], Facts]:
    """Every comment to group, read once in id order and split by shard (the inline run: one
    scan instead of one query per shard), exact copies already together — per shard, (scope,
    stance, text) → comment ids, what `fold_variants` takes — with each comment's `Facts`."""
    found: dict[str, dict] = {}
    pks: list[int] = []
    cells: list[int] = []
    agreeing: list[int] = []
    base = Comment.objects.filter(consultation_id=run.consultation_id, status=CommentStatus.ACTIVE).exclude(
        group__edited=True
    )
    for batch in _batches(base, (*_ROW_FIELDS, "cell_id", "agreeing_members"), run):
        for pk, block, section, suggested, confirmed, stance, text, cell, agree in batch:
            scope = suggested if confirmed and suggested else scope_of(block, section)
            shard = found.get(block or suggested or DRAFT)
            if shard is None:
                shard = found[block or suggested or DRAFT] = {}
            ids = shard.get((scope, stance, text))
            if ids is None:
                shard[(scope, stance, text)] = [pk]
            else:
                ids.append(pk)
            pks.append(pk)
            cells.append(-1 if cell is None else cell)
            agreeing.append(agree)
    facts = Facts(
        np.array(pks, dtype=np.int64), np.array(cells, dtype=np.int64), np.array(agreeing, dtype=np.int64)
    )
    return found, facts


def run_shard(
    run: SynthesisRun,
    shard: str,
    rows: list[tuple] | dict | None = None,
    facts: Facts | None = None,
    deferred: list[tuple[int, int]] | None = None,
) -> int:
    """Regroups one shard: reads its comments (not those of edited groups) unless given, clusters
    them, and replaces its machine groups. Returns the number of groups written."""
    paragraphs, _ = draft_outline(run.consultation)
    if _incremental(run, shard):
        since = run.result["previous_shards"][shard][1]
        return _add_to_shard(run, shard, since, paragraphs.get(shard, ""), deferred)
    if rows is None:
        rows, facts = read_shard(run, shard)
    variants = fold_variants(rows)
    for variant in variants:
        if variant.scope != shard and shard != DRAFT:
            variant.place = shard
    groups = finish(cluster_variants(variants, paragraphs.get(shard, ""))) if variants else []
    machine = CommentGroup.objects.filter(consultation_id=run.consultation_id, edited=False)
    machine = machine.filter(block_uid=shard) if shard != DRAFT else machine.filter(block_uid="")
    return len(write_groups(run, groups, replace=machine, facts=facts, deferred=deferred))


def _incremental(run: SynthesisRun, shard: str) -> bool:
    cache = run.__dict__.setdefault("_incremental", {})
    if shard not in cache:
        before = (run.result or {}).get("previous_shards", {}).get(shard)
        now = (run.result or {}).get("shards", {}).get(shard)
        cache[shard] = bool(before and now and _only_added(run, shard, before, now))
    return cache[shard]


def _only_added(run, shard, before, now) -> bool:
    """The shard only gained comments since the last run, and not many (≤ INCREMENTAL_SHARE)."""
    added = now[0] - before[0]
    if added <= 0 or added > INCREMENTAL_SHARE * before[0]:
        return False
    shard_rows = Comment.objects.filter(consultation_id=run.consultation_id, status=CommentStatus.ACTIVE)
    new = sum(shard_rows.filter(part, pk__gt=before[1]).count() for part in _shard_parts(shard))
    return new == added


def _add_to_shard(run, shard: str, since: int, draft_text: str, deferred: list | None = None) -> int:
    """Incremental: the new comments of a shard join its existing ideas (nearest group by the
    same average-linkage distance against the group's representative and campaign texts, never
    across stances or clashing discriminators); the rest are clustered into new groups."""
    rows = read_shard_rows(run, shard, pk__gt=since)
    variants = fold_variants(rows)
    for variant in variants:
        if variant.scope != shard and shard != DRAFT:
            variant.place = shard
    existing = CommentGroup.objects.filter(consultation_id=run.consultation_id)
    existing = existing.filter(block_uid=shard) if shard != DRAFT else existing.filter(block_uid="")
    standing = []
    for pk, stance, text, campaign_text in existing.values_list(
        "pk", "stance", "representative_text", "campaign_text"
    ):
        standing.append((pk, stance, [text] + ([campaign_text.replace("…", " ")] if campaign_text else [])))
    joined, left = assign_new(variants, standing, draft_text)
    pairs = [(cid, group_pk) for group_pk, ids in joined.items() for cid in ids]
    placed = {cid for v in variants if v.place for cid in v.ids}
    if deferred is None:
        assign_comments(pairs)
        _count_joined(joined, placed, since)
    else:  # the inline run writes every shard's additions at once, after the last shard
        deferred.extend(pairs)
        pending = run.__dict__.setdefault("_joined", ({}, set(), since))
        pending[0].update(joined)
        pending[1].update(placed)
    groups = finish(cluster_variants(left, draft_text)) if left else []
    if not groups:
        return len(joined)
    # New ideas are few: written and counted at once (their counts come from the database).
    return len(write_groups(run, groups, replace=CommentGroup.objects.none())) + len(joined)


def _count_joined(joined: dict[int, list[int]], placed: set[int], since: int) -> None:
    """Adds the comments that joined existing groups to their counts (size, stance counts,
    members, cells, placed) instead of recounting every member of the group: a rerun after a few
    new comments reads the new ones only. A cell counts once: it is new to the group unless one
    of the group's earlier comments (id ≤ `since`; the joined ones are all newer) already comes
    from it — one indexed probe, stopped at the first row."""
    facts: dict[int, tuple] = {}
    ids = sorted(cid for members in joined.values() for cid in members)
    for start in range(0, len(ids), CHUNK):
        rows = Comment.objects.filter(pk__in=ids[start : start + CHUNK])
        for pk, stance, cell, agreeing in rows.values_list("pk", "stance", "cell_id", "agreeing_members"):
            facts[pk] = (stance, cell, agreeing)
    changed = []
    connection = connections[Comment.objects.db]
    table = connection.ops.quote_name(Comment._meta.db_table)
    probe = f"SELECT 1 FROM {table} WHERE group_id = %s AND cell_id = %s AND status = %s AND id <= %s LIMIT 1"
    cursor = connection.cursor()
    for group in CommentGroup.objects.filter(pk__in=list(joined)):
        new = joined[group.pk]
        counts = dict(group.stance_counts or {})
        for cid in new:
            stance, _, agreeing = facts[cid]
            counts[stance] = counts.get(stance, 0) + 1
            group.members += agreeing if agreeing > 0 else 1
        group.size += len(new)
        group.stance_counts = counts
        group.placed += sum(1 for cid in new if cid in placed)
        for cell in {facts[cid][1] for cid in new} - {None}:
            cursor.execute(probe, [group.pk, cell, CommentStatus.ACTIVE, since])
            if cursor.fetchone() is None:
                group.cells += 1
        changed.append(group)
    # One prepared statement for every group (bulk_update's CASE over hundreds of groups costs
    # seconds of expression building on a rerun that otherwise takes a few).
    quote = connection.ops.quote_name
    json_field = CommentGroup._meta.get_field("stance_counts")
    cursor.executemany(
        f"UPDATE {quote(CommentGroup._meta.db_table)} SET size = %s, stance_counts = %s, members = %s, "
        "cells = %s, placed = %s WHERE id = %s",
        [
            (
                g.size,
                json_field.get_db_prep_value(g.stance_counts, connection),
                g.members,
                g.cells,
                g.placed,
                g.pk,
            )
            for g in changed
        ],
    )
    cursor.close()


def keep_members(run: SynthesisRun, shard: str, pairs: list[tuple[int, int]], facts: Facts) -> None:
    """Stores a shard task's (comment id, group id) pairs for the merge step, with the shard's
    fingerprint from the comments it read (`facts`); a retried shard replaces what it stored."""
    packed = _pack(pairs)
    fingerprint = {"comments": len(facts.ids), "top": int(facts.ids[-1]) if len(facts.ids) else 0}
    ShardMembers.objects.update_or_create(run=run, shard=shard, defaults={"pairs": packed, **fingerprint})


def merge_members(run: SynthesisRun) -> dict[str, list[int]]:
    """The merge step's write: the pairs every shard task kept, set on the comments in one pass
    over the comment table in id order (what the inline run does with its deferred pairs).
    Returns the fingerprints the shard tasks read."""
    kept = ShardMembers.objects.filter(run=run)
    arrays, fingerprints = [], {}
    suggested: dict[int, str] = {}
    for shard, blob, placed, comments, top in kept.values_list("shard", "pairs", "placed", "comments", "top"):
        arrays.append(_unpack(blob).reshape(-1, 2))
        suggested.update(dict.fromkeys(_unpack(placed).tolist(), shard))
        if comments:
            fingerprints[shard] = [comments, top]
    with transaction.atomic():
        if arrays:
            assign_comments(np.concatenate(arrays), suggested=suggested)
        kept.delete()
    return fingerprints


def _pack(ids) -> bytes:
    """Comment ids, or (comment id, group id) pairs, as 64-bit integers for ShardMembers."""
    return np.asarray(ids, dtype=np.int64).tobytes()


def _unpack(blob) -> np.ndarray:
    return np.frombuffer(bytes(blob), dtype=np.int64)


def _placement_for(run: SynthesisRun, shard: str) -> tuple[np.ndarray | None, set[int] | None]:
    """The ids the run's placement put on `shard` and left for the merge step to store; for the
    draft shard, every id it placed anywhere (to leave out)."""
    kept = ShardMembers.objects.filter(run=run)
    if shard == DRAFT:
        return None, {cid for blob in kept.values_list("placed", flat=True) for cid in _unpack(blob).tolist()}
    blob = kept.filter(shard=shard).values_list("placed", flat=True).first()
    return (None if blob is None else _unpack(blob)), None


def _merge(run: SynthesisRun) -> None:
    """The merge step of a run on workers, run by the task that finishes last."""
    fingerprints = merge_members(run)
    run.refresh_from_db()
    if "shards" not in run.result:  # a first run on workers: its shard tasks counted themselves
        _add_to_result(run, shards=fingerprints, previous_shards={})
    finish_run(run)


def finish_run(run: SynthesisRun) -> None:
    """The merge step: counts per group, the run's result, done."""
    run.refresh_from_db()
    groups = CommentGroup.objects.filter(consultation_id=run.consultation_id)
    result = dict(run.result)
    sizes = list(groups.values_list("size", flat=True))
    result["groups"] = sum(1 for n in sizes if n > 1)
    result["grouped_comments"] = sum(n for n in sizes if n > 1)
    result["placed_comments"] = sum(groups.values_list("placed", flat=True))
    result["kept_groups"] = groups.filter(edited=True).count()
    _set(run, status=RunStatus.DONE, progress=100, result=result, reused=result["kept_groups"],
         finished_at=timezone.now())  # fmt: skip


def shard_done(run_id: int) -> bool:
    """Counts a finished shard down; True for the last one (which then runs the merge step)."""
    with transaction.atomic():
        SynthesisRun.objects.filter(pk=run_id, shards_left__gt=0).update(shards_left=F("shards_left") - 1)
        return SynthesisRun.objects.filter(pk=run_id, shards_left=0).exists()


@contextmanager
def _collector_paused():
    """A run (or a shard) holds many small objects for a while: the cyclic collector, walking
    them again and again as they are allocated, cost more than the grouping. It is paused for the
    step (nothing here builds reference cycles that must be collected early)."""
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if collecting:
            gc.enable()


@contextmanager
def _mapped():
    """On SQLite, the database file is read through memory mapping for the step: a shard reads
    its paragraph's comments through an index, a row here and a row there over the whole table,
    and each page read otherwise costs a system call and a copy (half of a shard's read time)."""
    connection = connections[Comment.objects.db]
    if connection.vendor != "sqlite":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute(f"PRAGMA mmap_size={MMAP_BYTES}")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA mmap_size=0")


def _guarded(run_id: int, step) -> SynthesisRun | None:
    run = SynthesisRun.objects.select_related("consultation").filter(pk=run_id).first()
    if run is None:
        logger.warning("synthesis run %s is gone", run_id)
        return None
    try:
        _check_cancel(run)
        with _collector_paused(), _mapped():
            step(run)
    except Cancelled:
        _set(run, status=RunStatus.CANCELLED, finished_at=timezone.now())
        ShardMembers.objects.filter(run=run).delete()
    except Exception as error:
        logger.exception("synthesis run %s failed", run_id)
        detail = str(error)[:2000]  # operator-facing: no page shows a run's error; the log has the rest
        _set(run, status=RunStatus.FAILED, error=detail, finished_at=timezone.now())
        ShardMembers.objects.filter(run=run).delete()
    return run


def shard_tasks(run: SynthesisRun, shards: list[str]) -> list[list[str]]:
    """The shards grouped into worker tasks, largest shards first, each task a quarter of the
    comments not yet given to one but at least `TASK_COMMENTS` ("guided" sizes): big tasks
    first, since a task has a fixed cost (a forked process, a database connection, cold caches
    of comment keys: about 0.2 s), and small ones at the end, so that workers sharing them finish
    together. Sizes come from the paragraph index alone (no row is read); "" stands for the
    whole-draft comments, an upper bound of the draft shard."""
    sizes = dict(
        Comment.objects.filter(consultation_id=run.consultation_id)
        .order_by()
        .values_list("block_uid")
        .annotate(n=Count("id"))
    )
    size = {shard: sizes.get("" if shard == DRAFT else shard, 0) for shard in shards}
    left = sum(size.values())
    tasks: list[list[str]] = []
    filled = target = 0
    for shard in sorted(shards, key=lambda shard: -size[shard]):
        if not tasks or filled >= target:
            tasks.append([])
            filled, target = 0, max(TASK_COMMENTS, left // GUIDED_SHARE)
        tasks[-1].append(shard)
        filled += size[shard]
        left -= size[shard]
    return tasks


PLACEMENT_DRAFT, PLACEMENT_SAMPLES = "placement:draft", "placement:samples"  # ShardMembers rows


def _first_run_on_workers(run: SynthesisRun, enqueue_shards, enqueue_counts, enqueue_samples) -> None:
    """A first run regroups every shard, so on workers its shard list needs no counting scan:
    the counts become a task of their own, and each shard task records its own fingerprint (a
    shard's comments of groups a person edited are not in it: the next run then regroups that
    shard, which is only slower). The placement of whole-draft comments is two halves run side
    by side: this task folds the whole-draft comments while a `synthesize_samples` task finds
    the ideas of each paragraph's sample; the half that ends last places the first against the
    second and queues the shard tasks (`_join_placement`). The last of the counts and shard
    tasks runs the merge step."""
    paragraphs, _ = draft_outline(run.consultation)
    shards = [*paragraphs, DRAFT]
    tasks = shard_tasks(run, shards)
    loose = _loose(run).filter(status=CommentStatus.ACTIVE).exists()
    parts = [PLACEMENT_DRAFT, PLACEMENT_SAMPLES] if loose else [PLACEMENT_DRAFT]
    # Added to, not replaced: a retried run task must not forget a half another task finished.
    before = _add_to_result(run, regrouped_shards=len(shards), tasks=tasks, placement_parts=parts)
    _set(run, shards_left=len(tasks) + 1)
    if loose and enqueue_samples is None:  # no task for it: this task finds them first
        _find_sample_ideas(run)
    elif loose and not before.get("samples_queued"):
        enqueue_samples(run.pk)
        _add_to_result(run, samples_queued=True)
    enqueue_counts(run.pk)  # queued after the samples: those start first
    draft_rows, named, placed = read_loose_comments(run, {})
    half = {"draft": [_variant_json(v) for v in fold_variants(draft_rows)], "named": named, "placed": placed}
    ShardMembers.objects.update_or_create(run=run, shard=PLACEMENT_DRAFT, defaults={"work": half})
    if _placement_part_done(run, PLACEMENT_DRAFT):
        _join_placement(run, enqueue_shards)


def _find_sample_ideas(run: SynthesisRun) -> bool:
    """The samples half of the placement; True when it finishes the placement's last half."""
    paragraphs, _ = draft_outline(run.consultation)
    ideas = [[_variant_json(v) for v in idea] for idea in read_sample_ideas(run, paragraphs)]
    ShardMembers.objects.update_or_create(run=run, shard=PLACEMENT_SAMPLES, defaults={"work": ideas})
    return _placement_part_done(run, PLACEMENT_SAMPLES)


def _placement_part_done(run: SynthesisRun, part: str) -> bool:
    """Records a finished half of the placement; True for the call that finishes the last one."""
    with transaction.atomic():
        result = SynthesisRun.objects.select_for_update().get(pk=run.pk).result or {}
        done = sorted({*result.get("placement_done", []), part})
        _set(run, result={**result, "placement_done": done})
    # Once the shards are queued, a half run again (a duplicate task) has nothing left to join.
    return set(done) >= set(result.get("placement_parts", [])) and not result.get("queued")


def _join_placement(run: SynthesisRun, enqueue_shards) -> None:
    """Places the folded whole-draft comments against the paragraphs' sample ideas, keeps the
    placed ids for the shards (ShardMembers.placed) and queues the shard tasks."""
    halves: dict[str, Any] = dict(
        ShardMembers.objects.filter(run=run, shard__in=[PLACEMENT_DRAFT, PLACEMENT_SAMPLES]).values_list(
            "shard", "work"
        )
    )
    draft, ideas = halves[PLACEMENT_DRAFT], halves.get(PLACEMENT_SAMPLES) or []
    placed = {uid: list(ids) for uid, ids in draft["placed"].items()}
    named = {scope: tuple(uids) for scope, uids in draft["named"].items()}
    variants = [_variant_of(v) for v in draft["draft"]]
    if variants:
        place_on_paragraphs(run, variants, [[_variant_of(v) for v in idea] for idea in ideas], named, placed)
    with transaction.atomic():
        # The halves, and what a join run again (its task retried) stored before.
        ShardMembers.objects.filter(run=run, pairs=b"").delete()
        ShardMembers.objects.bulk_create(
            ShardMembers(run=run, shard=uid, placed=_pack(ids)) for uid, ids in placed.items()
        )
    _set(run, progress=10)
    _enqueue_shards(run, run.result["tasks"], enqueue_shards)


def _variant_json(variant: Variant) -> list:
    """A variant as JSON for the other half of the placement (discriminator sets as lists)."""
    sig = [[name, sorted(values)] for name, values in variant.sig]
    return [variant.scope, variant.stance, variant.key, variant.ids, variant.text, sig, variant.place]


def _variant_of(row: list) -> Variant:
    scope, stance, key, ids, text, sig, place = row
    return Variant(
        scope, stance, key, ids, text, tuple((name, frozenset(values)) for name, values in sig), place
    )


def _enqueue_shards(run: SynthesisRun, tasks: list[list[str]], enqueue_shards) -> None:
    for shards in tasks:
        enqueue_shards(run.pk, shards)
    _add_to_result(run, queued=True)  # a retried run task now leaves them be


def execute_run(
    run_id: int, enqueue_shards=None, enqueue_counts=None, enqueue_samples=None
) -> SynthesisRun | None:
    """Runs one synthesis. Inline (`enqueue_shards` None) every shard runs here, in turn; with
    workers, `enqueue_shards(run_id, shards)` queues the shards as tasks of a few shards each
    (`shard_tasks`), and on a first run `enqueue_counts(run_id)` the counts and
    `enqueue_samples(run_id)` half of the placement."""
    run = SynthesisRun.objects.filter(pk=run_id).first()
    if run is None:
        logger.warning("synthesis run %s is gone", run_id)
        return None
    # RUNNING too: a run is enqueued once, so finding it running means its worker died mid-way and
    # the task engine retried it (CHUYENDE_TASKS=rq); it starts again from the comments — unless its
    # shards were already queued as tasks of their own, which the engine retries one by one.
    if run.status not in (RunStatus.QUEUED, RunStatus.RUNNING):
        return run
    if run.status == RunStatus.RUNNING and enqueue_shards is not None and (run.result or {}).get("queued"):
        return run

    def steps(run):
        _set(run, status=RunStatus.RUNNING, progress=1)
        if enqueue_shards is not None and enqueue_counts is not None and not _known_shards(run):
            _first_run_on_workers(run, enqueue_shards, enqueue_counts, enqueue_samples)
            return
        shards = prepare(run)
        if enqueue_shards is not None and shards:
            tasks = shard_tasks(run, shards)
            _set(run, shards_left=len(tasks))
            _enqueue_shards(run, tasks, enqueue_shards)
            return
        incremental = {s for s in shards if _incremental(run, s)}
        everything, facts = rows_by_shard(run) if len(incremental) < len(shards) else ({}, None)
        deferred: list[tuple[int, int]] = []
        for index, shard in enumerate(shards):
            _check_cancel(run)
            given = None if shard in incremental else everything.get(shard, {})
            run_shard(run, shard, given, facts, deferred)
            _set(run, progress=10 + 80 * (index + 1) // len(shards))
        assign_comments(deferred)
        if "_joined" in run.__dict__:
            _count_joined(*run.__dict__.pop("_joined"))
        finish_run(run)

    return _guarded(run_id, steps)


def execute_shards(run_id: int, shards: list[str]) -> SynthesisRun | None:
    """One task of a run queued on workers: a few shards; the last task runs the merge step."""

    def step(run):
        if run.status != RunStatus.RUNNING:
            return
        for shard in shards:
            _check_cancel(run)
            if _incremental(run, shard):  # a few new comments: written at once
                run_shard(run, shard)
            else:
                pairs: list[tuple[int, int]] = []
                rows, facts = read_shard(run, shard, *_placement_for(run, shard))
                run_shard(run, shard, rows, facts, deferred=pairs)
                keep_members(run, shard, pairs, facts)
        if shard_done(run.pk):
            _merge(run)

    return _guarded(run_id, step)


def execute_counts(run_id: int) -> SynthesisRun | None:
    """The counts of a first run on workers (see `_first_run_on_workers`), beside its shards."""

    def step(run):
        if run.status != RunStatus.RUNNING:
            return
        counts, _ = counts_and_shards(run.consultation, shards=False)
        _set(run, total=counts["total"])
        # Counted down once: a run task retried after its worker died queues the counts again,
        # and this task may still finish after that.
        before = _add_to_result(run, **counts, counted=True)
        if not before.get("counted") and shard_done(run.pk):
            _merge(run)

    return _guarded(run_id, step)


def execute_samples(run_id: int, enqueue_shards) -> SynthesisRun | None:
    """The paragraphs' sample ideas of a first run on workers, beside the whole-draft comments
    the run task folds (see `_first_run_on_workers`); the half that ends last joins them."""

    def step(run):
        found = run.status == RunStatus.RUNNING and _find_sample_ideas(run)
        if found:
            _join_placement(run, enqueue_shards)

    return _guarded(run_id, step)

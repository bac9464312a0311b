"""Executing a synthesis run: counts, then grouping by idea, writing progress and honouring the
cancel flag between steps. Called by the task (`tasks.synthesize`), inline when no worker runs.

Human decisions survive a rerun: comments of a group a person edited are not read again (the
group stays as it is), and a placement the office confirmed is used as the comment's target."""

import logging

from django.db import transaction
from django.db.models import Case, Count, IntegerField, Sum, Value, When
from django.utils import timezone

from ..enums import BlockKind, CommentStatus, RunStatus
from ..models import Block, Comment, CommentGroup, SynthesisRun
from .counts import comment_counts
from .grouping import Group, group_comments, is_paragraph

logger = logging.getLogger(__name__)
BATCH = 50_000
CHUNK = 2_000


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


def read_rows(run: SynthesisRun, **filters) -> list[tuple[int, str, str, str]]:
    """(id, scope, stance, text) of the active comments to group: not those of edited groups."""
    rows: list[tuple[int, str, str, str]] = []
    base = Comment.objects.filter(
        consultation_id=run.consultation_id, status=CommentStatus.ACTIVE, **filters
    ).exclude(group__edited=True)
    last = 0
    while True:
        batch = list(
            base.filter(pk__gt=last)
            .order_by("pk")
            .values_list("pk", "block_uid", "section_uid", "suggested_block_uid", "placement_confirmed",
                         "stance", "text")[:BATCH]
        )  # fmt: skip
        if not batch:
            return rows
        for pk, block, section, suggested, confirmed, stance, text in batch:
            rows.append(
                (pk, suggested if confirmed and suggested else scope_of(block, section), stance, text)
            )
        last = batch[-1][0]
        _check_cancel(run)
        _set(run, progress=min(5 + len(rows) * 25 // max(run.total, 1), 30))


def write_groups(run: SynthesisRun, groups: list[Group], *, replace: bool = True) -> list[CommentGroup]:
    """Replaces the consultation's machine groups (edited ones stay) with `groups`, records the
    paragraph suggested for each whole-draft comment, and counts members and cells per group."""
    consultation_id = run.consultation_id
    with transaction.atomic():
        if replace:
            machine = CommentGroup.objects.filter(consultation_id=consultation_id, edited=False)
            Comment.objects.filter(group__in=machine).update(group=None)
            machine.delete()
            Comment.objects.filter(
                consultation_id=consultation_id, placement_confirmed=False, group__isnull=True
            ).exclude(suggested_block_uid="").update(suggested_block_uid="")
        created = CommentGroup.objects.bulk_create(
            [
                CommentGroup(
                    consultation_id=consultation_id, run=run,
                    block_uid=g.scope if is_paragraph(g.scope) else "", scope=g.scope, stance=g.stance,
                    representative_id=g.representative_id, representative_text=g.representative_text,
                    size=len(g.comment_ids), stance_counts={g.stance: len(g.comment_ids)},
                    placed=len(g.placed_ids), campaign=g.campaign, campaign_text=g.campaign_text,
                )
                for g in groups
            ],
            batch_size=CHUNK,
        )  # fmt: skip
        for row, group in zip(created, groups, strict=True):
            for start in range(0, len(group.comment_ids), CHUNK):
                ids = group.comment_ids[start : start + CHUNK]
                Comment.objects.filter(pk__in=ids).update(group_id=row.pk)
            for start in range(0, len(group.placed_ids), CHUNK):
                ids = group.placed_ids[start : start + CHUNK]
                Comment.objects.filter(pk__in=ids, placement_confirmed=False).update(
                    suggested_block_uid=row.block_uid
                )
        refresh_counts(CommentGroup.objects.filter(pk__in=[g.pk for g in created]))
    return created


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


def execute_run(run_id: int) -> SynthesisRun | None:
    """Runs one synthesis: counts by paragraph, section, channel, cell and stance; then groups the
    comments by idea (grouping.py), keeping the groups a person edited."""
    run = SynthesisRun.objects.select_related("consultation").filter(pk=run_id).first()
    if run is None:
        logger.warning("synthesis run %s is gone", run_id)
        return None
    # RUNNING too: a run is enqueued once, so finding it running means its worker died mid-way
    # and the task engine retried it (CHUYENDE_TASKS=rq); the run starts again from the comments.
    if run.status not in (RunStatus.QUEUED, RunStatus.RUNNING):
        return run
    try:
        _set(run, status=RunStatus.RUNNING, progress=1)
        counts = comment_counts(run.consultation)
        _set(run, total=counts["total"], progress=5)
        rows = read_rows(run)
        paragraphs, sections = draft_outline(run.consultation)
        groups = group_comments(rows, paragraphs, sections)
        _set(run, progress=80)
        _check_cancel(run)
        write_groups(run, groups)
        counts["groups"] = sum(1 for g in groups if len(g.comment_ids) > 1)
        counts["grouped_comments"] = sum(len(g.comment_ids) for g in groups if len(g.comment_ids) > 1)
        counts["placed_comments"] = sum(len(g.placed_ids) for g in groups)
        counts["kept_groups"] = CommentGroup.objects.filter(
            consultation_id=run.consultation_id, edited=True
        ).count()
        _set(run, status=RunStatus.DONE, progress=100, result=counts, reused=counts["kept_groups"],
             finished_at=timezone.now())  # fmt: skip
    except Cancelled:
        _set(run, status=RunStatus.CANCELLED, finished_at=timezone.now())
    except Exception as error:
        logger.exception("synthesis run %s failed", run_id)
        _set(run, status=RunStatus.FAILED, error=str(error)[:2000], finished_at=timezone.now())
    return run

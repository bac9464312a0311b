"""The grouping as data: pages of groups with their comment ids (API), every group streamed as
JSON lines, and an XLSX workbook for the office. Groups are read in pages and their comment ids
in one query per page, so a million comments never sit in memory at once."""

import io
import json
from collections.abc import Iterator

from django.utils.translation import gettext as _

from chuyende.common.exports import safe_row

from ..enums import CommentStatus, Stance
from ..models import Block, Comment, CommentGroup, Consultation

PAGE = 500


def _labels(consultation: Consultation) -> dict[str, str]:
    blocks = Block.objects.filter(version_id=consultation.version_id).values_list("uid", "label", "text")
    return {uid: (label or text[:40]) for uid, label, text in blocks}


def _ids_by_group(groups: list[CommentGroup]) -> tuple[dict[int, list[int]], dict[int, list[int]]]:
    ids: dict[int, list[int]] = {g.pk: [] for g in groups}
    placed: dict[int, list[int]] = {g.pk: [] for g in groups}
    rows = (
        Comment.objects.filter(group__in=[g.pk for g in groups], status=CommentStatus.ACTIVE)
        .order_by("pk")
        .values_list("group_id", "pk", "block_uid", "suggested_block_uid")
    )
    for group_id, pk, block_uid, suggested in rows.iterator(chunk_size=20_000):
        ids[group_id].append(pk)
        if not block_uid and suggested:
            placed[group_id].append(pk)
    return ids, placed


def _item(group: CommentGroup, ids, placed, labels) -> dict:
    if group.block_uid:
        target = {"kind": "paragraph", "block_uid": group.block_uid, "label": labels.get(group.block_uid, "")}
    elif group.scope.startswith("section:"):
        uid = group.scope[8:]
        target = {"kind": "section", "block_uid": uid, "label": labels.get(uid, "")}
    else:
        target = {"kind": "draft", "block_uid": "", "label": ""}
    return {
        "id": group.pk, "target": target, "block_uid": group.block_uid, "stance": group.stance,
        "size": group.size, "comment_ids": ids, "placed_comment_ids": placed,
        "representative_id": group.representative_id, "representative_text": group.representative_text,
        "stance_counts": group.stance_counts, "members": group.members, "cells": group.cells,
        "campaign": group.campaign, "campaign_text": group.campaign_text, "edited": group.edited,
        "seen": group.seen_at is not None,
    }  # fmt: skip


def group_page(consultation: Consultation, page: int, page_size: int = 100) -> dict:
    """{"count", "items"}: page `page` (from 1) of the groups, largest first."""
    groups_qs = CommentGroup.objects.filter(consultation=consultation).order_by("-size", "pk")
    start = (max(page, 1) - 1) * page_size
    groups = list(groups_qs[start : start + page_size])
    ids, placed = _ids_by_group(groups)
    labels = _labels(consultation)
    return {
        "count": groups_qs.count(),
        "items": [_item(g, ids[g.pk], placed[g.pk], labels) for g in groups],
    }


def iter_groups(consultation: Consultation) -> Iterator[dict]:
    """Every group, largest first, read PAGE groups at a time."""
    labels = _labels(consultation)
    base = CommentGroup.objects.filter(consultation=consultation).order_by("-size", "pk")
    offset = 0
    while True:
        groups = list(base[offset : offset + PAGE])
        if not groups:
            return
        ids, placed = _ids_by_group(groups)
        for group in groups:
            yield _item(group, ids[group.pk], placed[group.pk], labels)
        offset += PAGE


def iter_jsonl(consultation: Consultation) -> Iterator[bytes]:
    for item in iter_groups(consultation):
        yield (json.dumps(item, ensure_ascii=False) + "\n").encode()


def groups_xlsx(consultation: Consultation) -> bytes:
    """A workbook with a sheet of groups (one line each) and a sheet of comments with their group."""
    from openpyxl import Workbook

    stances = dict(Stance.choices)
    book = Workbook(write_only=True)
    sheet = book.create_sheet(_("Nhóm ý kiến"))
    sheet.append([
        _("Nhóm"), _("Đoạn"), _("Ý kiến"), _("Số ý kiến"), _("Số đảng viên"), _("Số chi bộ"),
        _("Gợi ý từ góp ý chung"), _("Chiến dịch (bản sao)"), _("Ý kiến đại diện"), _("Đã xem"),
        _("Do người sửa"),
    ])  # fmt: skip
    for item in iter_groups(consultation):
        sheet.append(safe_row(sheet, [
            item["id"], item["target"]["label"] or _("Toàn văn dự thảo"), str(stances.get(item["stance"], "")),
            item["size"], item["members"], item["cells"], len(item["placed_comment_ids"]), item["campaign"],
            item["representative_text"], _("Có") if item["seen"] else "", _("Có") if item["edited"] else "",
        ]))  # fmt: skip
    comments = book.create_sheet(_("Ý kiến"))
    comments.append([_("Mã ý kiến"), _("Nhóm"), _("Đoạn"), _("Đoạn gợi ý"), _("Ý kiến"), _("Nội dung góp ý")])
    labels = _labels(consultation)
    rows = (
        Comment.objects.filter(consultation=consultation, status=CommentStatus.ACTIVE)
        .order_by("group_id", "pk")
        .values_list("pk", "group_id", "block_uid", "suggested_block_uid", "stance", "text")
    )
    for pk, group_id, block_uid, suggested, stance, text in rows.iterator(chunk_size=20_000):
        comments.append(safe_row(comments, [  # a comment typed as "=…" stays text in Excel
            pk, group_id, labels.get(block_uid, "") if block_uid else _("Toàn văn dự thảo"),
            labels.get(suggested, ""), str(stances.get(stance, "")), text,
        ]))  # fmt: skip
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()

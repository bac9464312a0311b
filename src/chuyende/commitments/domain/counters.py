"""Keeps `ProgressCounter` in step with the items: every domain function that changes what an
approved item counts as calls `shift` inside its transaction with the item's key before and
after. `rebuild` recomputes everything from the items (after a bulk load, or to repair)."""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from django.db import IntegrityError, transaction
from django.db.models import Count, F, Sum

from chuyende.orgs.models.organization import PATH_SEGMENT_WIDTH

from ..enums import CommitmentState, Phase
from ..models import CommitmentItem, ProgressCounter
from ..status import derive_phase


@dataclass(frozen=True)
class Counted:
    """What one item adds to the counters."""

    cell_path: str
    deadline: date
    phase: str
    percent: int


def counted(item: CommitmentItem, *, approved: bool | None = None) -> Counted | None:
    """The item's contribution, or None when it does not count (draft commitment, withdrawn)."""
    if approved is None:
        approved = item.commitment.state == CommitmentState.APPROVED
    if not approved or item.withdrawn:
        return None
    verified = item.verified_at is not None
    phase = derive_phase(accepted_percent=item.accepted_percent, verified=verified)
    percent = 100 if verified else item.accepted_percent
    return Counted(item.cell_path, item.deadline, phase, percent)


def _ancestors(cell_path: str) -> list[str]:
    return [cell_path[:end] for end in range(PATH_SEGMENT_WIDTH, len(cell_path) + 1, PATH_SEGMENT_WIDTH)]


def shift(changes: Iterable[tuple[Counted | None, Counted | None]]) -> None:
    """Applies (before, after) pairs to the counters of the cell and every organization above."""
    deltas: dict[tuple[str, date, str], list[int]] = defaultdict(lambda: [0, 0])
    for before, after in changes:
        if before == after:
            continue
        for sign, entry in ((-1, before), (1, after)):
            if entry is None:
                continue
            for path in _ancestors(entry.cell_path):
                delta = deltas[(path, entry.deadline, entry.phase)]
                delta[0] += sign
                delta[1] += sign * entry.percent
    with transaction.atomic():
        for (path, deadline, phase), (items, percent) in sorted(deltas.items()):
            if items == 0 and percent == 0:
                continue
            _apply(path, deadline, phase, items, percent)


def _apply(path: str, deadline: date, phase: str, items: int, percent: int) -> None:
    rows = ProgressCounter.objects.filter(org_path=path, deadline=deadline, phase=phase)
    if rows.update(items=F("items") + items, percent_sum=F("percent_sum") + percent):
        return
    try:
        with transaction.atomic():
            ProgressCounter.objects.create(
                org_path=path,
                depth=len(path) // PATH_SEGMENT_WIDTH - 1,
                deadline=deadline,
                phase=phase,
                items=items,
                percent_sum=percent,
            )
    except IntegrityError:  # another writer created the row first
        rows.update(items=F("items") + items, percent_sum=F("percent_sum") + percent)


def rebuild() -> int:
    """Recomputes every counter from the approved, not withdrawn items. Returns rows written."""
    per_cell = (
        CommitmentItem.objects.filter(commitment__state=CommitmentState.APPROVED, withdrawn=False)
        .values("cell_path", "deadline", "accepted_percent")
        .annotate(n=Count("id"), verified=Count("verified_at"))
        .order_by()
    )
    totals: dict[tuple[str, date, str], list[int]] = defaultdict(lambda: [0, 0])
    for row in per_cell.iterator(chunk_size=5000):
        unverified = row["n"] - row["verified"]
        open_phase = derive_phase(accepted_percent=row["accepted_percent"], verified=False)
        parts = ((Phase.VERIFIED, row["verified"], 100), (open_phase, unverified, row["accepted_percent"]))
        for phase, n, percent in parts:
            if not n:
                continue
            for path in _ancestors(row["cell_path"]):
                total = totals[(path, row["deadline"], phase)]
                total[0] += n
                total[1] += n * percent
    with transaction.atomic():
        ProgressCounter.objects.all().delete()
        ProgressCounter.objects.bulk_create(
            (
                ProgressCounter(
                    org_path=path,
                    depth=len(path) // PATH_SEGMENT_WIDTH - 1,
                    deadline=deadline,
                    phase=phase,
                    items=items,
                    percent_sum=percent,
                )
                for (path, deadline, phase), (items, percent) in totals.items()
                if items
            ),
            batch_size=5000,
        )
    return ProgressCounter.objects.count()


def counter_totals(path: str) -> dict[str, int]:
    """Items and percent sum of one organization (for checks)."""
    row = ProgressCounter.objects.filter(org_path=path).aggregate(
        items=Sum("items"), percent=Sum("percent_sum")
    )
    return {"items": row["items"] or 0, "percent": row["percent"] or 0}

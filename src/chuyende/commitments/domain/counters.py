"""Keeps `ProgressCounter` in step with the items: every domain function that changes what an
approved item counts as calls `shift` inside its transaction with the item's key before and
after. `rebuild` recomputes everything from the items (after a bulk load, or to repair)."""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from django.db import IntegrityError, transaction
from django.db.models import Case, CharField, Count, DateField, F, IntegerField, Sum, Value, When
from django.db.models.functions import Substr, TruncMonth

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


def _keys(entry: Counted) -> list[tuple[str, date]]:
    keys = [(ProgressCounter.MONTH, entry.deadline.replace(day=1))]
    if entry.phase == Phase.OPEN:
        keys.append((ProgressCounter.DAY, entry.deadline))
    return keys


def shift(changes: Iterable[tuple[Counted | None, Counted | None]]) -> None:
    """Applies (before, after) pairs to the counters of the cell and every organization above."""
    deltas: dict[tuple[str, str, date, str], list[int]] = defaultdict(lambda: [0, 0])
    for before, after in changes:
        if before == after:
            continue
        for sign, entry in ((-1, before), (1, after)):
            if entry is None:
                continue
            for path in _ancestors(entry.cell_path):
                for bucket, deadline in _keys(entry):
                    delta = deltas[(path, bucket, deadline, entry.phase)]
                    delta[0] += sign
                    delta[1] += sign * entry.percent
    with transaction.atomic():
        for (path, bucket, deadline, phase), (items, percent) in sorted(deltas.items()):
            if items == 0 and percent == 0:
                continue
            _apply(path, bucket, deadline, phase, items, percent)


def _apply(path: str, bucket: str, deadline: date, phase: str, items: int, percent: int) -> None:
    rows = ProgressCounter.objects.filter(org_path=path, bucket=bucket, deadline=deadline, phase=phase)
    if rows.update(items=F("items") + items, percent_sum=F("percent_sum") + percent):
        return
    try:
        with transaction.atomic():
            ProgressCounter.objects.create(
                org_path=path,
                depth=len(path) // PATH_SEGMENT_WIDTH - 1,
                bucket=bucket,
                deadline=deadline,
                phase=phase,
                items=items,
                percent_sum=percent,
            )
    except IntegrityError:  # another writer created the row first
        rows.update(items=F("items") + items, percent_sum=F("percent_sum") + percent)


def rebuild() -> int:
    """Recomputes every counter from the approved, not withdrawn items, in grouped queries (one
    per tree level and granularity; no item is loaded). Returns the number of counter rows."""
    live = CommitmentItem.objects.filter(commitment__state=CommitmentState.APPROVED, withdrawn=False)
    lengths = sorted({len(p) for p in live.values_list("cell_path", flat=True).distinct()})
    depths = range(1, (max(lengths) // PATH_SEGMENT_WIDTH) + 1) if lengths else range(0)
    phase = Case(
        When(verified_at__isnull=False, then=Value(Phase.VERIFIED.value)),
        When(accepted_percent__gte=100, then=Value(Phase.DONE.value)),
        default=Value(Phase.OPEN.value),
        output_field=CharField(),
    )
    percent = Case(When(verified_at__isnull=False, then=Value(100)), default="accepted_percent",
                   output_field=IntegerField())  # fmt: skip
    with transaction.atomic():
        ProgressCounter.objects.all().delete()
        for level in depths:
            prefix = Substr("cell_path", 1, level * PATH_SEGMENT_WIDTH)
            for bucket in (ProgressCounter.MONTH, ProgressCounter.DAY):
                rows = live.annotate(prefix=prefix, c_phase=phase, c_percent=percent)
                if bucket == ProgressCounter.DAY:
                    rows = rows.filter(c_phase=Phase.OPEN).annotate(c_deadline=F("deadline"))
                else:
                    rows = rows.annotate(c_deadline=TruncMonth("deadline", output_field=DateField()))
                grouped = (
                    rows.values("prefix", "c_deadline", "c_phase")
                    .annotate(n=Count("id"), total=Sum("c_percent"))
                    .order_by()
                )
                ProgressCounter.objects.bulk_create(
                    (
                        ProgressCounter(
                            org_path=row["prefix"],
                            depth=level - 1,
                            bucket=bucket,
                            deadline=row["c_deadline"],
                            phase=row["c_phase"],
                            items=row["n"],
                            percent_sum=row["total"],
                        )  # fmt: skip
                        for row in grouped.iterator(chunk_size=5000)
                        if len(row["prefix"]) == level * PATH_SEGMENT_WIDTH
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

"""Roll-up of commitment progress, weighted by item: member → cell → committee → superior.

Above a cell the answer comes from `ProgressCounter` in one grouped query over the children's
rows (children × deadlines × 3 rows, whatever the number of members and items). Inside a cell
it is one grouped query over the cell's items by owner. Statuses that depend on the day are
decided in SQL by comparing the deadline with today, so nothing is loaded row by row.
"""

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from django.db.models import Case, Count, IntegerField, Q, Sum, Value, When

from chuyende.common.replica import on_replica
from chuyende.orgs.models import Member, Organization
from chuyende.orgs.models.organization import path_successor

from ..enums import DUE_SOON_DAYS, CommitmentState, Phase
from ..models import CommitmentItem, ProgressCounter


@dataclass
class RollupRow:
    key: str
    label: str
    items: int = 0
    percent_sum: int = 0
    on_track: int = 0
    due_soon: int = 0
    overdue: int = 0
    done: int = 0
    verified: int = 0
    organization: Organization | None = None
    member: Member | None = None

    @property
    def percent(self) -> float:
        return round(self.percent_sum / self.items, 1) if self.items else 0.0

    def share(self, status: str) -> float:
        return round(100 * getattr(self, status) / self.items, 1) if self.items else 0.0

    # Shares for the bars of the dashboard (templates cannot pass arguments).
    share_on_track = property(lambda self: self.share("on_track"))
    share_due_soon = property(lambda self: self.share("due_soon"))
    share_overdue = property(lambda self: self.share("overdue"))
    share_done = property(lambda self: self.share("done"))
    share_verified = property(lambda self: self.share("verified"))

    def counts(self) -> dict[str, int]:
        return {s: getattr(self, s) for s in ("on_track", "due_soon", "overdue", "done", "verified")}


@dataclass
class Rollup:
    organization: Organization
    today: date
    total: RollupRow
    rows: list[RollupRow] = field(default_factory=list)
    level: str = "children"  # "children" (organizations) or "members" (inside a cell)


def _status_sums(aggregate, *, today: date, open_q: Q) -> dict:
    """Overdue / due soon / on track among open items, as filtered aggregates."""
    soon = today + timedelta(days=DUE_SOON_DAYS)
    return {
        "overdue": aggregate(open_q & Q(deadline__lt=today)),
        "due_soon": aggregate(open_q & Q(deadline__gte=today, deadline__lte=soon)),
        "on_track": aggregate(open_q & Q(deadline__gt=soon)),
    }


def _fill(row: RollupRow, data: dict) -> RollupRow:
    for name in ("items", "percent_sum", "on_track", "due_soon", "overdue", "done", "verified"):
        setattr(row, name, int(data.get(name) or 0))
    return row


def children_rollup(organization: Organization, today: date) -> Rollup:
    """One row per direct child organization, from the counters, plus the organization's total."""
    child_depth = len(organization.path) // 9
    month_start = today.replace(day=1)
    soon = today + timedelta(days=DUE_SOON_DAYS)
    month = Q(bucket=ProgressCounter.MONTH)
    day = Q(bucket=ProgressCounter.DAY)
    is_open = Q(phase=Phase.OPEN)
    aggregates = {
        "items": Sum("items", filter=month),
        "percent_sum": Sum("percent_sum", filter=month),
        "done": Sum("items", filter=month & Q(phase=Phase.DONE)),
        "verified": Sum("items", filter=month & Q(phase=Phase.VERIFIED)),
        "open": Sum("items", filter=month & is_open),
        "overdue_months": Sum("items", filter=month & is_open & Q(deadline__lt=month_start)),
        "overdue_days": Sum("items", filter=day & Q(deadline__gte=month_start, deadline__lt=today)),
        "due_soon": Sum("items", filter=day & Q(deadline__gte=today, deadline__lte=soon)),
    }
    # Annotation names must not shadow the model's own fields.
    aggregates = {f"n_{name}": aggregate for name, aggregate in aggregates.items()}
    grouped = (
        ProgressCounter.objects.filter(
            depth=child_depth, org_path__gte=organization.path, org_path__lt=path_successor(organization.path)
        )
        .filter(month | Q(bucket=ProgressCounter.DAY, deadline__gte=month_start, deadline__lte=soon))
        .values("org_path")
        .annotate(**aggregates)
        .order_by("org_path")
    )
    by_path: dict[str, dict[str, Any]] = {}
    for row in grouped:
        data: dict[str, Any] = {k.removeprefix("n_"): v or 0 for k, v in row.items()}
        data["overdue"] = data["overdue_months"] + data["overdue_days"]
        data["on_track"] = data["open"] - data["overdue"] - data["due_soon"]
        by_path[row["org_path"]] = data
    children = Organization.objects.filter(parent=organization).order_by("path")
    rows = [
        _fill(RollupRow(key=child.path, label=child.short_name or child.name, organization=child), by_path.get(child.path, {}))
        for child in children
    ]  # fmt: skip
    total = RollupRow(
        key=organization.path, label=organization.short_name or organization.name, organization=organization
    )
    for child_row in rows:
        for name in ("items", "percent_sum", "on_track", "due_soon", "overdue", "done", "verified"):
            setattr(total, name, getattr(total, name) + getattr(child_row, name))
    return Rollup(organization, today, total, rows, level="children")


def cell_rollup(cell: Organization, today: date) -> Rollup:
    """One row per member of the cell (and one for the cell's own commitment), from the items."""
    verified_q = Q(verified_at__isnull=False)
    done_q = Q(verified_at__isnull=True, accepted_percent__gte=100)
    open_q = Q(verified_at__isnull=True, accepted_percent__lt=100)
    percent = Case(When(verified_q, then=Value(100)), default="accepted_percent", output_field=IntegerField())
    grouped = (
        CommitmentItem.objects.filter(
            cell_path=cell.path, withdrawn=False, commitment__state=CommitmentState.APPROVED
        )
        .values("commitment__owner_member_id")
        .annotate(
            items=Count("id"),
            percent_sum=Sum(percent),
            done=Count("id", filter=done_q),
            verified=Count("id", filter=verified_q),
            **_status_sums(lambda q: Count("id", filter=q), today=today, open_q=open_q),
        )
        .order_by()
    )
    by_owner: dict[int | None, dict[str, Any]] = {
        row["commitment__owner_member_id"]: dict(row) for row in grouped
    }
    label = cell.short_name or cell.name
    rows = [_fill(RollupRow(key="cell", label=str(label)), by_owner.get(None, {}))]
    for member in Member.objects.filter(cell=cell, is_active=True).order_by("sort_key"):
        rows.append(
            _fill(
                RollupRow(key=str(member.pk), label=member.full_name, member=member),
                by_owner.get(member.pk, {}),
            )
        )
    total = RollupRow(key=cell.path, label=str(label), organization=cell)
    for data in by_owner.values():
        for name in ("items", "percent_sum", "on_track", "due_soon", "overdue", "done", "verified"):
            setattr(total, name, getattr(total, name) + int(data.get(name) or 0))
    return Rollup(cell, today, total, rows, level="members")


@on_replica()
def rollup_for(organization: Organization, today: date) -> Rollup:
    return cell_rollup(organization, today) if organization.is_cell else children_rollup(organization, today)

"""Derived status of a commitment item: a pure function of the facts and the day.

Nobody types a status. An item is verified when a supervisor verified it, done when its latest
accepted progress reached 100 %, otherwise overdue, due soon or on track by its deadline.
"""

from datetime import date, timedelta

from .enums import DUE_SOON_DAYS, Frequency, ItemStatus, Phase


def derive_phase(*, accepted_percent: int, verified: bool) -> Phase:
    if verified:
        return Phase.VERIFIED
    if accepted_percent >= 100:
        return Phase.DONE
    return Phase.OPEN


def derive_status(*, deadline: date, accepted_percent: int, verified: bool, today: date) -> ItemStatus:
    phase = derive_phase(accepted_percent=accepted_percent, verified=verified)
    if phase == Phase.VERIFIED:
        return ItemStatus.VERIFIED
    if phase == Phase.DONE:
        return ItemStatus.DONE
    if deadline < today:
        return ItemStatus.OVERDUE
    if deadline <= today + timedelta(days=DUE_SOON_DAYS):
        return ItemStatus.DUE_SOON
    return ItemStatus.ON_TRACK


def period_of(day: date, frequency: str) -> str:
    """The reporting period a day falls in: "2025-06" (monthly) or "2025-Q2" (quarterly)."""
    if frequency == Frequency.MONTHLY:
        return f"{day.year}-{day.month:02d}"
    return f"{day.year}-Q{(day.month - 1) // 3 + 1}"


def period_end(day: date, frequency: str) -> date:
    """Last day of the period containing `day`: the report for that period is due then."""
    last_month = day.month if frequency == Frequency.MONTHLY else ((day.month - 1) // 3 + 1) * 3
    if last_month == 12:
        return date(day.year, 12, 31)
    return date(day.year, last_month + 1, 1) - timedelta(days=1)

from datetime import date

import pytest

from chuyende.commitments.enums import ItemStatus
from chuyende.commitments.status import derive_status, period_end, period_of

DEADLINE = date(2025, 6, 30)


@pytest.mark.parametrize(
    ("today", "percent", "verified", "expected"),
    [
        (date(2025, 6, 1), 0, False, ItemStatus.ON_TRACK),
        (date(2025, 6, 15), 40, False, ItemStatus.ON_TRACK),  # 15 days before: not yet due soon
        (date(2025, 6, 16), 40, False, ItemStatus.DUE_SOON),  # 14 days before
        (date(2025, 6, 30), 99, False, ItemStatus.DUE_SOON),  # the deadline itself
        (date(2025, 7, 1), 99, False, ItemStatus.OVERDUE),  # the day after
        (date(2025, 7, 1), 100, False, ItemStatus.DONE),
        (date(2025, 6, 1), 100, False, ItemStatus.DONE),
        (date(2025, 7, 1), 100, True, ItemStatus.VERIFIED),
        (date(2025, 6, 1), 20, True, ItemStatus.VERIFIED),
    ],
)
def test_status_derived_around_deadline(today, percent, verified, expected):
    assert (
        derive_status(deadline=DEADLINE, accepted_percent=percent, verified=verified, today=today) == expected
    )


def test_periods_monthly_and_quarterly():
    assert period_of(date(2025, 5, 9), "monthly") == "2025-05"
    assert period_of(date(2025, 5, 9), "quarterly") == "2025-Q2"
    assert period_end(date(2025, 5, 9), "quarterly") == date(2025, 6, 30)
    assert period_end(date(2025, 12, 3), "monthly") == date(2025, 12, 31)
    assert period_end(date(2025, 2, 3), "monthly") == date(2025, 2, 28)

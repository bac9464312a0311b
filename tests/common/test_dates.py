from datetime import date

import pytest

from chuyende.common.dates import place_and_date, vietnamese_date


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (date(2025, 2, 5), "ngày 05 tháng 02 năm 2025"),
        (date(2025, 1, 31), "ngày 31 tháng 01 năm 2025"),
        (date(2016, 12, 26), "ngày 26 tháng 12 năm 2016"),
        (date(2025, 11, 3), "ngày 03 tháng 11 năm 2025"),
        (date(2025, 3, 9), "ngày 09 tháng 3 năm 2025"),
        (date(2025, 10, 10), "ngày 10 tháng 10 năm 2025"),
    ],
)
def test_vietnamese_date_pads_days_and_first_two_months(value, expected):
    assert vietnamese_date(value) == expected


def test_place_and_date_joins_place_and_date_with_comma():
    assert place_and_date("Nha Trang", date(2016, 12, 26)) == "Nha Trang, ngày 26 tháng 12 năm 2016"


def test_place_and_date_strips_surrounding_spaces_from_place():
    assert place_and_date("  Hà Nội ", date(2025, 2, 3)) == "Hà Nội, ngày 03 tháng 02 năm 2025"

"""Dates written the way Party documents write them (Guideline 36-HD/VPTW).

The guideline pads days below 10 and the months January and February with a zero ("ngày 05 tháng
02 năm 2025") but not the other months ("tháng 12", "tháng 3"): a zero-padded "tháng 1"/"tháng 2"
cannot be confused with "tháng 10"/"tháng 11"/"tháng 12" when a date is written by hand after it.
"""

from datetime import date

__all__ = ["place_and_date", "vietnamese_date"]


def vietnamese_date(d: date) -> str:
    """Returns "ngày 05 tháng 02 năm 2025" for 5 February 2025."""
    month = f"{d.month:02d}" if d.month <= 2 else str(d.month)
    return f"ngày {d.day:02d} tháng {month} năm {d.year}"


def place_and_date(place: str, d: date) -> str:
    """Returns the place-and-date line, e.g. "Nha Trang, ngày 26 tháng 12 năm 2016"."""
    return f"{place.strip()}, {vietnamese_date(d)}"

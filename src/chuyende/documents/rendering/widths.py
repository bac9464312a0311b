"""Text measurement and table column widths computed from content, shared by both renderers.

A table with equal columns gives "TT" a fifth of the page and squeezes a date into a column too
narrow for it ("14/12/2026100%" overprinted in the PDF, "14/12/ 2026" in Word). Widths are
computed like a browser's automatic table layout, but once, from the shipped font's metrics, so the
PDF and the DOCX get the same millimetres: every column is at least as wide as its longest word (a
date or a percentage never breaks), and the rest of the line is shared in proportion to how much
text each column holds.
"""

from functools import cache

from chuyende.documents.rendering.format import FormatSpec

__all__ = ["CELL_PADDING_MM", "column_widths_mm", "text_width_mm"]

# Left + right cell padding (4 pt each side in both renderers) plus the borders and a little slack
# for Word's own rounding.
CELL_PADDING_MM = 2 * 4 * 25.4 / 72 + 1.0
# A column holding long running text is not wanted wider than this many characters' worth.
_MAX_LINE_MM = 120.0


@cache
def _advances(bold: bool) -> tuple[dict[int, int], int, int]:
    from fontTools.ttLib import TTFont

    from chuyende.documents.rendering.html import FONT_DIR

    face = TTFont(
        FONT_DIR / ("LiberationSerif-Bold.ttf" if bold else "LiberationSerif-Regular.ttf"), lazy=True
    )
    cmap, metrics = face.getBestCmap(), face["hmtx"]
    advances = {code: metrics[glyph][0] for code, glyph in cmap.items()}
    return advances, face["head"].unitsPerEm, metrics[cmap[ord("n")]][0]


def text_width_mm(text: str, size_pt: float, bold: bool = False) -> float:
    """Advance width of `text` in the shipped Liberation Serif (metric-compatible with Times New
    Roman, the DOCX font), so both renderers agree on it."""
    advances, units, fallback = _advances(bold)
    advance = sum(advances.get(ord(char), fallback) for char in text)
    return advance / units * size_pt * 25.4 / 72


def _column_extent(
    texts: list[tuple[str, bool]], size_pt: float, header_size_pt: float
) -> tuple[float, float]:
    """(narrowest, widest) useful width of a column: its longest word and its longest line."""
    narrowest = widest = 0.0
    for text, is_header in texts:
        size = header_size_pt if is_header else size_pt
        for line in text.splitlines() or [""]:
            widest = max(widest, text_width_mm(line, size, is_header))
            for word in line.split():
                narrowest = max(narrowest, text_width_mm(word, size, is_header))
    return narrowest + CELL_PADDING_MM, min(max(widest, narrowest), _MAX_LINE_MM) + CELL_PADDING_MM


def column_widths_mm(
    columns: tuple[str, ...],
    rows: tuple[tuple[str, ...], ...],
    fmt: FormatSpec,
    *,
    hint: tuple[float, ...] | None = None,
    available_mm: float | None = None,
) -> tuple[float, ...]:
    """Column widths in millimetres adding up to the text width.

    `hint` (relative widths chosen by the author) is followed where the content allows it; a column
    is never made narrower than its longest word while the page has room for every longest word.
    """
    available = available_mm or fmt.page.text_width_mm
    cell = fmt.element("table_cell").size_pt
    header = fmt.element("table_header").size_pt
    extents = [
        _column_extent([(column, True), *((row[index], False) for row in rows)], cell, header)
        for index, column in enumerate(columns)
    ]
    minimum = [low for low, _ in extents]
    maximum = [high for _, high in extents]
    if sum(minimum) >= available:  # even the longest words do not fit: share in their proportion
        return tuple(width * available / sum(minimum) for width in minimum)
    if hint is not None:
        wanted = [share * available / sum(hint) for share in hint]
        return _raise_to_minimum(wanted, minimum, available)
    if sum(maximum) <= available:  # everything fits on one line: stretch in proportion
        return tuple(width * available / sum(maximum) for width in maximum)
    spare = available - sum(minimum)
    growth = [high - low for low, high in zip(minimum, maximum, strict=True)]
    return tuple(low + spare * grow / sum(growth) for low, grow in zip(minimum, growth, strict=True))


def _raise_to_minimum(wanted: list[float], minimum: list[float], available: float) -> tuple[float, ...]:
    """Lifts columns below their minimum and takes the difference from the others, proportionally."""
    widths = list(wanted)
    for _ in range(len(widths)):
        short = [i for i, width in enumerate(widths) if width < minimum[i] - 1e-9]
        if not short:
            break
        for i in short:
            widths[i] = minimum[i]
        free = [i for i in range(len(widths)) if widths[i] > minimum[i] + 1e-9]
        excess = sum(widths) - available
        room = sum(widths[i] - minimum[i] for i in free)
        for i in free:
            widths[i] -= excess * (widths[i] - minimum[i]) / room
    return tuple(widths)

"""Balanced line breaks for the names in the header's left column (84 mm).

Left to the renderer, a long name fills each line greedily and wraps wherever the column ends:
"… NGHIỆP VỤ PHÁP / CHẾ" cuts a word of two syllables in half and leaves one syllable alone on the
last line. The breaks are chosen here instead, once for both renderers: the fewest lines that fit,
never inside a word of several syllables that belong together (a list of the compounds of
organization names, and anything joined by a hyphen stays with its neighbours), and among those
the breaks whose longest line is shortest, so the lines come out balanced.
"""

from functools import cache
from itertools import combinations

from chuyende.documents.rendering.widths import text_width_mm

__all__ = ["balanced_lines"]

# Syllables that form one word in the names of Party organizations and state offices.
_COMPOUNDS = frozenset(
    tuple(word.split())
    for word in (
        "ĐẢNG UỶ", "ĐẢNG ỦY", "ĐẢNG BỘ", "CHI BỘ", "CƠ QUAN", "VĂN PHÒNG", "NGHIỆP VỤ", "PHÁP CHẾ",
        "KINH TẾ", "NGÂN SÁCH", "VĂN HOÁ", "VĂN HÓA", "XÃ HỘI", "TỔNG HỢP", "THÔNG TIN", "DÂN NGUYỆN",
        "CÔNG TÁC", "ĐẠI BIỂU", "QUỐC HỘI", "HỘI ĐỒNG", "NHÂN DÂN", "UỶ BAN", "ỦY BAN", "THƯỜNG VỤ",
        "KIỂM TRA", "TỔ CHỨC", "TUYÊN GIÁO", "DÂN VẬN", "HÀNH CHÍNH", "TƯ PHÁP", "TÀI CHÍNH",
        "KẾ HOẠCH", "ĐẦU TƯ", "GIÁO DỤC", "ĐÀO TẠO", "Y TẾ", "GIAO THÔNG", "VẬN TẢI", "XÂY DỰNG",
        "NÔNG NGHIỆP", "PHÁT TRIỂN", "NÔNG THÔN", "CÔNG THƯƠNG", "TÀI NGUYÊN", "MÔI TRƯỜNG",
        "THANH TRA", "NỘI VỤ", "KHOA HỌC", "CÔNG NGHỆ", "DU LỊCH", "THỂ THAO", "LAO ĐỘNG",
        "THƯƠNG BINH", "TRUYỀN THÔNG", "NGOẠI VỤ", "DOANH NGHIỆP", "KHÁNH HOÀ", "KHÁNH HÒA",
        "NHA TRANG", "HÀ NỘI", "TRUNG ƯƠNG", "THÀNH PHỐ", "THỊ XÃ", "QUẬN HUYỆN", "TRỰC THUỘC",
        "CÁC CƠ", "TRƯỜNG HỌC", "BỆNH VIỆN", "CÔNG AN", "QUÂN SỰ", "BIÊN PHÒNG", "MẶT TRẬN",
        "TỔ QUỐC", "THANH NIÊN", "PHỤ NỮ", "CỰU CHIẾN", "CHIẾN BINH", "NÔNG DÂN",
    )
)  # fmt: skip
_MAX_LINES = 4


def _glued(words: list[str], index: int) -> bool:
    """Whether a break between words[index - 1] and words[index] would split a word."""
    left, right = words[index - 1], words[index]
    if left in "-–" or right in "-–" or left.endswith("-") or right.startswith("-"):
        return True
    return (left.upper(), right.upper()) in _COMPOUNDS


@cache
def balanced_lines(text: str, width_mm: float, size_pt: float, bold: bool) -> tuple[str, ...]:
    """The lines `text` (printed in capitals) is broken into inside a column `width_mm` wide."""
    words = text.split()
    if not words:
        return ()

    def width(part: list[str]) -> float:
        return text_width_mm(" ".join(part).upper(), size_pt, bold)

    if width(words) <= width_mm:
        return (" ".join(words),)
    allowed = [i for i in range(1, len(words)) if not _glued(words, i)]
    fallback = list(range(1, len(words)))
    for candidates in (allowed, fallback):  # split a word only when nothing else fits
        for count in range(1, min(_MAX_LINES, len(words))):
            best: tuple[float, tuple[int, ...]] | None = None
            for breaks in combinations(candidates, count):
                bounds = (0, *breaks, len(words))
                widest = max(width(words[a:b]) for a, b in zip(bounds, bounds[1:], strict=False))
                if widest <= width_mm and (best is None or widest < best[0]):
                    best = (widest, breaks)
            if best is not None:
                bounds = (0, *best[1], len(words))
                return tuple(" ".join(words[a:b]) for a, b in zip(bounds, bounds[1:], strict=False))
    return (" ".join(words),)  # one word wider than the column: the renderer wraps it

"""Hard fixtures for the fidelity tests (issue 14): a 300-character title, a 60-row table, a name
with every tone on every vowel, NFD input and a three-line header name."""

import unicodedata

from chuyende.documents.rendering.model import Document, Header, Heading, Paragraph, Signature, Table

VOWELS = "aăâeêioôơuưy"
TONES = ("\u0300", "\u0301", "\u0309", "\u0303", "\u0323")  # huyền, sắc, hỏi, ngã, nặng
# Every vowel with every tone, in NFC, as one "name" of words of five letters.
EVERY_TONE_NAME = " ".join(
    unicodedata.normalize("NFC", "".join(vowel + tone for tone in TONES)).capitalize() for vowel in VOWELS
)
LONG_TITLE = (
    "tổ chức sinh hoạt chuyên đề về xây dựng, chỉnh đốn Đảng; ngăn chặn, đẩy lùi sự suy thoái về tư "
    "tưởng chính trị, đạo đức, lối sống, những biểu hiện “tự diễn biến”, “tự chuyển hoá” trong nội bộ; "
    "gắn với việc học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh trong toàn Đảng bộ cơ "
    "quan năm 2017"
)
assert len(LONG_TITLE) >= 300, len(LONG_TITLE)
THREE_LINE_BODY = "ĐẢNG UỶ CƠ QUAN VĂN PHÒNG ĐOÀN ĐẠI BIỂU QUỐC HỘI VÀ HỘI ĐỒNG NHÂN DÂN TỈNH"
SUPERIOR = "ĐẢNG BỘ KHỐI CÁC CƠ QUAN TỈNH"


def nfd(text: str) -> str:
    return unicodedata.normalize("NFD", text)


def sixty_rows() -> Table:
    return Table(
        columns=("TT", "Chi bộ", "Nội dung", "Thời hạn", "Tiến độ"),
        rows=[
            [
                str(i),
                f"Chi bộ Phòng Nghiệp vụ số {i}",
                "Rà soát, bổ sung quy chế làm việc của chi bộ",
                "14/12/2026",
                "100%",
            ]
            for i in range(1, 61)
        ],
    )


def hard_document(type_name: str = "BÁO CÁO", *, draft: bool = False) -> Document:
    """Every hard case at once, as NFD input."""
    return Document(
        header=Header(
            superior_body=nfd(SUPERIOR),
            issuing_body=nfd(THREE_LINE_BODY),
            number_symbol=None if draft else "12-BC/ĐU",
            draft_symbol="BC/ĐU",
            place_and_date=nfd("Nha Trang, ngày 26 tháng 12 năm 2016"),
        ),
        type_name=type_name,
        summary=nfd(LONG_TITLE),
        blocks=[
            Paragraph(nfd(f"Người báo cáo: đồng chí {EVERY_TONE_NAME}.")),
            Heading(1, "KẾT QUẢ THỰC HIỆN", number="I."),
            sixty_rows(),
        ],
        signature=Signature(authority="T/M ĐẢNG UỶ", position="BÍ THƯ", name=nfd(EVERY_TONE_NAME)),
        recipients=("Ban Thường vụ Đảng uỷ Khối (để b/c)", "Lưu Văn phòng"),
    )

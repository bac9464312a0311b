"""The frame of a pasted official document (letterhead, "DỰ THẢO", signature, recipients) never
becomes commentable; "1.1." nests under "1."."""

from chuyende.consultations.structure import analyse_lines, block_depths, parse_lines

PASTED = """ĐẢNG BỘ KHỐI CÁC CƠ QUAN TỈNH            ĐẢNG CỘNG SẢN VIỆT NAM
ĐẢNG UỶ CƠ QUAN VĂN PHÒNG ĐOÀN ĐBQH VÀ HĐND TỈNH
*
Số 05-NQ/ĐU
Nha Trang, ngày 26 tháng 12 năm 2016
DỰ THẢO
NGHỊ QUYẾT
về xây dựng, chỉnh đốn Đảng; ngăn chặn, đẩy lùi suy thoái
- Căn cứ Điều lệ Đảng Cộng sản Việt Nam;
I. ĐÁNH GIÁ TÌNH HÌNH
1. Công tác xây dựng Đảng được quan tâm.
1.1. Về chính trị, tư tưởng.
1.2. Về đạo đức, lối sống.
a) Một bộ phận đảng viên còn nể nang.
2. Hạn chế còn tồn tại.
Điều 1. Mục tiêu
1. Ngăn chặn, đẩy lùi suy thoái.

T/M ĐẢNG UỶ
BÍ THƯ
Nguyễn Đức Thành
Nơi nhận:
- Đảng uỷ Khối các cơ quan tỉnh,
- Lưu Văn phòng Đảng uỷ."""


def test_pasted_document_keeps_only_its_content_as_blocks():
    analysis = analyse_lines(PASTED.splitlines())
    assert [(b.kind, b.label, b.text) for b in analysis.blocks] == [
        ("paragraph", "-", "Căn cứ Điều lệ Đảng Cộng sản Việt Nam;"),
        ("section", "I.", "ĐÁNH GIÁ TÌNH HÌNH"),
        ("paragraph", "1.", "Công tác xây dựng Đảng được quan tâm."),
        ("paragraph", "1.1.", "Về chính trị, tư tưởng."),
        ("paragraph", "1.2.", "Về đạo đức, lối sống."),
        ("paragraph", "a)", "Một bộ phận đảng viên còn nể nang."),
        ("paragraph", "2.", "Hạn chế còn tồn tại."),
        ("article", "Điều 1", "Mục tiêu"),
        ("paragraph", "1.", "Ngăn chặn, đẩy lùi suy thoái."),
    ]
    assert [(f.kind, f.text) for f in analysis.frame] == [
        ("letterhead", "ĐẢNG BỘ KHỐI CÁC CƠ QUAN TỈNH ĐẢNG CỘNG SẢN VIỆT NAM"),
        ("letterhead", "ĐẢNG UỶ CƠ QUAN VĂN PHÒNG ĐOÀN ĐBQH VÀ HĐND TỈNH"),
        ("letterhead", "*"),
        ("letterhead", "Số 05-NQ/ĐU"),
        ("letterhead", "Nha Trang, ngày 26 tháng 12 năm 2016"),
        ("draft_mark", "DỰ THẢO"),
        ("title", "NGHỊ QUYẾT"),
        ("title", "về xây dựng, chỉnh đốn Đảng; ngăn chặn, đẩy lùi suy thoái"),
        ("signature", "T/M ĐẢNG UỶ"),
        ("signature", "BÍ THƯ"),
        ("signature", "Nguyễn Đức Thành"),
        ("recipients", "Nơi nhận:"),
        ("recipients", "- Đảng uỷ Khối các cơ quan tỉnh,"),
        ("recipients", "- Lưu Văn phòng Đảng uỷ."),
    ]


def test_sub_numbers_nest_under_their_number():
    blocks = analyse_lines(PASTED.splitlines()).blocks
    assert block_depths(blocks) == [0, 1, 2, 3, 3, 4, 2, 2, 3]


def test_recipients_before_the_signature_are_both_left_out():
    lines = ["1. Nội dung.", "Nơi nhận:", "- Các chi bộ,", "KT. BÍ THƯ", "PHÓ BÍ THƯ", "Lê Văn Hùng"]
    analysis = analyse_lines(lines)
    assert [b.text for b in analysis.blocks] == ["Nội dung."]
    assert [f.kind for f in analysis.frame] == [
        "recipients", "recipients", "signature", "signature", "signature"
    ]  # fmt: skip


def test_plain_body_without_frame_is_unchanged():
    lines = ["Căn cứ Điều lệ Đảng;", "1. Một.", "2. Hai."]
    assert [(b.label, b.text) for b in parse_lines(lines)] == [
        ("", "Căn cứ Điều lệ Đảng;"),
        ("1.", "Một."),
        ("2.", "Hai."),
    ]

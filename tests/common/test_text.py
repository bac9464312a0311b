import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from chuyende.common.text import fold, name_sort_key, search_key, search_terms

# Real spellings from the seed article and office documents: each pair must give one key.
SAME_WORDS = [
    ("tự chuyển hoá", "tự chuyển hóa"),
    ("Đảng uỷ", "Đảng ủy"),
    ("thuỷ lợi", "thủy lợi"),
    ("khoá XII", "khóa XII"),
    ("Văn hoá - Xã hội", "văn hóa - xã hội"),
    ("tuỳ", "tùy"),
    ("hoà bình", "hòa bình"),
    ("Khánh Hoà", "KHÁNH HÒA"),
    ("Uỷ viên Thường trực", "ủy viên thường trực"),
    (unicodedata.normalize("NFD", "chỉnh đốn Đảng"), "chỉnh đốn Đảng"),
    (unicodedata.normalize("NFD", "tự diễn biến"), unicodedata.normalize("NFC", "tự diễn biến")),
    ("  nói   đi đôi\u00a0với làm ", "nói đi đôi với làm"),
]
DIFFERENT_WORDS = [("hoá", "hoà"), ("Đảng", "đang"), ("thành", "thanh"), ("uỷ", "uy"), ("hóa", "hoa")]


@pytest.mark.parametrize(("a", "b"), SAME_WORDS)
def test_search_key_equal_for_spelling_variants(a, b):
    assert search_key(a) == search_key(b)


@pytest.mark.parametrize(("a", "b"), DIFFERENT_WORDS)
def test_search_key_keeps_tones_and_letters_apart(a, b):
    assert search_key(a) != search_key(b)


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("Chỉnh đốn Đảng", "chinh don dang"),
        ("tự diễn biến, tự chuyển hoá", "tu dien bien, tu chuyen hoa"),
        ("NGUYỄN ĐỨC THÀNH", "nguyen duc thanh"),
        (unicodedata.normalize("NFD", "Đoàn ĐBQH và HĐND tỉnh"), "doan dbqh va hdnd tinh"),
        ("Phạm Thị Thuỳ Dung", "pham thi thuy dung"),
    ],
)
def test_fold_removes_every_diacritic_including_d_stroke(text, folded):
    assert fold(text) == folded


def test_search_terms_split_and_fold():
    assert search_terms("  Nguyễn  ĐỨC ") == ["nguyen", "duc"]


def test_name_sort_key_orders_by_given_name_in_vietnamese_alphabet():
    names = [
        "Võ Văn Đức",
        "Đỗ Thị Dung",
        "Hoàng Ân",
        "Trần Thị Ánh",
        "Lê Văn Anh",
        "Nguyễn Văn An",
        "Lý Thị Ba",
    ]
    assert sorted(names, key=name_sort_key) == [
        "Nguyễn Văn An",
        "Lê Văn Anh",
        "Trần Thị Ánh",
        "Hoàng Ân",
        "Lý Thị Ba",
        "Đỗ Thị Dung",
        "Võ Văn Đức",
    ]


def test_name_sort_key_is_digits_only_so_any_collation_agrees():
    assert name_sort_key("Nguyễn Đức Thành").isdigit()


vietnamese_text = st.text(
    alphabet=st.sampled_from(
        list(
            "aăâbcdđeêghiklmnoôơpqrstuưvxyAĐƠ àáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ,.-"
        )
    ),
    max_size=60,
)


@given(vietnamese_text)
def test_keys_do_not_depend_on_unicode_composition(text):
    for form in ("NFC", "NFD", "NFKC"):
        assert search_key(unicodedata.normalize(form, text)) == search_key(text)
        assert fold(unicodedata.normalize(form, text)) == fold(text)


@given(vietnamese_text)
def test_keys_are_idempotent_and_fold_is_ascii_for_vietnamese(text):
    assert search_key(search_key(text)) == search_key(text)
    assert fold(fold(text)) == fold(text)
    assert fold(text).isascii()


@given(vietnamese_text)
def test_fold_of_search_key_equals_fold(text):
    assert fold(search_key(text)) == fold(text)

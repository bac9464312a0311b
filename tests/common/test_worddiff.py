"""The word diff shared by paper versions and draft versions."""

import unicodedata

from chuyende.common.worddiff import word_diff


def _reads(segments, *keep):
    return "".join(text for op, text in segments if op in keep)


def test_marks_inserted_and_deleted_vietnamese_words():
    old = "Đảng viên còn nể nang, né tránh trong phê bình."
    new = "Đảng viên còn nể nang, ngại va chạm trong tự phê bình."
    segments = word_diff(old, new)
    assert segments == [
        ("equal", "Đảng viên còn nể nang, "),
        ("delete", "né tránh "),
        ("insert", "ngại va chạm "),
        ("equal", "trong "),
        ("insert", "tự "),
        ("equal", "phê bình."),
    ]
    assert _reads(segments, "equal", "insert") == new
    assert _reads(segments, "equal", "delete") == old


def test_nfd_and_nfc_spellings_are_equal_words():
    text = "Nghị quyết về công tác xây dựng Đảng"
    assert word_diff(unicodedata.normalize("NFD", text), text) == [("equal", text)]
    segments = word_diff(unicodedata.normalize("NFD", text), text + " và hệ thống chính trị")
    assert segments == [("equal", text + " "), ("insert", "và hệ thống chính trị")]


def test_a_different_tone_is_a_different_word():
    assert word_diff("hoà giải", "hoá giải") == [("delete", "hoà "), ("insert", "hoá "), ("equal", "giải")]


def test_trailing_space_does_not_make_the_last_word_differ():
    assert word_diff("a b", "a b c") == [("equal", "a b "), ("insert", "c")]


def test_compact_form_joins_words_with_one_space():
    assert word_diff("a  b c d", "a x c   d e", keep_spaces=False) == [
        ("equal", "a"),
        ("delete", "b"),
        ("insert", "x"),
        ("equal", "c d"),
        ("insert", "e"),
    ]
    assert word_diff("", "mới") == [("insert", "mới")]
    assert word_diff("cũ", "") == [("delete", "cũ")]

"""The paragraph-identity rule shared by papers and draft resolutions."""

import unicodedata

from chuyende.common.paragraphs import SIMILARITY_THRESHOLD, match, similarity

OLD = [
    "Chi bộ tổ chức sinh hoạt đều đặn vào ngày 3 hằng tháng, có nội dung thiết thực.",
    "Công tác kiểm tra, giám sát được thực hiện theo kế hoạch.",
    "Một số đảng viên còn ngại va chạm, nể nang trong tự phê bình và phê bình.",
]


def test_slightly_edited_paragraph_keeps_its_identity():
    new = [
        OLD[0],
        "Công tác kiểm tra, giám sát được thực hiện nghiêm túc theo kế hoạch.",
        OLD[2],
    ]
    assert match(OLD, new) == {0: 0, 1: 1, 2: 2}


def test_rewritten_paragraph_gets_no_identity():
    new = [OLD[0], "Năm tới, chi bộ tập trung phát triển đảng viên mới trong đoàn viên thanh niên.", OLD[2]]
    assert match(OLD, new) == {0: 0, 2: 2}


def test_half_rewritten_paragraph_is_below_the_threshold():
    # Shares "công tác kiểm tra, giám sát" and nothing else: the same subject, another paragraph.
    rewritten = "Công tác kiểm tra, giám sát được đổi mới về phương pháp."
    assert 0.5 < similarity(OLD[1], rewritten) < SIMILARITY_THRESHOLD  # the old 0.5 would pair them
    assert 1 not in match(OLD, [OLD[0], rewritten]).values()


def test_moved_paragraphs_keep_their_identity_even_when_also_edited():
    new = [OLD[2], OLD[0].replace("thiết thực", "thiết thực, hiệu quả"), OLD[1]]
    assert match(OLD, new) == {0: 2, 1: 0, 2: 1}


def test_nfd_text_and_other_tone_placement_are_the_same_paragraph():
    old = ["Chi bộ đã hoá giải mâu thuẫn nội bộ."]
    new = [unicodedata.normalize("NFD", "Chi bộ đã hóa giải mâu thuẫn nội bộ.")]
    assert match(old, new) == {0: 0}


def test_each_old_paragraph_is_used_once_and_identical_copies_pair_in_order():
    assert match(["A b c.", "D e f."], ["A b c.", "A b c."]) == {0: 0}
    assert match(["A b c.", "A b c."], ["A b c.", "A b c."]) == {0: 0, 1: 1}


def test_incompatible_and_taken_old_paragraphs_are_not_used():
    assert match(["Điều 1", "Điều 2"], ["Điều 1"], compatible=lambda i, j: i != 0) == {}
    assert match(OLD, [OLD[0], OLD[1]], taken=[0]) == {1: 1}


def test_best_similarity_wins_and_a_tie_goes_to_the_nearer_position():
    old = ["một hai ba bốn năm sáu", "một hai ba bốn năm bảy"]
    assert match(old, ["một hai ba bốn năm bảy tám"]) == {0: 1}
    assert match(["a b c d x", "a b c d y"], ["z z", "a b c d e"]) == {1: 1}

"""Grouping by idea on the hand-written labelled set (labelled_comments.json): the thresholds were
tuned on the tuning half; the held-out half is the measure."""

import functools

import pytest

from chuyende.consultations.synthesis.grouping import group_comments, purity_and_completeness
from chuyende.consultations.synthesis.keys import conflict, content_key, discriminators

from .labelled import DATA, PARAGRAPHS, comments


@functools.cache
def _grouped(half):
    rows = comments(half)
    groups = group_comments([(i, scope, stance, text) for i, scope, stance, text, _ in rows], PARAGRAPHS)
    return rows, groups, {i: label for i, _, _, _, label in rows}


def test_the_labelled_set_is_big_enough_and_split_in_halves():
    ideas = DATA["ideas"]
    assert len(ideas) >= 30
    assert all(len(i["wordings"]) + (1 if i.get("campaign") else 0) >= 3 for i in ideas)
    assert {i["half"] for i in ideas} == {"tuning", "held-out"}
    assert sum(1 for i in ideas if "pair" in i) >= 10
    assert len(comments("held-out")) == sum(i["count"] for i in ideas if i["half"] == "held-out") == 231
    assert sum(1 for i in ideas if i.get("paraphrase")) >= 4  # different words, one meaning


def test_held_out_purity_and_completeness():
    _, groups, labels = _grouped("held-out")
    purity, completeness = purity_and_completeness([g.comment_ids for g in groups], labels)
    assert purity >= 0.95, purity
    assert completeness >= 0.90, completeness


@pytest.mark.parametrize("half", ["tuning", "held-out"])
def test_every_comment_once_one_stance_per_group_and_near_misses_apart(half):
    rows, groups, labels = _grouped(half)
    assert sorted(cid for g in groups for cid in g.comment_ids) == [r[0] for r in sorted(rows)]
    stance = {i: s for i, _, s, _, _ in rows}
    assert all(len({stance[c] for c in g.comment_ids}) == 1 for g in groups)
    pairs = {(i["id"], i["pair"]) for i in DATA["ideas"] if "pair" in i and i["half"] == half}
    for group in groups:
        present = {labels[c] for c in group.comment_ids}
        assert not [p for p in pairs if set(p) <= present], present


def test_whole_draft_comments_are_placed_on_their_paragraph():
    rows, groups, labels = _grouped("held-out")
    paragraph_of = {i["id"]: i["paragraph"] for i in DATA["ideas"]}
    draft_ids = {i for i, scope, _, _, _ in rows if scope == "draft"}
    placed = {cid: g.scope for g in groups for cid in g.placed_ids}
    assert set(placed) <= draft_ids
    right = sum(1 for cid in draft_ids if placed.get(cid) == paragraph_of[labels[cid]])
    assert right / len(draft_ids) >= 0.95, (right, len(draft_ids))


def test_a_campaign_is_one_group_that_says_so():
    _, groups, labels = _grouped("held-out")
    [campaign] = [g for g in groups if g.campaign]
    assert {labels[c] for c in campaign.comment_ids} == {"H04"}
    assert campaign.campaign >= 30
    assert campaign.campaign_text.startswith("chi bo …") or "…" in campaign.campaign_text


def _clash(a, b):
    return conflict(discriminators(content_key(a)), discriminators(content_key(b)))


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Sinh hoạt chuyên đề hằng tháng", "Giữ sinh hoạt chuyên đề hàng quý"),
        ("Mở rộng đối tượng miễn đảng phí", "Thu hẹp đối tượng miễn đảng phí"),
        ("Học bù trong 30 ngày", "Học bù trong 15 ngày"),
        ("Áp dụng với đảng viên chính thức", "Áp dụng với đảng viên dự bị"),
        ("Không nên bắt buộc chỉ tiêu kết nạp", "Nên bắt buộc chỉ tiêu kết nạp"),
        ("Hoàn thành trước năm 2026", "Hoàn thành trước năm 2028"),
        ("Ba năm liền không hoàn thành nhiệm vụ", "Hai năm liền không hoàn thành nhiệm vụ"),
    ],
)
def test_near_misses_clash(a, b):
    assert _clash(a, b)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Chi bộ Thôn 1 đề nghị học trực tuyến", "Chi bộ Thôn 2 đề nghị học trực tuyến"),
        ("Mỗi tháng một lần thay vì mỗi quý", "Sinh hoạt hằng tháng"),
        ("Ngân hàng đề nghị rút ngắn", "rut ngan thoi han"),
        ("Đề nghị tăng cường giám sát", "Tăng cường kiểm tra"),
    ],
)
def test_paraphrases_and_names_do_not_clash(a, b):
    assert not _clash(a, b)


def test_spelling_variants_and_formulae_share_one_key():
    assert content_key("Tôi đề nghị cụ thể hoá TRÁCH NHIỆM.") == content_key("cu the hóa trach nhiem")
    assert content_key("Kính gửi Ban soạn thảo, tôi đề nghị bổ sung. Xin cảm ơn.") == "bo sung"
    assert content_key("Góp ý: Đề nghị bổ sung") == "bo sung"

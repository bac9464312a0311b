import unicodedata

import pytest
from django.db.models import Q

from chuyende.archive.access import archive_scope
from chuyende.archive.domain import index_item
from chuyende.archive.search import search
from tests import factories as f
from tests.world import build_world

from .helpers import item

ALL = ~Q(pk__in=[])
# Real sentences from the seed article, each in one item.
TEXTS = {
    "doc:1": "Xây dựng và chỉnh đốn Đảng; khắc phục tình trạng suy thoái về tư tưởng, đạo đức, lối sống.",
    "doc:2": "Ngăn chặn, đẩy lùi sự suy thoái “tự diễn biến”, “tự chuyển hoá” trong nội bộ.",
    "doc:3": "Đảng uỷ đã xây dựng kế hoạch sinh hoạt chuyên đề cho các chi bộ.",
    "doc:4": "Chi bộ Phòng Nghiệp vụ Văn hoà - Xã hội đổi mới hình thức sinh hoạt.",  # "hoà", not "hoá"
}


@pytest.fixture
def indexed(db):
    organization = f.organization(name="Đảng bộ Cơ quan Văn phòng")
    for key, text in TEXTS.items():
        index_item(item(key, organization, text))
    return organization


def _keys(query: str) -> list[str]:
    return [hit.item_key for hit in search(query, scope=ALL)]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("chỉnh đốn Đảng", ["doc:1"]),
        ("chinh don dang", ["doc:1"]),
        ("CHỈNH ĐỐN ĐẢNG", ["doc:1"]),
        (unicodedata.normalize("NFD", "chỉnh đốn Đảng"), ["doc:1"]),
        ("tu dien bien", ["doc:2"]),
        ("tự diễn biến", ["doc:2"]),
        ("Đảng ủy", ["doc:3"]),  # new-style tone placement finds the article's "Đảng uỷ"
        ("dang uy", ["doc:3"]),
        ("xay dung", ["doc:1", "doc:3"]),
        ("suy thoái", ["doc:1", "doc:2"]),
        ("không có trong văn bản", []),
    ],
)
def test_search_equivalences(indexed, query, expected):
    assert sorted(_keys(query)) == expected


def test_old_and_new_tone_placement_rank_first_as_exact(indexed):
    for query in ("chuyển hóa", "chuyển hoá", unicodedata.normalize("NFD", "chuyển hóa")):
        hits = search(query, scope=ALL)
        assert [(h.item_key, h.exact) for h in hits] == [("doc:2", True)]


def test_accented_query_ranks_exact_tone_first(indexed):
    hits = search("văn hoá", scope=ALL)
    assert [(h.item_key, h.exact) for h in hits] == [("doc:4", False)]
    hits = search("hoà", scope=ALL)
    assert [(h.item_key, h.exact) for h in hits] == [("doc:4", True), ("doc:2", False)]
    hits = search("hoa", scope=ALL)
    assert {h.item_key for h in hits} == {"doc:2", "doc:4"}


def test_snippet_highlights_the_original_text(indexed):
    (hit,) = search("chinh don dang", scope=ALL)
    assert "<mark>chỉnh</mark> <mark>đốn</mark> <mark>Đảng</mark>" in hit.snippet
    assert hit.anchor == "p1"
    assert hit.url == "/luu-tru/doc:1/"


def test_search_results_are_scoped_to_the_users_tree(db):
    world = build_world()
    index_item(item("doc:a", world.cell_a, "Biên bản sinh hoạt chuyên đề chi bộ A", kind="minutes"))
    index_item(item("doc:x", world.cell_x, "Biên bản sinh hoạt chuyên đề chi bộ X", kind="minutes"))
    index_item(item("doc:c", world.committee, "Nghị quyết chuyên đề của Đảng bộ"))
    index_item(item("doc:m", world.committee, "Biên bản chuyên đề của Đảng bộ", kind="minutes"))

    def visible(role):
        return sorted(h.item_key for h in search("chuyen de", scope=archive_scope(world.users[role])))

    assert visible("secretary") == ["doc:a", "doc:c", "doc:m"]
    assert visible("member") == ["doc:a", "doc:c"]  # own cell, and the committee's document only
    assert visible("outsider") == ["doc:x"]
    assert visible("nobody") == []
    assert visible("superior_secretary") == ["doc:a", "doc:c", "doc:m", "doc:x"]


def test_narrow_scope_finds_its_match_below_the_top_candidates(db):
    from chuyende.archive.indexing import index_items
    from chuyende.archive.search import CANDIDATES

    inside, outside = f.organization(name="Đảng bộ A"), f.organization(name="Đảng bộ B")
    # Short paragraphs rank higher (bm25): the other organization's fill the top candidates.
    index_items(item(f"doc:out{n}", outside, "Kỷ luật đảng.") for n in range(CANDIDATES + 5))
    long_text = "Siết chặt kỷ luật, kỷ cương, thực hiện nghiêm các nguyên tắc tổ chức và hoạt động của Đảng."
    index_item(item("doc:in", inside, long_text))
    scope = Q(organization_path__gte=inside.path, organization_path__lt=inside.path + "\uffff")
    assert [hit.item_key for hit in search("ky luat", scope=scope)] == ["doc:in"]

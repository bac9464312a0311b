"""Position papers in the archive: every version indexed at its paragraph anchors, the finalized
version bound into volumes, and volumes indexed themselves."""

import pytest
from django.db.models import Q

from chuyende.archive.domain import create_volume, index_item, reindex_all
from chuyende.archive.models import SearchEntry
from chuyende.archive.search import search
from chuyende.archive.sources import finalized_version, get_item, paper_item
from chuyende.common.actors import SYSTEM
from chuyende.papers.enums import PaperState
from tests import factories as f

from .papers import paper_with_versions

ALL = ~Q(pk__in=[])
FIRST = ["Một số đảng viên còn nể nang, né tránh trong tự phê bình và phê bình."]
SECOND = [FIRST[0], "Chi bộ cam kết hoàn thành việc đăng ký nêu gương trước ngày 15/01/2017."]


@pytest.fixture
def cell(db):
    return f.cell(f.organization(name="Đảng bộ Cơ quan Văn phòng"), name="Chi bộ Phòng Công tác ĐBQH")


def test_paper_versions_are_indexed_with_paragraph_anchors(cell):
    paper = paper_with_versions(cell, [FIRST, SECOND])
    assert reindex_all() == 2 + 3
    rows = SearchEntry.objects.filter(kind="paper").order_by("item_key", "position")
    first, second = paper.versions.order_by("number")
    assert [(r.item_key, r.anchor, r.url) for r in rows] == [
        (f"paper:{first.pk}", "h", f"/tham-luan/{paper.pk}/"),
        (f"paper:{first.pk}", "a0", f"/tham-luan/{paper.pk}/"),
        (f"paper:{second.pk}", "h", f"/tham-luan/{paper.pk}/"),
        (f"paper:{second.pk}", "a0", f"/tham-luan/{paper.pk}/"),
        (f"paper:{second.pk}", "a1", f"/tham-luan/{paper.pk}/"),
    ]


def test_search_opens_the_paper_at_the_matching_paragraph(cell):
    paper = paper_with_versions(cell, [FIRST, SECOND])
    reindex_all()
    hits = search("dang ky neu guong", scope=ALL)
    assert [(h.kind, h.href) for h in hits] == [("paper", f"/tham-luan/{paper.pk}/#doan-a1")]
    assert "<mark>đăng</mark> <mark>ký</mark> <mark>nêu</mark> <mark>gương</mark>" in hits[0].snippet


def test_finalized_version_is_the_current_one_of_a_finalized_paper(cell):
    finalized = paper_with_versions(cell, [FIRST, SECOND])
    draft = paper_with_versions(cell, [FIRST], state=PaperState.PRESENTED)
    assert finalized_version(finalized) == finalized.versions.get(number=2)
    assert finalized_version(draft) is None


def test_paper_item_renders_headings_and_anchored_paragraphs(cell):
    paper = paper_with_versions(cell, [SECOND])
    item = get_item(f"paper:{paper.current_version_id}")
    assert item.title == "Tham luận: Nêu gương, tự phê bình và phê bình (bản 1)"
    assert [getattr(b, "anchor", None) for b in item.document.blocks] == [None, "a0", "a1"]
    assert item.paragraphs() == [("h", "Thực trạng"), ("a0", FIRST[0]), ("a1", SECOND[1])]


def test_unknown_paper_version_is_a_lookup_error(db):
    with pytest.raises(LookupError):
        get_item("paper:999999")


def test_volume_binds_the_paper_and_is_indexed_itself(cell):
    paper = paper_with_versions(cell, [FIRST, SECOND])
    key = f"paper:{paper.current_version_id}"
    index_item(paper_item(paper.current_version))
    volume = create_volume(organization=cell.parent, title="Tập tham luận năm 2016", year=2016,
                           item_keys=[key], preface="Lời nói đầu của tập.", actor=SYSTEM)  # fmt: skip
    hits = search("tap tham luan nam 2016", scope=ALL)
    assert [(h.item_key, h.href) for h in hits] == [
        (f"volume:{volume.pk}", f"/luu-tru/quyen/{volume.pk}/#p0")
    ]
    contents = (
        SearchEntry.objects.filter(item_key=f"volume:{volume.pk}")
        .order_by("position")
        .values_list("text", flat=True)
    )
    assert list(contents) == [
        "Tập tham luận năm 2016",
        "Lời nói đầu của tập.",
        "Tham luận: Nêu gương, tự phê bình và phê bình (bản 2)",
    ]


def test_index_new_items_adds_only_what_is_not_indexed(cell):
    from django.core.management import call_command

    from chuyende.archive.domain import index_new_items

    paper = paper_with_versions(cell, [FIRST])
    assert index_new_items() == 2
    assert index_new_items() == 0
    version = paper.versions.create(number=2, title=paper.title)
    version.paragraphs.create(anchor="a0", position=0, text=SECOND[1])
    call_command("archive_index")
    assert SearchEntry.objects.filter(item_key=f"paper:{version.pk}").count() == 1
    call_command("archive_index", "--all")
    assert SearchEntry.objects.count() == 3

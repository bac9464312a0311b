import pytest

from chuyende.common.actors import SYSTEM
from chuyende.common.errors import ConflictError, DomainError, NotAllowed
from chuyende.common.worddiff import word_diff
from chuyende.consultations.diff import diff_versions
from chuyende.consultations.domain import (
    create_draft,
    edit_block,
    import_docx,
    publish_version,
    replace_blocks,
    start_next_version,
)
from chuyende.consultations.models import Block
from chuyende.consultations.structure import classify, parse_lines

from .helpers import RESOLUTION_LINES, docx_upload, published_draft


def test_classify_detects_headings_and_numbered_paragraphs():
    assert (classify("Phần thứ nhất. ĐÁNH GIÁ").kind, classify("Phần thứ nhất. ĐÁNH GIÁ").label) == (
        "part",
        "Phần thứ nhất",
    )
    assert (classify("I. MỤC TIÊU").kind, classify("I. MỤC TIÊU").label) == ("section", "I.")
    assert (classify("Mục 2. Giải pháp").kind, classify("Mục 2. Giải pháp").text) == ("section", "Giải pháp")
    assert (classify("Điều 3. Tổ chức thực hiện").kind, classify("Điều 3. Tổ chức thực hiện").label) == (
        "article",
        "Điều 3",
    )
    assert (classify("2.1. Nâng cao").kind, classify("2.1. Nâng cao").label) == ("paragraph", "2.1.")
    assert (classify("b) Thực hiện").label, classify("b) Thực hiện").text) == ("b)", "Thực hiện")
    assert (classify("Căn cứ Điều lệ Đảng;").kind, classify("Căn cứ Điều lệ Đảng;").label) == (
        "paragraph",
        "",
    )


def test_blocks_get_section_ids_of_their_heading(world):
    draft, version = published_draft(world.committee)
    blocks = list(version.blocks.order_by("position"))
    assert [b.kind for b in blocks[:3]] == ["part", "paragraph", "paragraph"]
    assert blocks[1].section_uid == blocks[0].uid
    assert blocks[5].section_uid == blocks[4].uid  # paragraph 1 of Điều 1


def _resolution_docx() -> bytes:
    return docx_upload(
        [
            "ĐẢNG BỘ KHỐI CÁC CƠ QUAN TỈNH",
            "NGHỊ QUYẾT",
            "Căn cứ Điều lệ Đảng Cộng sản Việt Nam;",
            "Phần thứ nhất",  # a bare heading: its label is its text
            "I. TÌNH HÌNH",
            "1. Ưu điểm: đa số đảng viên giữ vững lập trường tư tưởng.",
            "2. Hạn chế: một số đảng viên chưa gương mẫu.",
            "",
            "II. GIẢI PHÁP",
            "Điều 1. Về giáo dục chính trị",
            "a) Học tập nghị quyết đầy đủ.",
        ]
    ).getvalue()


def test_docx_import_of_a_resolution_detects_structure(world):
    draft = import_docx(
        actor=world.users["clerk"],
        organization=world.committee,
        title="Nghị quyết",
        content=_resolution_docx(),
    )
    rows = list(draft.versions.get().blocks.order_by("position").values_list("kind", "label", "text"))
    # The letterhead and the type line are the document's frame, not commentable paragraphs.
    assert rows == [
        ("paragraph", "", "Căn cứ Điều lệ Đảng Cộng sản Việt Nam;"),
        ("part", "Phần thứ nhất", "Phần thứ nhất"),
        ("section", "I.", "TÌNH HÌNH"),
        ("paragraph", "1.", "Ưu điểm: đa số đảng viên giữ vững lập trường tư tưởng."),
        ("paragraph", "2.", "Hạn chế: một số đảng viên chưa gương mẫu."),
        ("section", "II.", "GIẢI PHÁP"),
        ("article", "Điều 1", "Về giáo dục chính trị"),
        ("paragraph", "a)", "Học tập nghị quyết đầy đủ."),
    ]


def test_docx_import_refuses_a_file_that_is_not_docx(world):
    with pytest.raises(DomainError, match="DOCX"):
        import_docx(actor=world.users["clerk"], organization=world.committee, title="X", content=b"not a zip")


def test_only_the_office_creates_drafts(world):
    for name in ("member", "committee_member", "supervisor", "outsider"):
        with pytest.raises(NotAllowed):
            create_draft(
                actor=world.users[name], organization=world.committee, title="X", blocks=parse_lines(["a"])
            )


def test_concurrent_edits_of_the_draft_are_detected(world):
    draft = create_draft(
        actor=world.users["clerk"],
        organization=world.committee,
        title="D",
        blocks=parse_lines(RESOLUTION_LINES),
    )
    version = draft.versions.get()
    uid = version.blocks.get(position=2).uid
    first_reader, second_reader = (
        type(version).objects.get(pk=version.pk),
        type(version).objects.get(pk=version.pk),
    )
    edit_block(
        actor=world.users["clerk"], version=first_reader, uid=uid, text="Sửa lần một", expected_revision=1
    )
    with pytest.raises(ConflictError, match="người khác sửa"):
        edit_block(
            actor=world.users["secretary"],
            version=second_reader,
            uid=uid,
            text="Sửa lần hai",
            expected_revision=1,
        )
    assert Block.objects.get(version=version, uid=uid).text == "Sửa lần một"


def test_published_version_is_immutable(world):
    draft, version = published_draft(world.committee)
    uid = version.blocks.first().uid
    with pytest.raises(DomainError, match="đã công bố"):
        edit_block(actor=SYSTEM, version=version, uid=uid, text="khác", expected_revision=version.revision)
    with pytest.raises(DomainError):
        publish_version(actor=SYSTEM, version=version)


def test_next_version_keeps_ids_where_text_carries_over_and_diffs_by_word(world):
    draft, v1 = published_draft(world.committee)
    v2 = start_next_version(actor=SYSTEM, draft=draft)
    old = list(v1.blocks.order_by("position"))
    assert list(v2.blocks.order_by("position").values_list("uid", flat=True)) == [b.uid for b in old]
    # Re-enter the whole text without ids (as an import would): one paragraph reworded, one added.
    lines = list(RESOLUTION_LINES)
    lines[2] = (
        "2. Một bộ phận không nhỏ đảng viên còn biểu hiện phai nhạt lý tưởng, ngại học tập lý luận chính trị."
    )
    lines.insert(3, "3. Công tác kiểm tra, giám sát còn hạn chế.")
    replace_blocks(actor=SYSTEM, version=v2, blocks=parse_lines(lines), expected_revision=v2.revision)
    new = list(v2.blocks.order_by("position"))
    assert [b.uid for b in new[:3]] == [b.uid for b in old[:3]]
    assert new[3].uid not in {b.uid for b in old}
    assert [b.uid for b in new[4:]] == [b.uid for b in old[3:]]
    publish_version(actor=SYSTEM, version=v2)
    changes = [(d.status, d.uid) for d in diff_versions(v1, v2) if d.status != "equal"]
    assert changes == [("changed", old[2].uid), ("added", new[3].uid)]
    changed = next(d for d in diff_versions(v1, v2) if d.status == "changed")
    assert ("insert", "không nhỏ") in changed.words


def test_word_diff_marks_deleted_and_inserted_words():
    assert word_diff("a b c d", "a x c d e", keep_spaces=False) == [
        ("equal", "a"),
        ("delete", "b"),
        ("insert", "x"),
        ("equal", "c d"),
        ("insert", "e"),
    ]

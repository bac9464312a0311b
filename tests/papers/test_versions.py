import pytest

from chuyende.common.errors import ConflictError, DomainError
from chuyende.common.worddiff import word_diff
from chuyende.papers import domain
from chuyende.papers.blocks import assign_ids, blocks_from_text
from chuyende.papers.diffing import diff_paragraphs
from chuyende.papers.enums import AnchorStatus, CommentTarget, PaperState

from .helpers import TEXT, anchors, key, paper, submitted_paper


def test_assign_ids_carries_ids_over_exact_normalized_and_similar_text():
    old = assign_ids([], blocks_from_text("Đoạn một giữ nguyên.\n\nChi bộ đã hoá giải mâu thuẫn.\n\n"
                                          "Chi bộ tổ chức sinh hoạt đều đặn vào ngày 3 hằng tháng.\n\nĐoạn bị xoá."))  # fmt: skip
    new = assign_ids(old, blocks_from_text("Đoạn mới hoàn toàn.\n\nChi bộ đã hóa giải mâu thuẫn.\n\n"
                                           "Đoạn một giữ nguyên.\n\n"
                                           "Chi bộ tổ chức sinh hoạt nghiêm túc, đều đặn vào ngày 3 hằng tháng."))  # fmt: skip
    old_ids = [b["id"] for b in old]
    assert new[2]["id"] == old_ids[0]  # exact, moved
    assert new[1]["id"] == old_ids[1]  # same words, other tone placement
    assert new[3]["id"] == old_ids[2]  # similar
    assert new[0]["id"] not in old_ids
    assert len({b["id"] for b in new}) == 4


def test_word_diff_marks_inserted_and_deleted_words():
    assert word_diff("nể nang né tránh", "nể nang, ngại va chạm") == [
        ("equal", "nể "),
        ("delete", "nang né tránh"),
        ("insert", "nang, ngại va chạm"),
    ]


def test_diff_paragraphs_places_removed_paragraph_where_it_stood():
    rows = diff_paragraphs([("a", "A"), ("b", "B"), ("c", "C")], [("a", "A"), ("c", "C2"), ("d", "D")])
    assert [(r.status, r.anchor) for r in rows] == [
        ("same", "a"),
        ("removed", "b"),
        ("changed", "c"),
        ("added", "d"),
    ]


def test_submit_stores_immutable_version_with_draft_ids(world):
    p = submitted_paper(world)
    assert p.state == PaperState.SUBMITTED
    assert p.current_version.number == 1
    assert anchors(p) == [b["id"] for b in p.draft]
    assert [para.text for para in p.current_version.paragraphs.all()][1] == (
        "Một bộ phận đảng viên còn nể nang, né tránh, ngại va chạm trong tự phê bình và phê bình."
    )


def test_comment_anchor_follows_paragraph_across_versions(world):
    p = submitted_paper(world)
    first, second, third = anchors(p)[1], anchors(p)[2], anchors(p)[4]
    commenter = world.users["cell_secretary"]
    kept = domain.add_comment(actor=commenter, paper=p, text="Nêu cụ thể hơn.", idempotency_key=key(),
                              target=CommentTarget.PARAGRAPH, anchor=first)  # fmt: skip
    changed = domain.add_comment(actor=commenter, paper=p, text="Hình thức ở chỗ nào?", idempotency_key=key(),
                                 target=CommentTarget.PARAGRAPH, anchor=second)  # fmt: skip
    removed = domain.add_comment(actor=commenter, paper=p, text="Cần mốc thời gian.", idempotency_key=key(),
                                 target=CommentTarget.PARAGRAPH, anchor=third)  # fmt: skip
    domain.set_paper_state(actor=world.users["secretary"], paper=p, state=PaperState.PRESENTED)
    revised = TEXT.replace("có lúc còn hình thức", "có lúc còn hình thức, nhất là ở khâu thảo luận")
    revised = revised.replace(
        "\n\nChi bộ đổi mới nội dung sinh hoạt, mỗi đảng viên đăng ký cam kết khắc phục có thời hạn.", ""
    )
    # The paragraph the first comment names moves to the end, unchanged.
    revised += "\n\nMột bộ phận đảng viên còn nể nang, né tránh, ngại va chạm trong tự phê bình và phê bình."
    revised = revised.replace(
        "# I. Những biểu hiện suy thoái\n\nMột bộ phận đảng viên còn nể nang, né tránh, ngại va chạm "
        "trong tự phê bình và phê bình.\n\n",
        "# I. Những biểu hiện suy thoái\n\n",
    )
    p = domain.update_paper(actor=world.users["member"], paper=p, version=p.version, text=revised)
    v2 = domain.submit_revision(actor=world.users["member"], paper=p)
    assert v2.number == 2
    assert list(v2.paragraphs.values_list("anchor", flat=True))[-1] == first
    assert second in anchors(p)
    assert third not in anchors(p)
    statuses = domain.anchor_statuses(p, [kept, changed, removed])
    assert statuses == {
        kept.pk: AnchorStatus.UNCHANGED,
        changed.pk: AnchorStatus.CHANGED,
        removed.pk: AnchorStatus.DELETED,
    }


def test_stale_version_is_refused(world):
    p = paper(world)
    stale = p.version
    domain.update_paper(actor=world.users["member"], paper=p, version=stale, title="Tên mới")
    with pytest.raises(ConflictError):
        domain.update_paper(actor=world.users["member"], paper=p, version=stale, title="Tên khác")


def test_submit_without_content_is_refused(world):
    p = paper(world, text="")
    with pytest.raises(DomainError, match="chưa có nội dung"):
        domain.set_paper_state(actor=world.users["member"], paper=p, state=PaperState.SUBMITTED)

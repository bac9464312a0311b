"""Explicit references in whole-draft comments ("đoạn 3", "khoản b Điều 2", "phần II") are read
against the draft's numbering and place the comment before any lexical matching."""

import pytest

from chuyende.consultations import domain
from chuyende.consultations.structure import parse_lines
from chuyende.consultations.synthesis.references import outline_of, resolve

from .helpers import RESOLUTION_LINES, consultation_for, paragraph


def _outline():
    blocks = parse_lines(RESOLUTION_LINES)
    return outline_of([(f"u{n}", b.kind, b.label) for n, b in enumerate(blocks)]), blocks


def _uid(blocks, text_start):
    [n] = [n for n, b in enumerate(blocks) if b.text.startswith(text_start)]
    return f"u{n}"


@pytest.mark.parametrize(
    ("comment", "start"),
    [
        ("Đề nghị sửa khoản b Điều 2 cho rõ hơn.", "Thực hiện nghiêm"),
        ("diem a dieu 2 nen them doan vien thanh nien", "Tăng cường giáo dục"),
        ("Đoạn 3 nên viết ngắn gọn hơn.", "Ngăn chặn"),  # the third paragraph of the draft
        ("Ở Điều 1, đoạn thứ hai cần nêu chỉ tiêu cụ thể.", "Nâng cao năng lực"),
        ("Khoản 2 Phần I: bổ sung số liệu.", "Một bộ phận"),
        ("Phần thứ nhất, điểm 1 còn chung chung.", "Công tác xây dựng"),
    ],
)
def test_a_named_paragraph_is_resolved_against_the_numbering(comment, start):
    outline, blocks = _outline()
    assert resolve(comment, outline) == (_uid(blocks, start),)


def test_a_named_heading_restricts_and_ambiguity_or_ordinary_words_decide_nothing():
    outline, blocks = _outline()
    part_two = resolve("Phần II còn dài, nên gọn lại.", outline)
    assert set(part_two) == {
        _uid(blocks, s) for s in ("Ngăn chặn", "Nâng cao năng lực", "Tăng cường", "Thực hiện")
    }
    assert resolve("mục II cần ngắn hơn", outline) == ()  # no "Mục II" in this draft
    assert resolve("Khoản 1 cần sửa.", outline) == ()  # "1." is in Phần I and in Điều 1
    assert resolve("Mục tiêu đến năm 2030 chưa rõ, một phần do thiếu số liệu.", outline) == ()
    assert resolve("Đoạn 12 cần sửa.", outline) == ()  # there is no twelfth paragraph


def test_a_whole_draft_comment_naming_a_paragraph_is_placed_on_it(world, django_capture_on_commit_callbacks):
    consultation = consultation_for(world)
    target = consultation.version.blocks.get(text__startswith="Thực hiện nghiêm")
    comment, _ = domain.submit_comment(
        actor=world.users["member"], consultation=consultation, stance="propose", idempotency_key="r1",
        text="Đề nghị khoản b Điều 2 quy định rõ tần suất tự phê bình.", target="draft", block_uid="",
    )  # fmt: skip
    elsewhere, _ = domain.submit_comment(
        actor=world.users["member"], consultation=consultation, stance="propose", idempotency_key="r2",
        text="Điều 1 cần nhấn mạnh năng lực lãnh đạo và sức chiến đấu của chi bộ.", target="draft", block_uid="",
    )  # fmt: skip
    with django_capture_on_commit_callbacks(execute=True):
        run = domain.start_synthesis(actor=world.users["clerk"], consultation=consultation)
    run.refresh_from_db()
    assert run.status == "done", run.error
    comment.refresh_from_db()
    elsewhere.refresh_from_db()
    assert (comment.suggested_block_uid, comment.placement_confirmed) == (target.uid, False)
    assert comment.group.block_uid == target.uid
    # Naming "Điều 1" keeps the lexical placement inside that article.
    assert elsewhere.suggested_block_uid == paragraph(consultation, 4).uid

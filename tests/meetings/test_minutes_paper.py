"""The BB as an office sends it (issue 14): agenda and totals once, presenter and lead paper from the
data, the number from the cell's register on approval, and approved minutes frozen as bytes."""

import io

import pypdf

from chuyende.common.actors import SYSTEM
from chuyende.documents.rendering.model import Paragraph
from chuyende.meetings import domain
from chuyende.meetings.documents import minutes_bytes, minutes_document
from chuyende.meetings.models import Minutes
from chuyende.papers.models import PaperParagraph, PaperVersion, PositionPaper
from tests.documents.helpers import term_for

from . import helpers as h


def _texts(doc):
    return [b.text for b in doc.blocks if isinstance(b, Paragraph)]


def _session(world):
    plan = h.plan(world)
    assignment = domain.assign_topic(
        actor=SYSTEM, plan=plan, cell=world.cell_a, topic='Siết chặt kỷ luật "nêu gương"', presenters=[]
    )
    meeting = h.meeting(world, assignment=assignment, chair=world.member_a2, secretary=world.member_a,
                        agenda=["Quán triệt chuyên đề", "Thảo luận"])  # fmt: skip
    h.hold(meeting, [world.member_a, world.member_a2])
    return assignment, meeting


def _paper(world, assignment):
    paper = PositionPaper.objects.create(
        organization=world.cell_a, assignment=assignment, title="Tham luận của chi bộ",
        causes="Kiểm tra chưa thường xuyên.", solutions="Mỗi đảng viên đăng ký nội dung nêu gương.",
    )  # fmt: skip
    paper.authors.add(world.member_a)
    version = PaperVersion.objects.create(paper=paper, number=1, title=paper.title)
    PaperParagraph.objects.create(
        version=version, anchor="a0", position=0, text="Chi bộ đã quán triệt kế hoạch."
    )
    paper.current_version = version
    paper.save(update_fields=["current_version"])
    return paper


def test_draft_bb_prints_agenda_and_totals_once_presenter_and_lead_paper(world):
    assignment, meeting = _session(world)
    _paper(world, assignment)
    minutes = domain.draft_minutes(actor=SYSTEM, meeting=meeting)
    # Content an earlier version drafted with the agenda and totals copied in: not printed twice.
    minutes = domain.update_minutes(actor=SYSTEM, minutes=minutes, version=minutes.version, content=(
        "Chương trình sinh hoạt:\n1. Quán triệt chuyên đề\n2. Thảo luận\nGhi chú của thư ký."))  # fmt: skip
    doc = minutes_document(meeting)
    texts = _texts(doc)
    assert doc.marks == ("DỰ THẢO",)
    assert texts.count("1. Quán triệt chuyên đề") == 1
    assert not [t for t in texts if t.startswith("Chương trình sinh hoạt")]
    assert "Ghi chú của thư ký." in texts
    assert doc.summary == "sinh hoạt chuyên đề “Siết chặt kỷ luật ‘nêu gương’”"
    # No presenter assigned: the paper's author presented it.
    assert "Người trình bày: đồng chí Huỳnh Thị Ngọc Ánh." in texts
    assert (
        "Tóm tắt bài tham luận “Tham luận của chi bộ”: Chi bộ đã quán triệt kế hoạch. Nguyên nhân: Kiểm tra "
        "chưa thường xuyên. Giải pháp: Mỗi đảng viên đăng ký nội dung nêu gương."
    ) in texts
    assert doc.header.number_line == "Số \u00a0\u00a0\u00a0\u00a0\u00a0\u00a0-BB/CB"


def test_approval_numbers_from_the_cells_register_per_term_and_freezes_the_bytes(world):
    term_for(world.committee)  # the cell records no term of its own: its committee's term counts
    _assignment, meeting = _session(world)
    second = h.meeting(world, starts_at=h.at(2016, 12, 15), chair=world.member_a2, secretary=world.member_a)
    first_minutes = h.approved_minutes(meeting)
    second_minutes = h.approved_minutes(second)
    assert (first_minutes.number_symbol, second_minutes.number_symbol) == ("01-BB/CB", "02-BB/CB")
    frozen = minutes_bytes(meeting, "pdf")
    text = "".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(frozen)).pages)
    assert "Số 01-BB/CB" in text and "DỰ THẢO" not in text
    # Later changes (the grade, a renamed place) never touch the approved file.
    domain.propose_grade(actor=SYSTEM, meeting=meeting, scores=h.SCORES_PASS)
    domain.confirm_grade(actor=world.users["supervisor"], meeting=meeting)
    meeting.place = "Nơi khác"
    meeting.save(update_fields=["place"])
    assert minutes_bytes(meeting, "pdf") == frozen
    stored = Minutes.objects.get(pk=first_minutes.pk)
    with stored.docx_file.open("rb") as handle:
        assert minutes_bytes(meeting, "docx") == handle.read()


def test_approval_without_any_term_freezes_without_a_number(world):
    _assignment, meeting = _session(world)
    minutes = h.approved_minutes(meeting)
    assert minutes.number_symbol == "" and minutes.pdf_file

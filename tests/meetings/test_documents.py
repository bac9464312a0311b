from chuyende.common.actors import SYSTEM
from chuyende.documents.rendering.model import Paragraph, Table
from chuyende.documents.rendering.pdf import render_pdf
from chuyende.meetings import domain
from chuyende.meetings.documents import minutes_document, plan_document
from tests import factories as f

from . import helpers as h


def _texts(doc):
    return [b.text for b in doc.blocks if isinstance(b, Paragraph)]


def test_minutes_document_has_attendance_breakdown_with_names_and_reasons(world):
    plan = h.plan(world)
    assignment = domain.assign_topic(
        actor=SYSTEM, plan=plan, cell=world.cell_a, topic="Siết chặt kỷ luật", presenters=[world.member_a2]
    )
    meeting = h.meeting(
        world, assignment=assignment, chair=world.member_a2, secretary=world.member_a,
        supervisor=world.users["supervisor"], agenda=["Quán triệt chuyên đề"], place="Hội trường",
    )  # fmt: skip
    third = f.member(world.cell_a, "Lê Quang Vinh")
    fourth = f.member(world.cell_a, "Ngô Đình Khoa")
    domain.record_attendance(meeting, world.member_a, "present", actor=SYSTEM)
    domain.record_attendance(meeting, world.member_a2, "present", actor=SYSTEM)
    domain.record_attendance(meeting, third, "excused", actor=SYSTEM, reason="Đi công tác")
    domain.record_attendance(meeting, fourth, "unexcused", actor=SYSTEM)
    h.approved_minutes(meeting)
    doc = minutes_document(meeting)
    assert (doc.type_name, doc.summary) == ("BIÊN BẢN", "sinh hoạt chuyên đề “Siết chặt kỷ luật”")
    assert doc.header.place_and_date == "Nha Trang, ngày 10 tháng 12 năm 2016"
    texts = _texts(doc)
    assert "Thời gian: bắt đầu lúc 14 giờ 00 phút, ngày 10 tháng 12 năm 2016." in texts
    assert "3. Vắng: 2 đồng chí; có lý do: 1, không có lý do: 1." in texts
    assert "2. Có mặt: 2 đồng chí, tỷ lệ 50%; trong đó đến muộn: 0 (không)." in texts
    table = next(b for b in doc.blocks if isinstance(b, Table))
    assert [list(r) for r in table.rows] == [
        ["1", "Ngô Đình Khoa", "Vắng không lý do", "—"],  # Vietnamese order: by given name
        ["2", "Lê Quang Vinh", "Vắng có lý do", "Đi công tác"],
    ]
    assert "Đồng chí Võ Minh Tuấn: Trình bày báo cáo." in texts
    assert "Người trình bày: đồng chí Võ Minh Tuấn." in texts
    assert (doc.signature.position, doc.signature.name) == ("CHỦ TRÌ", "Võ Minh Tuấn")
    assert (doc.secondary_signature.position, doc.secondary_signature.name) == (
        "THƯ KÝ",
        "Huỳnh Thị Ngọc Ánh",
    )
    assert render_pdf(doc).startswith(b"%PDF")


def test_plan_document_lists_topics(world):
    plan = h.plan(world, basis="Nghị quyết số 04-NQ/TW")
    domain.assign_topic(
        actor=SYSTEM, plan=plan, cell=world.cell_a, topic="Chủ đề A", presenters=[world.member_a]
    )
    doc = plan_document(plan, signer_name="Nguyễn Đức Thành")
    table = next(b for b in doc.blocks if isinstance(b, Table))
    assert [list(r) for r in table.rows] == [
        ["1", "Chi bộ Phòng Nghiệp vụ Pháp chế", "Chủ đề A", "20/12/2016", "Huỳnh Thị Ngọc Ánh"]
    ]
    assert doc.type_name == "KẾ HOẠCH"


def test_minutes_docx_reads_back_with_names_and_reasons(world):
    import io

    import docx

    from chuyende.documents.rendering.docx import render_docx

    meeting = h.meeting(world, chair=world.member_a2, secretary=world.member_a)
    domain.record_attendance(meeting, world.member_a, "present", actor=SYSTEM)
    domain.record_attendance(meeting, world.member_a2, "excused", actor=SYSTEM, reason="Ốm")
    h.approved_minutes(meeting)
    document = docx.Document(io.BytesIO(render_docx(minutes_document(meeting))))
    cells = [c.text for t in document.tables for row in t.rows for c in row.cells]
    texts = [p.text for p in document.paragraphs]
    assert cells[cells.index("Võ Minh Tuấn") - 1 :][:4] == ["1", "Võ Minh Tuấn", "Vắng có lý do", "Ốm"]
    assert "BIÊN BẢN" in texts + cells
    assert any("Biên bản đã được đọc lại" in t for t in texts)

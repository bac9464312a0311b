import io

import docx
import pypdf

from chuyende.common.actors import SYSTEM
from chuyende.consultations.domain import dispose, publish_version, start_next_version, submit_comment
from chuyende.consultations.models import Comment
from chuyende.consultations.report import appendix_rows, build_report
from chuyende.documents.rendering.docx import render_docx
from chuyende.documents.rendering.pdf import render_pdf

from .helpers import consultation_for, paragraph


def test_report_table_matches_the_handled_comments_exactly(world):
    consultation = consultation_for(world)
    block = paragraph(consultation, 2)
    made = [
        submit_comment(actor=world.users[n], consultation=consultation, stance="propose", text=f"Đề nghị sửa {i}",
                       idempotency_key="r", target="paragraph", block_uid=block.uid)[0]
        for i, n in enumerate(["member", "cell_secretary", "secretary"])
    ]  # fmt: skip
    v2 = start_next_version(actor=SYSTEM, draft=consultation.version.draft)
    publish_version(actor=SYSTEM, version=v2)
    dispose(actor=world.users["clerk"], consultation=consultation, decision="accepted", explanation="Tiếp thu",
            comment_ids=[made[0].pk, made[1].pk], changed_version=v2, changed_block_uid=block.uid)  # fmt: skip
    dispose(actor=world.users["clerk"], consultation=consultation, decision="rejected",
            explanation="Không phù hợp với Điều lệ", comment_ids=[made[2].pk])  # fmt: skip
    rows = appendix_rows(consultation)
    assert [(r[0], r[3], r[5]) for r in rows] == [("1", "Tiếp thu", 2), ("2", "Không tiếp thu", 1)]
    assert sum(r[5] for r in rows) == Comment.objects.filter(disposition__isnull=False).count() == 3
    assert rows[0][1] == f"{block.label} {block.text}"
    assert "Huỳnh Thị Ngọc Ánh" in rows[0][2] and "Sửa thành" in rows[0][4]
    document = build_report(consultation, signer_name="Nguyễn Đức Thành")
    text = "\n".join(p.text for p in docx.Document(io.BytesIO(render_docx(document))).paragraphs)
    assert "BÁO CÁO" in text and "TÌNH HÌNH TỔ CHỨC LẤY Ý KIẾN" in text and "Tổng số ý kiến: 3" in text
    tables = docx.Document(io.BytesIO(render_docx(document))).tables
    assert [c.text for c in tables[-1].rows[0].cells][0] == "TT" and len(tables[-1].rows) == 3
    pdf_text = "".join(
        page.extract_text() for page in pypdf.PdfReader(io.BytesIO(render_pdf(document))).pages
    )
    assert "Không phù hợp với Điều lệ" in pdf_text

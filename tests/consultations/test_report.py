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
    document = build_report(consultation)  # signed by the committee's secretary of the day
    text = "\n".join(p.text for p in docx.Document(io.BytesIO(render_docx(document))).paragraphs)
    assert "BÁO CÁO" in text and "TÌNH HÌNH TỔ CHỨC LẤY Ý KIẾN" in text and "Tổng số ý kiến: 3" in text
    tables = docx.Document(io.BytesIO(render_docx(document))).tables
    assert [c.text for c in tables[-1].rows[0].cells][0] == "TT" and len(tables[-1].rows) == 3
    pdf_text = "".join(
        page.extract_text() for page in pypdf.PdfReader(io.BytesIO(render_pdf(document))).pages
    )
    assert "Không phù hợp với Điều lệ" in pdf_text
    assert "T/M ĐẢNG UỶ" in pdf_text and "Nguyễn Đức Thành" in pdf_text


def test_report_page_signer_is_chosen_among_those_who_may_sign(world, client):
    from django.urls import reverse

    from chuyende.orgs.enums import Role
    from tests import factories as f

    consultation = consultation_for(world)
    deputy = f.user("phobithu", member=f.member(world.cell_b, "Trần Văn Phó"))
    f.role(deputy, world.committee, Role.DEPUTY_SECRETARY)
    client.force_login(world.users["clerk"])
    page = client.get(reverse("consultation-handling", args=[consultation.pk]))
    assert [s.label for s in page.context["report_signers"]] == [
        "Nguyễn Đức Thành — Bí thư",
        "Trần Văn Phó — Phó bí thư",
    ]
    url = reverse("consultation-report", args=[consultation.pk])
    response = client.get(url, {"nguoi_ky": deputy.member.pk})
    assert response["Content-Type"] == "application/pdf"
    assert "filename*=utf-8''B%C3%A1o%20c%C3%A1o" in response["Content-Disposition"]
    lines = "\n".join(
        p.extract_text() for p in pypdf.PdfReader(io.BytesIO(response.content)).pages
    ).splitlines()
    start = lines.index("T/M ĐẢNG UỶ")
    assert lines[start : start + 3] == ["T/M ĐẢNG UỶ", "K/T BÍ THƯ", "PHÓ BÍ THƯ"]
    assert "Trần Văn Phó" in lines
    refused = client.get(url, {"nguoi_ky": world.member_b.pk})
    assert refused.status_code == 400
    assert "không giữ chức vụ có thẩm quyền ký" in refused.content.decode()
    # A member of another committee is not named by guessing an id: not found, as a missing id.
    hidden = client.get(url, {"nguoi_ky": world.member_x.pk})
    missing = client.get(url, {"nguoi_ky": world.member_x.pk + 1000})
    assert (hidden.status_code, missing.status_code) == (404, 404)
    assert world.member_x.full_name not in hidden.content.decode()
    client.force_login(world.users["member"])
    assert client.get(url).status_code == 403  # the office's page, refused to a member

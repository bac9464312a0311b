"""One rendering `Document` of every type the product prints, built by the real builders from the
demo data (call `call_command("demo")` first), plus the hard fixture of `fidelity`."""

from datetime import date

from chuyende.commitments.documents import year_end_report
from chuyende.consultations.models import Consultation
from chuyende.consultations.report import build_report
from chuyende.documents.compose import body_from_text, to_render_model
from chuyende.documents.models import OfficialDocument
from chuyende.documents.rendering.model import Document
from chuyende.meetings.documents import minutes_document
from chuyende.meetings.models import Minutes
from chuyende.orgs.models import Organization
from tests.documents import fidelity
from tests.documents.helpers import draft

TODAY = date(2017, 12, 14)
NOTICE = """# I. KẾT QUẢ
Năm chi bộ trực thuộc đã tổ chức sinh hoạt chuyên đề đúng kế hoạch; 100% đảng viên có bài thu hoạch.
- Chi bộ Phòng Nghiệp vụ Pháp chế đạt loại tốt.
- Chi bộ Phòng Công tác ĐBQH đạt loại khá.
# II. NHIỆM VỤ THỜI GIAN TỚI
Các chi bộ tiếp tục thực hiện cam kết khắc phục và báo cáo kết quả trước ngày 14/12/2018.
"""


def every_type() -> dict[str, Document]:
    plan = OfficialDocument.objects.get(document_type__code="KH")
    resolution = OfficialDocument.objects.get(document_type__code="NQ")
    notice = draft(
        plan.organization, plan.term, "TB", summary="kết quả sinh hoạt chuyên đề năm 2017", signer=plan.signer,
        body=body_from_text(NOTICE),
    )  # fmt: skip
    minutes = Minutes.objects.select_related("meeting").order_by("pk").first()
    cell = Organization.objects.get(name="Chi bộ Phòng Nghiệp vụ Pháp chế")
    return {
        "kh": to_render_model(plan),
        "nq": to_render_model(resolution),
        "tb": to_render_model(notice, on=TODAY),
        "bb": minutes_document(minutes.meeting, minutes),
        "bc-tiep-thu": build_report(
            Consultation.objects.get(title__contains="Nghị quyết")
        ),  # signed by the secretary of the day
        "bc-kiem-diem": year_end_report(cell, 2017, TODAY),
        "kho": fidelity.hard_document(),
    }

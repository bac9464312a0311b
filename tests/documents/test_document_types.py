import pytest

from chuyende.documents.compose import block_from_json
from chuyende.documents.models import DocumentType

pytestmark = pytest.mark.django_db


def test_document_types_loaded_with_every_code_of_the_guideline():
    codes = list(DocumentType.objects.values_list("code", flat=True))
    assert codes == ["NQ", "QĐ", "QĐi", "CT", "KL", "HD", "KH", "CV", "QC", "TB", "BC", "TTr", "CTr", "BB"]
    assert DocumentType.objects.get(code="KH").name == "KẾ HOẠCH"
    assert DocumentType.objects.get(code="BB").signer_position == "THƯ KÝ"


@pytest.mark.parametrize("code", ["KH", "BB", "NQ", "BC", "TB"])
def test_document_types_templates_render_as_blocks(code):
    template = DocumentType.objects.get(code=code).template
    assert len(template) >= 5
    assert all(block_from_json(block) for block in template)


def test_document_types_kh_template_headings():
    headings = [
        b["number"] + " " + b["text"]
        for b in DocumentType.objects.get(code="KH").template
        if b["type"] == "heading" and b["level"] == 1
    ]
    assert headings == [
        "I. MỤC ĐÍCH, YÊU CẦU",
        "II. NỘI DUNG",
        "III. PHƯƠNG PHÁP, THỜI GIAN",
        "IV. TỔ CHỨC THỰC HIỆN",
    ]

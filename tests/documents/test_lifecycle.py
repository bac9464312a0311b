import io
from datetime import date

import docx
import pypdf
import pytest

from chuyende.common.actors import SYSTEM
from chuyende.common.errors import ConflictError, DomainError
from chuyende.common.models import AuditEntry
from chuyende.documents.compose import body_from_text, body_to_text
from chuyende.documents.domain import issue_document, replace_document, update_draft, withdraw_document
from chuyende.documents.enums import DocumentState
from chuyende.documents.models import NumberSeries
from chuyende.orgs.enums import Role
from tests import factories as f

from .helpers import ISSUED_ON, draft, issued, term_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def committee():
    superior = f.organization(name="Đảng bộ Khối")
    return f.organization(superior, header_name="ĐẢNG UỶ CƠ QUAN VĂN PHÒNG", body_code="ĐU")


@pytest.fixture
def term(committee):
    return term_for(committee)


@pytest.fixture
def signer(committee):
    member = f.member(f.cell(committee), "Nguyễn Đức Thành")
    f.role(f.user(member=member), committee, Role.SECRETARY)
    return member


def test_create_document_uses_type_template_and_defaults(committee, term):
    document = draft(committee, term, "KH")
    assert document.state == DocumentState.DRAFT
    assert document.body[0] == {"type": "heading", "level": 1, "text": "MỤC ĐÍCH, YÊU CẦU", "number": "I."}
    assert document.recipients == ["Cấp uỷ cấp trên (để b/c),", "Các chi bộ trực thuộc,", "Lưu Văn phòng."]
    assert (document.signing_form, document.signer_position, document.version) == ("T/M", "BÍ THƯ", 1)


def test_update_draft_bumps_version_and_refuses_stale_version(committee, term):
    document = draft(committee, term)
    document = update_draft(actor=SYSTEM, document=document, expected_version=1, summary="mới")
    assert (document.summary, document.version) == ("mới", 2)
    with pytest.raises(ConflictError) as error:
        update_draft(actor=SYSTEM, document=document, expected_version=1, summary="cũ")
    assert "phiên bản 2" in error.value.message
    document.refresh_from_db()
    assert document.summary == "mới"


def test_issue_document_numbers_freezes_and_stores_files(committee, term, signer):
    document = issued(committee, term, signer, "KH")
    assert (document.state, document.number, document.number_symbol) == ("issued", 1, "01-KH/ĐU")
    assert document.issued_on == ISSUED_ON
    assert document.signer == signer
    assert document.pdf_file.name.endswith("01-KH-DU.pdf")
    pdf_text = pypdf.PdfReader(io.BytesIO(document.pdf_file.read())).pages[0].extract_text()
    assert "Số 01-KH/ĐU" in pdf_text
    assert "ngày 05 tháng 12 năm 2016" in pdf_text
    assert "DỰ THẢO" not in pdf_text
    word = docx.Document(io.BytesIO(document.docx_file.read()))
    texts = [p.text for t in word.tables for row in t.rows for c in row.cells for p in c.paragraphs]
    assert "Số 01-KH/ĐU" in texts
    assert AuditEntry.objects.filter(action="document.issued", object_id=str(document.pk)).count() == 1


def test_issued_document_cannot_be_edited(committee, term, signer):
    document = issued(committee, term, signer)
    with pytest.raises(DomainError) as error:
        update_draft(actor=SYSTEM, document=document, expected_version=document.version, summary="sửa")
    assert error.value.message.startswith("Văn bản đã ban hành, không thể sửa")
    with pytest.raises(DomainError):
        issue_document(actor=SYSTEM, document=document, issued_on=ISSUED_ON)


def test_issue_document_refuses_date_outside_term_and_missing_signer(committee, term, signer):
    document = draft(committee, term)
    with pytest.raises(DomainError, match="Chưa chọn người ký"):
        issue_document(actor=SYSTEM, document=document, issued_on=ISSUED_ON)
    with pytest.raises(DomainError, match="không thuộc nhiệm kỳ"):
        issue_document(actor=SYSTEM, document=document, issued_on=date(2021, 1, 1), signer=signer)
    assert NumberSeries.objects.filter(organization=committee).first() is None
    document.refresh_from_db()
    assert (document.state, document.number) == ("draft", None)


def test_numbers_run_per_type_and_withdrawn_numbers_are_not_reused(committee, term, signer):
    first = issued(committee, term, signer, "NQ")
    withdraw_document(actor=SYSTEM, document=first, reason="Ban hành nhầm")
    second = issued(committee, term, signer, "NQ")
    plan = issued(committee, term, signer, "KH")
    first.refresh_from_db()
    assert (first.state, first.number_symbol) == ("withdrawn", "01-NQ/ĐU")
    assert second.number_symbol == "02-NQ/ĐU"
    assert plan.number_symbol == "01-KH/ĐU"


def test_numbers_restart_with_a_new_term(committee, term, signer):
    issued(committee, term, signer, "NQ")
    from chuyende.orgs.domain import create_term

    new_term = create_term(
        actor=SYSTEM, organization=committee, name="Nhiệm kỳ 2020 – 2025", starts_on=date(2020, 7, 1)
    )
    document = issue_document(
        actor=SYSTEM, document=draft(committee, new_term, "NQ"), issued_on=date(2021, 3, 2), signer=signer
    )
    assert document.number_symbol == "01-NQ/ĐU"


def test_replace_document_links_the_later_one(committee, term, signer):
    old = issued(committee, term, signer, "NQ")
    new = issued(committee, term, signer, "NQ")
    replace_document(actor=SYSTEM, document=old, replacement=new)
    old.refresh_from_db()
    assert (old.state, old.replaced_by_id) == ("replaced", new.pk)
    with pytest.raises(DomainError, match="Không thể chuyển"):
        withdraw_document(actor=SYSTEM, document=old, reason="x")


def test_transition_stale_expected_version_is_a_conflict(committee, term, signer):
    document = issued(committee, term, signer)
    with pytest.raises(ConflictError):
        withdraw_document(actor=SYSTEM, document=document, reason="x", expected_version=1)


def test_body_text_round_trip():
    text = "# I. MỤC ĐÍCH\nĐoạn **đậm** một.\n- ý một\n| Chi bộ | Chủ đề |\n| A | B |\n---"
    body = body_from_text(text)
    assert [b["type"] for b in body] == ["heading", "paragraph", "paragraph", "table", "page_break"]
    assert body_to_text(body) == text


def test_issue_document_with_a_300_character_summary_stores_both_files(committee, term, signer):
    from tests.documents.fidelity import LONG_TITLE

    document = issued(committee, term, signer, "KH", summary=LONG_TITLE)
    with document.docx_file.open("rb") as handle:
        word = docx.Document(io.BytesIO(handle.read()))
    assert len(word.core_properties.title) <= 255
    assert LONG_TITLE in [p.text for p in word.paragraphs]
    with document.pdf_file.open("rb") as handle:
        assert len(pypdf.PdfReader(handle).pages) >= 1

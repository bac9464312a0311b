"""Who signs an issued document: the holder of the signing role, never the clerk who clicks."""

from datetime import date

import pytest
from django.urls import reverse

from chuyende.common.errors import DomainError
from chuyende.documents.domain import issue_document
from chuyende.documents.enums import DocumentState
from chuyende.orgs.enums import Role
from tests import factories as f
from tests.pdftext import pdf_text
from tests.world import build_world

from .helpers import ISSUED_ON, draft, term_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    world = build_world()
    world.term = term_for(world.committee)
    return world


def _pdf(document) -> str:
    with document.pdf_file.open("rb") as handle:
        return pdf_text(handle.read())


def test_clerk_issues_on_the_secretarys_instruction_and_the_pdf_names_the_secretary(world):
    secretary = world.users["secretary"].member
    document = issue_document(
        actor=world.users["clerk"], document=draft(world.committee, world.term, "TB"), issued_on=ISSUED_ON,
        signer=secretary,
    )  # fmt: skip
    assert (document.signer, document.signing_form, document.signer_position) == (secretary, "T/M", "BÍ THƯ")
    text = _pdf(document)
    assert "T/M ĐẢNG UỶ" in text and "BÍ THƯ" in text and "Nguyễn Đức Thành" in text
    assert "vanphong" not in text


def test_a_deputy_signs_for_the_secretary(world):
    deputy = f.user("phobithu", member=f.member(world.cell_b, "Trần Văn Phó"))
    f.role(deputy, world.committee, Role.DEPUTY_SECRETARY)
    document = issue_document(
        actor=world.users["clerk"], document=draft(world.committee, world.term, "NQ"), issued_on=ISSUED_ON,
        signer=deputy.member,
    )  # fmt: skip
    assert (document.signing_form, document.signer_position) == ("K/T", "PHÓ BÍ THƯ")
    lines = _pdf(document).splitlines()
    start = lines.index("T/M ĐẢNG UỶ")
    assert lines[start : start + 3] == ["T/M ĐẢNG UỶ", "K/T BÍ THƯ", "PHÓ BÍ THƯ"]
    assert "Trần Văn Phó" in lines


@pytest.mark.parametrize("who", ["member_b", "member_a2"])
def test_a_signer_without_authority_is_refused_and_nothing_is_numbered(world, who):
    document = draft(world.committee, world.term, "KH")
    with pytest.raises(DomainError, match="không giữ chức vụ có thẩm quyền ký"):
        issue_document(
            actor=world.users["clerk"], document=document, issued_on=ISSUED_ON, signer=getattr(world, who)
        )
    document.refresh_from_db()
    assert (document.state, document.number) == (DocumentState.DRAFT, None)


def test_an_appointment_not_yet_started_gives_no_authority(world):
    later = f.user("bithu-moi", member=f.member(world.cell_b, "Lê Thị Hồng"))
    f.role(later, world.committee, Role.SECRETARY, starts_on=date(2017, 1, 1))
    with pytest.raises(DomainError):
        issue_document(
            actor=world.users["clerk"], document=draft(world.committee, world.term), issued_on=ISSUED_ON,
            signer=later.member,
        )  # fmt: skip


def test_the_issue_form_offers_only_those_who_may_sign(client, world):
    deputy = f.user("phobithu", member=f.member(world.cell_b, "Trần Văn Phó"))
    f.role(deputy, world.committee, Role.DEPUTY_SECRETARY)
    document = draft(world.committee, world.term)
    client.force_login(world.users["clerk"])
    page = client.get(reverse("document-detail", args=[document.pk]))
    field = page.context["issue_form"].fields["signer"]
    assert [field.label_from_instance(m) for m in field.queryset.order_by("sort_key")] == [
        "Trần Văn Phó — Phó bí thư",
        "Nguyễn Đức Thành — Bí thư",
    ]
    refused = client.post(
        reverse("document-action", args=[document.pk, "issue"]),
        {"issued_on": "2016-12-05", "signer": world.member_b.pk, "version": document.version},
    )
    assert refused.status_code == 302
    document.refresh_from_db()
    assert document.state == DocumentState.DRAFT

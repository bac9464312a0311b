import pytest
from django.core.management import call_command

from chuyende.documents.domain import acknowledgement_rollup
from chuyende.documents.models import OfficialDocument, Recipient

pytestmark = pytest.mark.django_db


def test_demo_issues_and_disseminates_the_plan_idempotently():
    call_command("demo")
    call_command("demo")
    plan = OfficialDocument.objects.get(document_type__code="KH")  # later steps issue more (the NQ)
    assert (plan.number_symbol, plan.state, str(plan.issued_on)) == ("01-KH/ĐU", "issued", "2016-12-05")
    assert plan.signer.full_name == "Nguyễn Đức Thành"
    assert plan.term.name == "Nhiệm kỳ 2015 – 2020"
    rollup = acknowledgement_rollup(plan, [plan.organization.path])
    assert (rollup.total, rollup.done, len(rollup.rows)) == (40, 23, 5)
    assert (
        Recipient.objects.get(document=plan, member__full_name="Huỳnh Thị Ngọc Ánh").acknowledged_at is None
    )
    assert plan.pdf_file.name.endswith("01-KH-DU.pdf")

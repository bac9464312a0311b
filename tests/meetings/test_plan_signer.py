"""Issuing a plan from its page: the signer is chosen among those who may sign."""

from datetime import date

from django.urls import reverse

from chuyende.common.actors import SYSTEM
from chuyende.meetings import domain
from chuyende.orgs.domain import create_term
from tests.pdftext import pdf_text

from . import helpers as h


def _plan(world):
    create_term(actor=SYSTEM, organization=world.committee, name="Nhiệm kỳ 2015 – 2020",
                starts_on=date(2015, 6, 1), ends_on=date(2020, 6, 30))  # fmt: skip
    plan = h.plan(world)
    domain.assign_topic(actor=SYSTEM, plan=plan, cell=world.cell_a, topic="Chủ đề A")
    return plan


def test_the_clerk_issues_the_plan_with_the_secretary_as_signer(client, world):
    plan = _plan(world)
    client.force_login(world.users["clerk"])
    page = client.get(reverse("plan-detail", args=[plan.pk]))
    field = page.context["issue_form"].fields["signer"]
    assert [field.label_from_instance(m) for m in field.queryset] == ["Nguyễn Đức Thành — Bí thư"]
    response = client.post(
        reverse("plan-detail", args=[plan.pk]),
        {
            "issue": "1",
            "confirmed": "1",
            "issued_on": "2016-12-05",
            "signer": world.users["secretary"].member.pk,
        },
    )
    assert response.status_code == 302
    plan.refresh_from_db()
    assert (plan.state, plan.document.signer.full_name) == ("published", "Nguyễn Đức Thành")
    with plan.document.pdf_file.open("rb") as handle:
        lines = pdf_text(handle.read()).splitlines()
    start = lines.index("T/M ĐẢNG UỶ")
    assert lines[start : start + 2] == ["T/M ĐẢNG UỶ", "BÍ THƯ"]
    assert "Nguyễn Đức Thành" in lines


def test_issuing_a_plan_without_choosing_a_signer_is_refused(client, world):
    plan = _plan(world)
    client.force_login(world.users["secretary"])
    response = client.post(
        reverse("plan-detail", args=[plan.pk]), {"issue": "1", "confirmed": "1", "issued_on": "2016-12-05"}
    )
    assert response.status_code == 302
    plan.refresh_from_db()
    assert (plan.state, plan.document_id) == ("draft", None)
    page = client.get(reverse("plan-detail", args=[plan.pk]))
    assert "Hãy chọn ngày ban hành và người ký." in page.text


def test_a_signer_without_authority_posted_to_the_plan_page_is_refused(client, world):
    plan = _plan(world)
    client.force_login(world.users["clerk"])
    client.post(
        reverse("plan-detail", args=[plan.pk]),
        {"issue": "1", "confirmed": "1", "issued_on": "2016-12-05", "signer": world.member_b.pk},
    )
    plan.refresh_from_db()
    assert plan.state == "draft"


def test_api_issues_the_plan_with_a_signer_and_refuses_one_without_authority(client, world):
    plan = _plan(world)
    client.force_login(world.users["clerk"])
    url = f"/api/meetings/plans/{plan.pk}/issue"
    refused = client.post(url, {"issued_on": "2016-12-05", "signer_member_id": world.member_b.pk},
                          content_type="application/json")  # fmt: skip
    assert refused.status_code == 400 and "không giữ chức vụ có thẩm quyền ký" in refused.json()["detail"]
    issued = client.post(url, {"issued_on": "2016-12-05", "signer_member_id": world.users["secretary"].member.pk},
                         content_type="application/json")  # fmt: skip
    assert issued.json()["state"] == "published"
    plan.refresh_from_db()
    assert plan.document.signer.full_name == "Nguyễn Đức Thành"


def test_issuing_with_a_cell_deadline_before_the_issue_date_asks_to_issue_anyway(client, world):
    """The confirm-anyway box under the date warning names the act: issuing, not saving."""
    plan = _plan(world)
    domain.assign_topic(actor=SYSTEM, plan=plan, cell=world.cell_b, topic="Chủ đề B",
                        due_on=date(2016, 12, 1), confirm_dates=True)  # fmt: skip
    client.force_login(world.users["clerk"])
    data = {
        "issue": "1",
        "confirmed": "1",
        "issued_on": "2016-12-05",
        "signer": world.users["secretary"].member.pk,
    }
    warned = client.post(reverse("plan-detail", args=[plan.pk]), data)
    assert warned.status_code == 400
    assert "trước ngày ban hành kế hoạch (05/12/2016)" in warned.text
    assert "Tôi đã kiểm tra: ngày đúng là như vậy, vẫn ban hành" in warned.text
    assert "vẫn lưu" not in warned.text
    plan.refresh_from_db()
    assert plan.state == "draft"
    issued = client.post(reverse("plan-detail", args=[plan.pk]), data | {"confirm_warnings": "1"})
    assert issued.status_code == 302
    plan.refresh_from_db()
    assert plan.state == "published"

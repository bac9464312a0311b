"""Issuing a plan whose cell deadline falls before the issue date warns, and issues only once
confirmed: domain, page and API (the same mechanism as every other date warning)."""

from datetime import date

import pytest
from django.urls import reverse

from chuyende.common.actors import SYSTEM
from chuyende.common.errors import NeedsConfirmation, NotAllowed
from chuyende.common.models import AuditEntry
from chuyende.meetings import domain
from chuyende.orgs.domain import create_term

from . import helpers as h

WARNING = (
    "Hạn sinh hoạt của Chi bộ Phòng Nghiệp vụ Pháp chế (01/12/2016) trước ngày ban hành kế hoạch "
    "(05/12/2016): các chi bộ này nhận kế hoạch khi đã quá hạn và sẽ bị tính là chậm."
)


def _plan(world):
    create_term(actor=SYSTEM, organization=world.committee, name="Nhiệm kỳ 2015 – 2020",
                starts_on=date(2015, 6, 1), ends_on=date(2020, 6, 30))  # fmt: skip
    plan = h.plan(world)
    domain.assign_topic(actor=SYSTEM, plan=plan, cell=world.cell_a, topic="Chủ đề A",
                        due_on=date(2016, 12, 1), confirm_dates=True)  # fmt: skip
    return plan


def test_issuing_warns_about_a_cell_deadline_before_the_issue_date_and_issues_once_confirmed(world):
    plan = _plan(world)
    secretary = world.users["secretary"]
    with pytest.raises(NotAllowed):  # permission before the warning
        domain.issue_plan(actor=world.users["member"], plan=plan, issued_on=date(2016, 12, 5))
    with pytest.raises(NeedsConfirmation) as warning:
        domain.issue_plan(actor=secretary, plan=plan, signer=secretary.member, issued_on=date(2016, 12, 5))
    assert WARNING in warning.value.message
    plan.refresh_from_db()
    assert (plan.state, plan.document_id) == ("draft", None)
    assert not AuditEntry.objects.filter(action="plan.state").exists()
    # An issue date on or before every deadline needs no confirmation.
    domain.issue_plan(actor=secretary, plan=plan, signer=secretary.member, issued_on=date(2016, 12, 1))
    plan.refresh_from_db()
    assert plan.state == "published"


def test_confirmed_issue_goes_through(world):
    plan = _plan(world)
    secretary = world.users["secretary"]
    domain.issue_plan(actor=secretary, plan=plan, signer=secretary.member, issued_on=date(2016, 12, 5),
                      confirm_dates=True)  # fmt: skip
    plan.refresh_from_db()
    assert plan.state == "published"


def test_plan_page_shows_the_warning_keeps_date_and_signer_and_issues_when_confirmed(client, world):
    plan = _plan(world)
    client.force_login(world.users["clerk"])
    signer = world.users["secretary"].member.pk
    data = {"issue": "1", "confirmed": "1", "issued_on": "2016-12-05", "signer": signer}
    response = client.post(reverse("plan-detail", args=[plan.pk]), data)
    assert response.status_code == 400
    page = response.text
    assert WARNING in page
    assert 'name="confirm_warnings"' in page
    assert 'value="2016-12-05"' in page
    assert f'<option value="{signer}" selected>' in page
    plan.refresh_from_db()
    assert plan.state == "draft"
    response = client.post(reverse("plan-detail", args=[plan.pk]), data | {"confirm_warnings": "1"})
    assert response.status_code == 302
    plan.refresh_from_db()
    assert plan.state == "published"


def test_api_issue_refuses_until_confirm_dates(client, world):
    plan = _plan(world)
    client.force_login(world.users["clerk"])
    url = f"/api/meetings/plans/{plan.pk}/issue"
    payload = {"issued_on": "2016-12-05", "signer_member_id": world.users["secretary"].member.pk}
    refused = client.post(url, payload, content_type="application/json")
    assert refused.status_code == 400 and WARNING in refused.json()["detail"]
    issued = client.post(url, payload | {"confirm_dates": True}, content_type="application/json")
    assert issued.status_code == 200 and issued.json()["state"] == "published"

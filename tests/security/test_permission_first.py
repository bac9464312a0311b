"""Permission first, then state: an actor who may not act on an object is refused as such (403 or
404), even when the object's state would refuse the operation anyway. Answering with the state
("the window has closed", "already issued") would tell an outsider what the object is doing.
One case per app, on an object in a state that also refuses."""

from datetime import date, timedelta

import pytest
from django.test import Client
from django.utils import timezone

from chuyende.archive.domain import create_volume, start_build
from chuyende.commitments.domain.commitments import set_state
from chuyende.commitments.enums import CommitmentState
from chuyende.common.actors import SYSTEM
from chuyende.common.errors import NotAllowed
from chuyende.consultations.domain import submit_comment, withdraw_comment
from chuyende.consultations.enums import Stance
from chuyende.consultations.models import Consultation
from chuyende.documents.domain import withdraw_document
from chuyende.meetings.domain.issuance import issue_plan
from chuyende.meetings.enums import PlanState
from chuyende.meetings.models import Plan
from chuyende.orgs.domain import accounts
from chuyende.papers import domain as papers
from tests.commitments.helpers import commitment, resolution
from tests.consultations.helpers import consultation_for
from tests.documents.helpers import draft as document_draft
from tests.documents.helpers import term_for
from tests.meetings.helpers import plan as make_plan
from tests.papers.helpers import submitted_paper
from tests.world import build_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return build_world()


def _closed(consultation):
    now = timezone.now()
    Consultation.objects.filter(pk=consultation.pk).update(
        opens_at=now - timedelta(days=10), closes_at=now - timedelta(days=1)
    )
    consultation.refresh_from_db()
    return consultation


def test_consultations_outside_the_audience_a_closed_window_is_not_told(world):
    """The audit's finding: 400 "đợt lấy ý kiến đã kết thúc" told a non-member the window. Who
    cannot see the consultation (a supervisor of one cell) gets the answer of a missing one; the
    office, who sees it but is not consulted, is refused with the reason; neither hears the state."""
    consultation = _closed(consultation_for(world))
    client = Client()
    body = {"stance": Stance.AGREE, "idempotency_key": "k-1"}
    url = f"/api/consultations/{consultation.pk}/comments"
    client.force_login(world.users["supervisor"])  # oversees cell A, holds no membership
    response = client.post(url, body, content_type="application/json")
    assert response.status_code == 404
    assert response.json()["detail"] == "Không tìm thấy đợt lấy ý kiến này hoặc bạn không có quyền xem."
    client.force_login(world.users["clerk"])  # the office: sees it, no membership
    response = client.post(url, body, content_type="application/json")
    assert response.status_code == 403
    assert response.json()["detail"] == "Đồng chí không thuộc đối tượng được lấy ý kiến về dự thảo này."
    # The same request by a member of the audience is told the state.
    client.force_login(world.users["member"])
    response = client.post(url, body, content_type="application/json")
    assert response.status_code == 400
    assert "đã kết thúc" in response.json()["detail"]


def test_consultations_withdrawing_someone_elses_comment_after_the_window_is_not_allowed(world):
    consultation = consultation_for(world)
    comment, _ = submit_comment(
        actor=world.users["member"],
        consultation=consultation,
        stance=Stance.AGREE,
        text="",
        idempotency_key="k",
    )
    _closed(consultation)
    comment.refresh_from_db()
    with pytest.raises(NotAllowed):
        withdraw_comment(actor=world.users["cell_secretary"], comment=comment)


def test_meetings_issuing_a_published_plan_is_refused_by_permission_first(world):
    plan = make_plan(world)
    Plan.objects.filter(pk=plan.pk).update(state=PlanState.PUBLISHED)
    plan.refresh_from_db()
    with pytest.raises(NotAllowed):
        issue_plan(actor=world.users["member"], plan=plan)


def test_papers_a_reader_editing_a_submitted_paper_is_not_allowed(world):
    paper = submitted_paper(world)
    with pytest.raises(NotAllowed):
        papers.update_paper(actor=world.users["supervisor"], paper=paper, version=paper.version, title="")


def test_documents_withdrawing_a_draft_without_reason_is_refused_by_permission(world):
    document = document_draft(world.committee, term_for(world.committee))
    with pytest.raises(NotAllowed):
        withdraw_document(actor=world.users["member"], document=document, reason="")


def test_commitments_approving_an_approved_commitment_is_refused_by_permission(world):
    made = commitment(world.cell_a, world.member_a, basis=resolution(world.committee), approve=True)
    assert made.state == CommitmentState.APPROVED
    with pytest.raises(NotAllowed):
        set_state(actor=world.users["supervisor"], commitment=made, state=CommitmentState.APPROVED)


def test_commitments_edit_page_of_a_submitted_commitment_says_permission_not_state(world):
    made = commitment(world.cell_a, world.member_a, basis=resolution(world.committee), approve=False)
    set_state(actor=world.users["member"], commitment=made, state=CommitmentState.SUBMITTED)
    client = Client()
    client.force_login(world.users["committee_member"])  # oversees the cell: may read, not edit
    response = client.get(f"/cam-ket/{made.pk}/sua/")
    assert response.status_code == 403
    text = response.content.decode()
    assert "Bạn không có quyền sửa cam kết này." in text
    assert "chờ phê duyệt" not in text


def test_archive_compiling_the_volume_of_a_closed_plan_is_refused_by_permission(world):
    plan = make_plan(world)
    volume = create_volume(organization=world.committee, title="Tập tham luận", year=date.today().year,
                           item_keys=[], plan=plan, actor=SYSTEM)  # fmt: skip
    Plan.objects.filter(pk=plan.pk).update(state=PlanState.CLOSED)
    volume.refresh_from_db()
    with pytest.raises(NotAllowed):
        start_build(volume=volume, actor=world.users["member"])


def test_orgs_resetting_a_locked_login_is_refused_by_permission(world):
    accounts.create_login(actor=SYSTEM, member=world.member_b)
    accounts.deactivate_account(actor=SYSTEM, member=world.member_b)
    with pytest.raises(NotAllowed):
        accounts.reset_account(actor=world.users["cell_secretary"], member=world.member_b)

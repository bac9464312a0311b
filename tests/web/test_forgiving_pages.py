"""Issue 13, what was left: refusals that still dropped text, confirmations on the last
irreversible buttons, and date warnings on edits and plans (page and API alike)."""

import re
from datetime import date, timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from chuyende.commitments.domain import set_state, submit_report
from chuyende.commitments.enums import CommitmentState
from chuyende.commitments.models import Commitment, ProgressReport
from chuyende.common.actors import SYSTEM
from chuyende.common.errors import NeedsConfirmation
from chuyende.consultations.models import DraftVersion
from chuyende.meetings import domain as meetings
from chuyende.meetings.enums import PlanState
from chuyende.meetings.models import Meeting, Plan, TopicAssignment
from chuyende.papers import domain as papers
from chuyende.papers.enums import PaperState
from chuyende.papers.models import PaperComment
from tests.commitments.helpers import commitment, item, resolution
from tests.consultations.helpers import consultation_for
from tests.meetings import helpers as h
from tests.papers.helpers import anchors, submitted_paper
from tests.world import build_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return build_world()


def _client(user):
    client = Client()
    client.force_login(user)
    return client


def _days(n: int) -> date:
    return timezone.localdate() + timedelta(days=n)


# --- No typed word lost -------------------------------------------------------------------------


def test_paper_comment_refused_as_too_long_comes_back_with_the_text_beside_the_reason(world):
    paper = submitted_paper(world)
    typed = "Đề nghị bổ sung số liệu. " + "x" * 10_000
    response = _client(world.users["secretary"]).post(
        reverse("paper-comment", args=[paper.pk]),
        {"text": typed, "target": "paper", "anchor": "", "idempotency_key": "k-dai"},
    )
    assert response.status_code == 400
    page = response.text
    assert "Nội dung góp ý dài quá" in page or "10.000" in page or "10,000" in page
    assert f">\n{typed}</textarea>" in page
    assert '<details class="card" id="gop-y-ca-bai" open>' in page
    assert PaperComment.objects.count() == 0


def test_paper_comment_refused_when_comments_closed_keeps_the_text_in_the_htmx_form(world):
    paper = submitted_paper(world)
    anchor = anchors(paper)[1]
    client = _client(world.users["secretary"])
    # The committee marks it presented and the cell finalizes it while the member is typing.
    papers.set_paper_state(actor=world.users["secretary"], paper=paper, state=PaperState.PRESENTED)
    papers.set_paper_state(actor=world.users["member"], paper=paper, state=PaperState.FINALIZED)
    data = {"text": "Đoạn này cần nêu rõ tên việc.", "target": "paragraph", "anchor": anchor,
            "idempotency_key": "k-dong"}  # fmt: skip
    response = client.post(reverse("paper-comment", args=[paper.pk]), data, headers={"HX-Request": "true"})
    assert response.status_code == 200  # htmx swaps only 2xx: the refusal is inside the form
    html = response.text
    assert "<html" not in html
    assert "Bạn không thể góp ý cho bài tham luận này." in html
    assert "Nội dung đồng chí đã gõ vẫn còn dưới đây." in html
    assert ">\nĐoạn này cần nêu rõ tên việc.</textarea>" in html
    assert f'name="anchor" value="{anchor}"' in html
    # Without JavaScript the same refusal brings the whole page back with the form under the paragraph.
    page = client.post(reverse("paper-comment", args=[paper.pk]), data)
    assert page.status_code == 403
    assert f'<div id="form-{anchor}" class="para-form">\n<form' in page.text
    assert ">\nĐoạn này cần nêu rõ tên việc.</textarea>" in page.text
    assert PaperComment.objects.count() == 0


def test_paper_comment_sent_by_htmx_redirects_to_the_comment(world):
    paper = submitted_paper(world)
    anchor = anchors(paper)[1]
    response = _client(world.users["secretary"]).post(
        reverse("paper-comment", args=[paper.pk]),
        {"text": "Cần nêu tên việc.", "target": "paragraph", "anchor": anchor, "idempotency_key": "k-htmx"},
        headers={"HX-Request": "true"},
    )
    comment = PaperComment.objects.get()
    assert (response.status_code, response["HX-Redirect"]) == (
        204,
        f"/tham-luan/{paper.pk}/?da-gui={comment.pk}#gop-y-{comment.pk}",
    )  # not only a "#…": the browser is on that page and would scroll without reloading
    page = _client(world.users["secretary"]).get(response["HX-Redirect"].split("#")[0])
    assert page.status_code == 200 and "Cần nêu tên việc." in page.text


def _reported(world):
    made = commitment(world.cell_a, world.member_a, basis=resolution(world.committee),
                      items=[item(date(2030, 6, 30), responsible=world.member_a)])  # fmt: skip
    report = submit_report(actor=world.users["member"], item=made.items.get(), percent=40, narrative="Đã làm")
    return made, report


def test_refused_review_keeps_the_supervisors_note_and_verdict(world):
    made, report = _reported(world)
    client = _client(world.users["supervisor"])
    url = reverse("commitment-detail", args=[made.pk])
    client.post(url, {"action": "review", "report": report.pk, "verdict": "accepted", "note": "Tốt"})
    # A second tab, still showing the report as pending, sends another review.
    response = client.post(url, {"action": "review", "report": report.pk, "verdict": "needs_more",
                                 "note": "Cần bổ sung biên bản sinh hoạt có ghi ý kiến"})  # fmt: skip
    assert response.status_code == 400
    assert ("Báo cáo này đã được xem xét. Nhận xét đồng chí đã gõ: “Cần bổ sung biên bản sinh hoạt có ghi ý kiến”"
            in response.text)  # fmt: skip
    report.refresh_from_db()
    assert (report.verdict, report.review_note) == ("accepted", "Tốt")

    other = submit_report(actor=world.users["member"], item=made.items.get(), percent=60, narrative="Thêm")
    response = client.post(
        url, {"action": "review", "report": other.pk, "verdict": "needs_more", "note": "  "}
    )
    assert response.status_code == 400
    page = response.text
    assert (
        f'<p class="error" role="alert" id="loi-xem-xet-{other.pk}">Cần ghi rõ nội dung phải bổ sung.</p>'
        in page
    )
    assert '<option value="needs_more" selected>' in page


def test_refused_review_keeps_the_typed_note(world):
    made, report = _reported(world)
    report.verdict = "accepted"
    report.save(update_fields=["verdict"])  # reviewed by someone else meanwhile
    response = _client(world.users["supervisor"]).post(
        reverse("commitment-detail", args=[made.pk]),
        {"action": "review", "report": report.pk, "verdict": "verified", "note": "Đã kiểm tra tại chi bộ"},
    )
    # The report is no longer pending, so its form is gone: the reason and the note are on top.
    assert response.status_code == 400
    assert "Báo cáo này đã được xem xét. Nhận xét đồng chí đã gõ: “Đã kiểm tra tại chi bộ”" in response.text
    assert ProgressReport.objects.get(pk=report.pk).review_note == ""


def test_refused_return_keeps_the_typed_reason(world):
    made = commitment(world.cell_a, world.member_a, basis=resolution(world.committee), approve=False)
    set_state(actor=SYSTEM, commitment=made, state=CommitmentState.SUBMITTED)
    client = _client(world.users["cell_secretary"])
    url = reverse("commitment-detail", args=[made.pk])
    client.post(url, {"action": "approve", "confirmed": "1"})  # approved in another tab
    response = client.post(url, {"action": "return", "reason": "Biện pháp chưa cụ thể, chưa có thời hạn"})
    assert response.status_code == 400
    assert "Cam kết đang ở trạng thái “Đã phê duyệt”, không thể thực hiện." in response.text
    made.refresh_from_db()
    assert made.state == CommitmentState.APPROVED


def test_return_without_reason_shows_the_box_again(world):
    made = commitment(world.cell_a, world.member_a, basis=resolution(world.committee), approve=False)
    set_state(actor=SYSTEM, commitment=made, state=CommitmentState.SUBMITTED)
    response = _client(world.users["cell_secretary"]).post(
        reverse("commitment-detail", args=[made.pk]), {"action": "return", "reason": " "}
    )
    assert response.status_code == 400
    assert '<p class="error" role="alert" id="loi-trang-thai">Cần ghi lý do trả lại.</p>' in response.text
    assert 'name="reason" value=" " aria-describedby="loi-trang-thai"' in response.text


def test_stale_draft_resolution_edit_keeps_both_texts(world):
    consultation = consultation_for(world)
    draft = consultation.version.draft
    client = _client(world.users["clerk"])
    url = reverse("draft-edit", args=[draft.pk])
    client.post(url, {"next_version": "1"})
    working = DraftVersion.objects.get(draft=draft, number=2)
    theirs = "1. Nội dung người khác vừa lưu."
    client.post(url, {"version": working.pk, "revision": working.revision, "text": theirs})
    mine = "1. Nội dung tôi đang gõ.\n2. Đoạn thứ hai của tôi."
    response = client.post(url, {"version": working.pk, "revision": working.revision, "text": mine})
    assert response.status_code == 409
    page = response.text
    assert "Trong lúc đồng chí sửa, người khác đã lưu dự thảo. Chưa có gì bị ghi đè" in page
    assert f">{mine}</textarea>" in page
    assert f"<pre>{theirs}</pre>" in page
    working.refresh_from_db()
    assert f'name="revision" value="{working.revision}"' in page
    # Having seen both, saving again goes through.
    client.post(url, {"version": working.pk, "revision": working.revision, "text": mine})
    assert [b.text for b in working.blocks.order_by("position")][0] == "Nội dung tôi đang gõ."


def test_refused_assignment_keeps_the_topic_typed(world):
    plan = h.plan(world, cell_sessions_before=_days(60))
    response = _client(world.users["secretary"]).post(
        reverse("plan-detail", args=[plan.pk]),
        {"cell": world.cell_a.pk, "topic": "Nêu gương của đảng viên", "due_on": _days(90).isoformat()},
    )
    assert response.status_code == 400
    assert "Hạn sinh hoạt của chi bộ phải trước ngày kế hoạch quy định." in response.text
    assert 'name="topic" required value="Nêu gương của đảng viên"' in response.text
    assert TopicAssignment.objects.count() == 0


# --- Confirmations ------------------------------------------------------------------------------


def test_publishing_a_draft_version_says_what_happens_and_waits_for_the_tick(world):
    consultation = consultation_for(world)
    draft = consultation.version.draft
    client = _client(world.users["clerk"])
    url = reverse("draft-edit", args=[draft.pk])
    client.post(url, {"next_version": "1"})
    working = DraftVersion.objects.get(draft=draft, number=2)
    sentence = "Phiên bản 2 sẽ được công bố và khoá: từ đó không sửa được nữa"
    assert sentence in client.get(url).text
    refused = client.post(url, {"version": working.pk, "publish": "1"}, follow=True)
    assert sentence in refused.text
    working.refresh_from_db()
    assert working.published_at is None
    client.post(url, {"version": working.pk, "publish": "1", "confirmed": "1"})
    working.refresh_from_db()
    assert working.published_at is not None


@pytest.mark.parametrize(
    ("state", "role", "sentence"),
    [
        ("submitted", "member", "sẽ được gửi Đảng uỷ: từ đó chi bộ không sửa được nữa"),
        ("presented", "secretary", "sẽ được ghi là đã trình bày tại hội nghị"),
        ("finalized", "member", "sẽ được hoàn thiện và khoá: không sửa, không góp ý thêm được nữa"),
    ],
)
def test_paper_steps_that_cannot_be_undone_wait_for_the_tick(world, state, role, sentence):
    paper = papers.create_paper(actor=world.users["member"], cell=world.cell_a, title="Bài tham luận",
                                text="Đoạn một.")  # fmt: skip
    before = {"submitted": [], "presented": ["submitted"], "finalized": ["submitted", "presented"]}[state]
    for step in before:
        actor = world.users["secretary"] if step == "presented" else world.users["member"]
        paper = papers.set_paper_state(actor=actor, paper=paper, state=step)
    client = _client(world.users[role])
    page = client.get(reverse("paper-detail", args=[paper.pk])).text
    assert sentence in page
    assert (
        f'<form method="post" action="{reverse("paper-state", args=[paper.pk])}" id="chuyen-{state}">' in page
    )
    refused = client.post(reverse("paper-state", args=[paper.pk]), {"state": state}, follow=True)
    assert sentence in refused.text
    paper.refresh_from_db()
    assert paper.state == (before[-1] if before else "draft")
    client.post(reverse("paper-state", args=[paper.pk]), {"state": state, "confirmed": "1"})
    paper.refresh_from_db()
    assert paper.state == state


def test_returning_a_paper_to_the_cell_needs_no_tick(world):
    paper = submitted_paper(world)
    _client(world.users["secretary"]).post(reverse("paper-state", args=[paper.pk]), {"state": "draft"})
    paper.refresh_from_db()
    assert paper.state == "draft"


# --- Warnings -----------------------------------------------------------------------------------


def _edit_form(made, **fields):
    data = {"rows": str(made.items.count()), "version": str(made.version), "title": made.title}
    for n, it in enumerate(made.items.order_by("position"), start=1):
        data.update({f"id_{n}": it.pk, f"shortcoming_{n}": it.shortcoming, f"remedy_{n}": it.remedy,
                     f"sign_{n}": it.sign_of_done, f"deadline_{n}": it.deadline.isoformat()})  # fmt: skip
    data.update(fields)
    return data


def test_editing_a_draft_commitment_to_a_past_deadline_warns_then_saves_on_confirmation(world):
    made = commitment(world.cell_a, world.member_a, basis=resolution(world.committee), approve=False,
                      actor=world.users["member"], items=[item(_days(30))])  # fmt: skip
    client = _client(world.users["member"])
    url = reverse("commitment-edit", args=[made.pk])
    past = _days(-2).isoformat()
    warned = client.post(url, _edit_form(made, deadline_1=past, remedy_1="Phát biểu ở mỗi kỳ"))
    assert warned.status_code == 400
    assert "⚠ Thời hạn của nội dung 1 đã qua" in warned.text
    assert 'name="confirm_warnings" value="1" required' in warned.text
    assert ">Phát biểu ở mỗi kỳ</textarea>" in warned.text
    assert made.items.get().deadline == _days(30)
    saved = client.post(url, _edit_form(made, deadline_1=past, confirm_warnings="1"))
    assert saved.status_code == 302
    assert made.items.get().deadline == _days(-2)


def test_an_overdue_item_left_as_it_was_does_not_warn(world):
    made = commitment(world.cell_a, world.member_a, basis=resolution(world.committee), approve=False,
                      actor=world.users["member"], items=[item(date(2025, 6, 30))])  # fmt: skip
    response = _client(world.users["member"]).post(
        reverse("commitment-edit", args=[made.pk]), _edit_form(made, title="Tên mới")
    )
    assert response.status_code == 302
    assert Commitment.objects.get(pk=made.pk).title == "Tên mới"


def test_revising_to_a_past_deadline_warns_on_the_page_and_in_the_api(world):
    made = commitment(
        world.cell_a, world.member_a, basis=resolution(world.committee), items=[item(_days(30))]
    )
    client = _client(world.users["cell_secretary"])
    url = reverse("commitment-edit", args=[made.pk])
    past = _days(-1).isoformat()
    warned = client.post(url, _edit_form(made, deadline_1=past, reason="Lùi hạn"))
    assert warned.status_code == 400
    assert "⚠ Thời hạn của nội dung 1 đã qua" in warned.text
    assert ">Lùi hạn</textarea>" in warned.text
    assert made.revisions.count() == 0
    it = made.items.get()
    payload = {"reason": "Lùi hạn", "version": made.version, "items": [
        {"id": it.pk, "shortcoming": it.shortcoming, "remedy": it.remedy, "sign_of_done": it.sign_of_done,
         "deadline": past}]}  # fmt: skip
    refused = client.post(f"/api/commitments/{made.pk}/revisions", payload, content_type="application/json")
    assert refused.status_code == 400
    assert refused.json()["detail"].startswith("Thời hạn của nội dung 1 đã qua")
    accepted = client.post(f"/api/commitments/{made.pk}/revisions", payload | {"confirm_past_deadlines": True},
                           content_type="application/json")  # fmt: skip
    assert accepted.status_code == 200
    assert made.items.get().deadline == _days(-1)


def test_plan_dates_in_the_past_warn_on_the_page(world):
    client = _client(world.users["secretary"])
    url = reverse("plan-create") + f"?org={world.committee.pk}"
    data = {"theme": "Chuyên đề năm nay", "cell_sessions_before": _days(-3).isoformat(),
            "committee_session_on": _days(10).isoformat(), "pass_score": 70}  # fmt: skip
    warned = client.post(url, data)
    assert warned.status_code == 400
    day = _days(-3).strftime("%d/%m/%Y")
    assert f"⚠ Hạn sinh hoạt của các chi bộ ({day}) đã qua." in warned.text
    assert 'name="confirm_warnings" value="1" required aria-describedby="canh-bao"' in warned.text
    assert 'value="Chuyên đề năm nay"' in warned.text
    assert Plan.objects.count() == 0
    assert client.post(url, data | {"confirm_warnings": "1"}).status_code == 302
    assert Plan.objects.get().cell_sessions_before == _days(-3)


def test_plan_dates_in_the_past_need_the_flag_in_the_api(world):
    client = _client(world.users["secretary"])
    payload = {"organization_id": world.committee.pk, "theme": "Chuyên đề",
               "cell_sessions_before": _days(-1).isoformat()}  # fmt: skip
    refused = client.post("/api/meetings/plans", payload, content_type="application/json")
    assert refused.status_code == 400
    assert "đã qua" in refused.json()["detail"]
    accepted = client.post(
        "/api/meetings/plans", payload | {"confirm_dates": True}, content_type="application/json"
    )
    assert accepted.status_code == 201


def test_editing_a_plan_date_to_the_past_warns_but_an_untouched_one_does_not(world):
    plan = h.plan(world, cell_sessions_before=_days(-5))  # written down after the fact, confirmed
    client = _client(world.users["clerk"])
    url = reverse("plan-edit", args=[plan.pk])
    data = {"theme": "Chuyên đề đã sửa", "cell_sessions_before": _days(-5).isoformat(), "pass_score": "50",
            "version": plan.version}  # fmt: skip
    assert client.post(url, data).status_code == 302  # the date was not changed: no question
    plan.refresh_from_db()
    warned = client.post(url, data | {"committee_session_on": _days(-1).isoformat(), "version": plan.version})
    assert warned.status_code == 400
    assert "Ngày sinh hoạt cấp Đảng bộ (" in warned.text and "đã qua" in warned.text
    assert 'value="Chuyên đề đã sửa"' in warned.text
    plan.refresh_from_db()
    assert plan.committee_session_on is None


def test_assignment_deadline_before_the_plans_issue_date_warns(world):
    plan = h.plan(world, cell_sessions_before=_days(60))
    meetings.assign_topic(actor=SYSTEM, plan=plan, cell=world.cell_b, topic="B")
    meetings.set_plan_state(actor=SYSTEM, plan=plan, state=PlanState.PUBLISHED)  # issued today
    early = _days(-1)
    with pytest.raises(NeedsConfirmation, match="trước ngày ban hành kế hoạch"):
        meetings.assign_topic(actor=SYSTEM, plan=plan, cell=world.cell_a, topic="A", due_on=early)
    client = _client(world.users["secretary"])
    data = {"cell": world.cell_a.pk, "topic": "Chống suy thoái", "due_on": early.isoformat()}
    warned = client.post(reverse("plan-detail", args=[plan.pk]), data)
    assert warned.status_code == 400
    assert "⚠ Hạn sinh hoạt của Chi bộ Phòng Nghiệp vụ Pháp chế (" in warned.text
    assert 'name="topic" required value="Chống suy thoái"' in warned.text
    assert "Tôi đã kiểm tra: ngày đúng là như vậy, vẫn phân công" in warned.text
    assert not TopicAssignment.objects.filter(cell=world.cell_a).exists()
    client.post(reverse("plan-detail", args=[plan.pk]), data | {"confirm_warnings": "1"})
    assert TopicAssignment.objects.get(cell=world.cell_a).due_on == early
    api = client.post(f"/api/meetings/plans/{plan.pk}/assignments",
                      {"cell_id": world.cell_b.pk, "topic": "B2", "due_on": early.isoformat()},
                      content_type="application/json")  # fmt: skip
    assert api.status_code == 400 and "trước ngày ban hành kế hoạch" in api.json()["detail"]


def test_meeting_after_the_cells_deadline_warns_on_the_page_and_in_the_api(world):
    plan = h.plan(world, cell_sessions_before=_days(20))
    assignment = meetings.assign_topic(actor=SYSTEM, plan=plan, cell=world.cell_a, topic="Nêu gương")
    meetings.set_plan_state(actor=SYSTEM, plan=plan, state=PlanState.PUBLISHED)
    client = _client(world.users["cell_secretary"])
    url = reverse("meeting-create") + f"?org={world.cell_a.pk}&assignment={assignment.pk}"
    late = _days(30)
    data = {"kind": "thematic", "title": "Sinh hoạt chuyên đề", "starts_at": f"{late.isoformat()}T14:00",
            "ends_at": f"{late.isoformat()}T16:30"}  # fmt: skip
    warned = client.post(url, data)
    assert warned.status_code == 400
    assert f"Ngày sinh hoạt {late.strftime('%d/%m/%Y')} sau hạn" in warned.text
    assert Meeting.objects.count() == 0
    assert client.post(url, data | {"confirm_warnings": "1"}).status_code == 302
    meeting = Meeting.objects.get()
    api = client.post(f"/api/meetings/{meeting.pk}/reschedule",
                      {"expected_version": meeting.version, "starts_at": f"{_days(31).isoformat()}T08:00:00+07:00",
                       "ends_at": f"{_days(31).isoformat()}T10:00:00+07:00"},
                      content_type="application/json")  # fmt: skip
    assert api.status_code == 400 and "sau hạn" in api.json()["detail"]
    inside = _days(10).isoformat()
    moved = client.post(reverse("meeting-edit", args=[meeting.pk]),
                        {"starts_at": f"{inside}T08:00", "ends_at": f"{inside}T10:30", "place": "",
                         "version": meeting.version})  # fmt: skip
    assert moved.status_code == 302  # back inside the plan's period: nothing to ask


def test_closing_a_plan_waits_for_the_tick(world):
    plan = h.plan(world, cell_sessions_before=_days(30))
    meetings.assign_topic(actor=SYSTEM, plan=plan, cell=world.cell_a, topic="A")
    meetings.set_plan_state(actor=SYSTEM, plan=plan, state=PlanState.PUBLISHED)
    client = _client(world.users["secretary"])
    url = reverse("plan-detail", args=[plan.pk])
    sentence = "sẽ kết thúc và không mở lại được: không phân công, không lên lịch thêm theo kế hoạch này"
    assert sentence in client.get(url).text
    refused = client.post(url, {"state": "closed"}, follow=True)
    assert sentence in refused.text
    plan.refresh_from_db()
    assert plan.state == PlanState.PUBLISHED
    client.post(url, {"state": "closed", "confirmed": "1"})
    plan.refresh_from_db()
    assert plan.state == PlanState.CLOSED


def test_cancelling_a_meeting_waits_for_the_tick_and_keeps_the_reason(world):
    meeting = h.meeting(world, starts_at=timezone.now() + timedelta(days=3))
    client = _client(world.users["cell_secretary"])
    url = reverse("meeting-detail", args=[meeting.pk])
    response = client.post(url, {"cancel": "1", "reason": "Trùng lịch hội nghị của Đảng uỷ"})
    assert response.status_code == 400
    page = response.text
    assert '<details id="huy" open>' in page
    assert 'value="Trùng lịch hội nghị của Đảng uỷ" aria-describedby="loi-huy"' in page
    assert "“Sinh hoạt chuyên đề” sẽ bị huỷ và không khôi phục được" in page
    meeting.refresh_from_db()
    assert meeting.status == "scheduled"


def test_refused_material_keeps_the_title_typed(world):
    meeting = h.meeting(world, starts_at=timezone.now() + timedelta(days=3))
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = _client(world.users["cell_secretary"]).post(
        reverse("meeting-detail", args=[meeting.pk]),
        {"title": "Dự thảo báo cáo kiểm điểm", "is_lead_paper": "on",
         "file": SimpleUploadedFile("bao-cao.exe", b"MZ\x90\x00")},
    )  # fmt: skip
    assert response.status_code == 400
    page = response.text
    assert "Tài liệu chưa được tải lên; tên đã nhập vẫn còn, hãy chọn lại tệp." in page
    assert 'value="Dự thảo báo cáo kiểm điểm"' in page
    assert meeting.materials.count() == 0


def test_marking_the_session_presented_waits_for_the_tick(world):
    from tests.papers.helpers import committee_meeting

    paper = submitted_paper(world)
    meeting = committee_meeting(world)
    papers.set_session_agenda(
        actor=world.users["secretary"], meeting=meeting, items=[{"paper": paper, "minutes": 10}]
    )
    client = _client(world.users["secretary"])
    url = reverse("paper-session", args=[meeting.pk])
    sentence = (
        "Mọi bài trong chương trình hội nghị “Sinh hoạt chuyên đề toàn Đảng bộ” sẽ được ghi là đã trình bày"
    )
    assert sentence in client.get(url).text
    assert sentence in client.post(url, {"action": "presented"}, follow=True).text
    paper.refresh_from_db()
    assert paper.state == "submitted"
    client.post(url, {"action": "presented", "confirmed": "1"})
    paper.refresh_from_db()
    assert paper.state == "presented"


def test_opening_a_consultation_from_a_draft_waits_for_the_tick(world):
    consultation = consultation_for(world)
    draft = consultation.version.draft
    client = _client(world.users["clerk"])
    client.post(reverse("draft-edit", args=[draft.pk]), {"next_version": "1"})
    url = reverse("draft-open", args=[draft.pk])
    sentence = (
        "Phiên bản 2 sẽ được công bố và khoá (muốn sửa phải tạo phiên bản mới), và đợt lấy ý kiến được mở"
    )
    assert sentence in client.get(url).text
    now = timezone.localtime()
    data = {"title": "Lấy ý kiến lần 2", "opens_at": now.strftime("%Y-%m-%dT%H:%M"),
            "closes_at": (now + timedelta(days=3)).strftime("%Y-%m-%dT%H:%M"),
            "organizations": [world.committee.pk]}  # fmt: skip
    refused = client.post(url, data)
    assert sentence in refused.text and 'value="Lấy ý kiến lần 2"' in refused.text
    assert DraftVersion.objects.get(draft=draft, number=2).published_at is None
    assert client.post(url, data | {"confirmed": "1"}).status_code == 302


def test_withdrawing_a_consultation_comment_waits_for_the_tick(world):
    from chuyende.consultations.domain import submit_comment
    from chuyende.consultations.enums import Stance, TargetKind

    consultation = consultation_for(world)
    from tests.consultations.helpers import paragraph

    comment, _created = submit_comment(
        actor=world.users["member"], consultation=consultation, target=TargetKind.PARAGRAPH,
        block_uid=paragraph(consultation).uid, stance=Stance.AGREE, text="Tán thành", idempotency_key="k-rut",
    )  # fmt: skip
    client = _client(world.users["member"])
    sentence = "Ý kiến sẽ được rút và không khôi phục được"
    assert sentence in client.get(reverse("consultation-detail", args=[consultation.pk])).text
    url = reverse("consultation-withdraw", args=[consultation.pk, comment.pk])
    assert sentence in client.post(url, follow=True).text
    comment.refresh_from_db()
    assert comment.status == "active"
    client.post(url, {"confirmed": "1"})
    comment.refresh_from_db()
    assert comment.status == "withdrawn"


def test_refused_disposition_keeps_the_explanation_typed(world):
    from chuyende.consultations.domain import submit_comment
    from tests.consultations.helpers import paragraph

    consultation = consultation_for(world)
    comment, _created = submit_comment(
        actor=world.users["member"], consultation=consultation, target="paragraph",
        block_uid=paragraph(consultation).uid, stance="propose", text="Bổ sung A", idempotency_key="k-xl",
    )  # fmt: skip
    client = _client(world.users["clerk"])
    url = reverse("consultation-handling", args=[consultation.pk])
    response = client.post(url, {"comment": comment.pk, "decision": "accepted", "explanation": "   "})
    assert response.status_code == 400
    page = response.text
    assert f'<p class="error" role="alert" id="loi-c{comment.pk}">' in page
    assert '<option value="accepted" selected>' in page
    response = client.post(
        url, {"comment": comment.pk, "decision": "nonsense", "explanation": "Giải trình dài"}
    )
    assert response.status_code == 400
    assert f'aria-describedby="loi-c{comment.pk}">Giải trình dài</textarea>' in response.text
    comment.refresh_from_db()
    assert comment.disposition_id is None


def test_refused_answer_to_a_paper_comment_keeps_the_answer_typed(world):
    paper = submitted_paper(world)
    comment = papers.add_comment(actor=world.users["secretary"], paper=paper, text="Cần số liệu.",
                                 idempotency_key="k-tl")  # fmt: skip
    response = _client(world.users["member"]).post(
        reverse("paper-comment-answer", args=[comment.pk]), {"answer": "Đã bổ sung số liệu quý III"}
    )
    assert response.status_code == 400
    page = response.text
    assert "<details open><summary>Trả lời góp ý</summary>" in page
    assert '<p class="error" role="alert">Hãy chọn tiếp thu hoặc không tiếp thu.</p>' in page
    assert ">\nĐã bổ sung số liệu quý III</textarea>" in page
    comment.refresh_from_db()
    assert comment.answer == ""


def test_refused_session_comment_keeps_what_the_secretary_wrote_down(world):
    from tests.papers.helpers import committee_meeting

    paper = submitted_paper(world)
    meeting = committee_meeting(world)
    papers.set_session_agenda(
        actor=world.users["secretary"], meeting=meeting, items=[{"paper": paper, "minutes": 10}]
    )
    response = _client(world.users["secretary"]).post(
        reverse("paper-session", args=[meeting.pk]),
        {"action": "comment", "paper": paper.pk, "target": "paper", "idempotency_key": "k-hn",
         "text": "Đồng chí Thắng: đề nghị bổ sung giải pháp"},
    )  # fmt: skip
    assert response.status_code == 400
    assert "Hãy chọn người phát biểu và ghi nội dung ý kiến." in response.text
    assert ">\nĐồng chí Thắng: đề nghị bổ sung giải pháp</textarea>" in response.text
    assert PaperComment.objects.count() == 0


def test_releasing_or_discarding_outbox_messages_waits_for_the_tick(world):
    from chuyende.common.models import OutboxMessage
    from tests.documents.helpers import issued, sent_to_subtree, term_for

    document = issued(world.committee, term_for(world.committee), world.users["secretary"].member)
    dissemination = sent_to_subtree(document)
    client = _client(world.users["clerk"])
    client.post(f"/van-ban/{document.pk}/reminders/", {"dissemination": dissemination.pk})
    ids = list(OutboxMessage.objects.values_list("pk", flat=True))
    sentence = "Thư đã chọn sẽ được gửi đi (Duyệt và gửi) hoặc bỏ hẳn (Bỏ thư đã chọn); không thu lại được."
    assert sentence in client.get(reverse("outbox")).text
    data = {"organization": world.committee.pk, "message": ids, "action": "discard"}
    assert sentence in client.post(reverse("outbox"), data, follow=True).text
    assert set(OutboxMessage.objects.values_list("status", flat=True)) == {"prepared"}
    client.post(reverse("outbox"), data | {"confirmed": "1"})
    assert "prepared" not in set(OutboxMessage.objects.values_list("status", flat=True))


def test_paper_page_comment_forms_have_their_own_ids_so_each_label_names_its_own_box(world):
    paper = submitted_paper(world)
    client = _client(world.users["secretary"])
    page = client.get(reverse("paper-detail", args=[paper.pk])).text
    page += client.get(
        reverse("paper-detail", args=[paper.pk]) + f"?doan={anchors(paper)[1]}",
        headers={"HX-Request": "true"},
    ).text  # the paragraph's form, swapped into the same page by htmx
    ids = re.findall(r'\sid="([^"]+)"', page)
    assert len(ids) == len(set(ids)), sorted(i for i in ids if ids.count(i) > 1)
    assert all(target in ids for target in re.findall(r'<label for="([^"]+)"', page))
    assert page.count('<textarea name="text"') == 3

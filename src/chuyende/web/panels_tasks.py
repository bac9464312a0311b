"""The first panel of the home page: what this user should do next, one line and one link per
task, whatever their roles — the clerk's drafts waiting to be issued and consultations to finish
and issue, the secretary's meetings to schedule, papers to write and to send, minutes to approve
and commitments to approve (a cell's own to the committee's leaders), the supervisor's grades to
confirm and reports to review, the member's documents to read, meeting materials to read before the meeting, papers and drafts to comment on
and progress to report. Each list is bounded (a few rows each, the rest is one click away on its
own page) and costs a fixed number of queries, however many rows wait."""

from dataclasses import dataclass

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from chuyende.commitments import rules as commitment_rules
from chuyende.commitments.access import commitments_for
from chuyende.commitments.enums import CommitmentState, Verdict
from chuyende.commitments.models import CommitmentItem, ProgressReport
from chuyende.consultations import rules as consultation_rules
from chuyende.consultations.access import consultations_for
from chuyende.consultations.enums import ConsultationStatus
from chuyende.documents.access import documents_for
from chuyende.documents.enums import DocumentState
from chuyende.documents.models import Recipient
from chuyende.documents.rules import can_manage_documents
from chuyende.meetings import rules as meeting_rules
from chuyende.meetings.access import meetings_for, plans_for
from chuyende.meetings.enums import EvaluationState, MeetingStatus, MinutesState, PlanState
from chuyende.meetings.models import Evaluation, Minutes, TopicAssignment
from chuyende.orgs.rules import held_roles, member_of
from chuyende.papers.access import papers_for
from chuyende.papers.enums import COMMENTABLE_STATES, PaperState
from chuyende.papers.models import PositionPaper
from chuyende.papers.rules import can_write_papers_for

from .home import Panel
from .panels_setup import setup_tasks

EACH = 3  # rows of each kind


@dataclass(frozen=True)
class Task:
    text: str
    url: str
    action: str


def _office_tasks(user, now) -> list[Task]:
    tasks = []
    drafts = (
        documents_for(user).filter(state=DocumentState.DRAFT).select_related("organization", "document_type")
    )
    for document in [d for d in drafts.order_by("-pk")[:20] if can_manage_documents(user, d.organization)][
        :EACH
    ]:
        tasks.append(Task(_("Dự thảo %(type)s “%(summary)s” đang chờ ban hành.")
                          % {"type": document.document_type.name.lower(), "summary": document.summary},
                          reverse("document-detail", args=[document.pk]), _("Ban hành")))  # fmt: skip
    for plan in [p for p in plans_for(user).filter(state=PlanState.DRAFT).select_related("organization")[:10]
                 if meeting_rules.can_manage_plan(user, p.organization)][:EACH]:  # fmt: skip
        tasks.append(Task(_("Kế hoạch “%(theme)s” chưa ban hành.") % {"theme": plan.theme},
                          reverse("plan-detail", args=[plan.pk]), _("Ban hành kế hoạch")))  # fmt: skip
    return tasks + _consultation_tasks(user, now)


def _consultation_tasks(user, now) -> list[Task]:
    """The office's consultations whose window has closed: finish the handling, then issue."""
    tasks = []
    ended = (
        consultations_for(user).filter(closes_at__lte=now)
        .filter(Q(status=ConsultationStatus.OPEN) | Q(issued_document__isnull=True))
        .select_related("organization").order_by("closes_at", "pk")[:20]
    )  # fmt: skip
    for consultation in [c for c in ended if consultation_rules.can_handle_comments(user, c)][:EACH]:
        url = reverse("consultation-detail", args=[consultation.pk])
        if consultation.status == ConsultationStatus.OPEN:
            tasks.append(Task(_("Đợt lấy ý kiến “%(title)s” đã hết hạn nhận góp ý: tiếp thu, giải trình rồi kết thúc.")
                              % {"title": consultation.title}, url, _("Kết thúc đợt lấy ý kiến")))  # fmt: skip
        else:
            tasks.append(Task(_("Đợt lấy ý kiến “%(title)s” đã tiếp thu, giải trình xong: chưa ban hành văn bản.")
                              % {"title": consultation.title}, url, _("Ban hành")))  # fmt: skip
    return tasks


def _secretary_tasks(user, now) -> list[Task]:
    tasks = []
    open_assignments = (
        TopicAssignment.objects.filter(plan__in=plans_for(user), plan__state=PlanState.PUBLISHED)
        .select_related("cell").order_by("due_on", "pk")
    )  # fmt: skip
    to_schedule = [a for a in open_assignments.filter(current_meeting__isnull=True)[:20]
                   if meeting_rules.can_manage_meeting(user, a.cell)][:EACH]  # fmt: skip
    for a in to_schedule:
        tasks.append(Task(_("%(cell)s chưa lên lịch sinh hoạt chuyên đề “%(topic)s” (hạn %(due)s).")
                          % {"cell": a.cell.name, "topic": a.topic, "due": date_format(a.due_on, "d/m/Y")},
                          reverse("meeting-create") + f"?org={a.cell_id}&assignment={a.pk}", _("Lên lịch")))  # fmt: skip
    with_paper = PositionPaper.objects.filter(assignment__in=open_assignments).values("assignment_id")
    to_write = [
        a for a in open_assignments.exclude(pk__in=with_paper)[:20] if can_write_papers_for(user, a.cell)
    ][:EACH]
    for a in to_write:
        tasks.append(Task(_("Chưa có bài tham luận cho chuyên đề “%(topic)s” (hạn %(due)s).")
                          % {"topic": a.topic, "due": date_format(a.due_on, "d/m/Y")},
                          reverse("paper-create") + f"?org={a.cell_id}&assignment={a.pk}", _("Viết bài tham luận")))  # fmt: skip
    drafts = (
        PositionPaper.objects.filter(assignment__in=open_assignments, state=PaperState.DRAFT)
        .select_related("organization", "assignment").order_by("assignment__due_on", "pk")[:20]
    )  # fmt: skip
    due_papers = [
        (p, topic)
        for p in drafts
        if (topic := p.assignment) is not None and can_write_papers_for(user, p.organization)
    ]
    for paper, assignment in due_papers[:EACH]:
        tasks.append(Task(_("Bài tham luận “%(title)s” chưa gửi Đảng uỷ (hạn %(due)s).")
                          % {"title": paper.title, "due": date_format(assignment.due_on, "d/m/Y")},
                          reverse("paper-detail", args=[paper.pk]), _("Gửi Đảng uỷ")))  # fmt: skip
    upcoming = (
        meetings_for(user).filter(starts_at__gte=now, status=MeetingStatus.SCHEDULED)
        .select_related("organization").order_by("starts_at")[:10]
    )  # fmt: skip
    mine = next((m for m in upcoming if meeting_rules.can_manage_meeting(user, m.organization)), None)
    if mine is not None:
        when = date_format(timezone.localtime(mine.starts_at), "H:i d/m/Y")
        text = _("Buổi sinh hoạt tiếp theo: “%(title)s”, %(when)s.") % {"title": mine.title, "when": when}
        if mine.materials_published_at is None:
            text += " " + _("Tài liệu chưa phát hành.")
        tasks.append(Task(text, reverse("meeting-detail", args=[mine.pk]), _("Chuẩn bị")))
    return tasks


def _approver_tasks(user) -> list[Task]:
    """Commitments sent for approval: a member's to the cell secretary, a cell's to the committee."""
    submitted = commitments_for(user).filter(state=CommitmentState.SUBMITTED)
    tasks = []
    for commitment in [c for c in submitted.select_related("cell__parent", "owner_member").order_by("pk")[:20]
                       if commitment_rules.can_approve(user, c)][:EACH]:  # fmt: skip
        who = commitment.owner_member.full_name if commitment.owner_member else commitment.cell.name
        tasks.append(Task(_("Cam kết “%(title)s” của %(who)s chờ đồng chí phê duyệt.")
                          % {"title": commitment.title, "who": who},
                          reverse("commitment-detail", args=[commitment.pk]), _("Phê duyệt")))  # fmt: skip
    return tasks


def _minutes_tasks(user, now) -> list[Task]:
    """Minutes of meetings already held that are still drafts: for whoever approves them (the
    cell's secretary and deputy, the committee's leaders, the member acting as the meeting's
    secretary)."""
    waiting = (
        Minutes.objects.filter(state=MinutesState.DRAFT, meeting__in=meetings_for(user), meeting__starts_at__lte=now)
        .select_related("meeting__organization").order_by("meeting__starts_at", "pk")[:20]
    )  # fmt: skip
    return [
        Task(_("Biên bản “%(title)s” (%(day)s) chưa được thông qua.")
             % {"title": m.meeting.title, "day": date_format(timezone.localtime(m.meeting.starts_at), "d/m/Y")},
             reverse("meeting-minutes", args=[m.meeting_id]), _("Thông qua biên bản"))
        for m in [m for m in waiting if meeting_rules.can_write_minutes(user, m.meeting)][:EACH]
    ]  # fmt: skip


def _supervisor_tasks(user) -> list[Task]:
    tasks = []
    proposed = Evaluation.objects.filter(state=EvaluationState.PROPOSED, meeting__in=meetings_for(user))
    for evaluation in [e for e in proposed.select_related("meeting__organization").order_by("pk")[:20]
                       if meeting_rules.can_confirm_grade(user, e.meeting)][:EACH]:  # fmt: skip
        tasks.append(Task(_("%(cell)s đề xuất %(total)s điểm cho “%(title)s”, chờ đồng chí xác nhận.")
                          % {"cell": evaluation.meeting.organization.name, "total": evaluation.total,
                             "title": evaluation.meeting.title},
                          reverse("meeting-grade", args=[evaluation.meeting_id]), _("Xác nhận xếp loại")))  # fmt: skip
    pending = ProgressReport.objects.filter(
        verdict=Verdict.PENDING, item__commitment__in=commitments_for(user)
    )
    for report in [r for r in pending.select_related("item__commitment__cell", "item__responsible").order_by("pk")[:20]
                   if commitment_rules.can_review(user, r.item)][:EACH]:  # fmt: skip
        who = (
            report.item.responsible.full_name if report.item.responsible else report.item.commitment.cell.name
        )
        tasks.append(Task(_("Báo cáo tiến độ %(percent)s%% của %(who)s chờ xem xét.") % {"percent": report.percent, "who": who},
                          reverse("commitment-detail", args=[report.item.commitment_id]), _("Xem xét")))  # fmt: skip
    return tasks


def _member_tasks(user, member, now) -> list[Task]:
    tasks = []
    for receipt in (Recipient.objects.filter(member=member, acknowledged_at__isnull=True)
                    .select_related("document").order_by("-pk")[:EACH]):  # fmt: skip
        tasks.append(Task(_("Nghiên cứu văn bản %(number)s: %(summary)s.")
                          % {"number": receipt.document.number_symbol, "summary": receipt.document.summary},
                          reverse("document-detail", args=[receipt.document_id]), _("Đọc văn bản")))  # fmt: skip
    open_now = consultations_for(user).filter(
        status=ConsultationStatus.OPEN, opens_at__lte=now, closes_at__gt=now
    )
    for consultation in open_now.order_by("closes_at")[:EACH]:
        tasks.append(Task(_("Góp ý dự thảo “%(title)s” trước %(closes)s.")
                          % {"title": consultation.title,
                             "closes": date_format(timezone.localtime(consultation.closes_at), "H:i d/m/Y")},
                          reverse("consultation-detail", args=[consultation.pk]), _("Góp ý")))  # fmt: skip
    next_meeting = (
        meetings_for(user).filter(organization_id=member.cell_id, status=MeetingStatus.SCHEDULED,
                                  starts_at__gte=now, materials_published_at__isnull=False)
        .order_by("starts_at").first()
    )  # fmt: skip
    if next_meeting is not None:
        when = date_format(timezone.localtime(next_meeting.starts_at), "H:i d/m/Y")
        tasks.append(Task(_("Đọc trước tài liệu buổi sinh hoạt “%(title)s” (%(when)s).")
                          % {"title": next_meeting.title, "when": when},
                          reverse("meeting-detail", args=[next_meeting.pk]), _("Đọc tài liệu")))  # fmt: skip
    to_comment = (
        papers_for(user).filter(state__in=COMMENTABLE_STATES).exclude(comments__author=member).count()
    )
    if to_comment:
        tasks.append(Task(ngettext("%(n)s bài tham luận đang nhận góp ý của đồng chí.",
                                   "%(n)s bài tham luận đang nhận góp ý của đồng chí.", to_comment)
                          % {"n": to_comment}, reverse("paper-list"), _("Đọc và góp ý")))  # fmt: skip
    # One line for all of them: the commitments panel below lists each item with its deadline.
    to_report = CommitmentItem.objects.filter(responsible=member, withdrawn=False, verified_at__isnull=True,
                                              commitment__state=CommitmentState.APPROVED).count()  # fmt: skip
    if to_report:
        tasks.append(Task(ngettext("%(n)s nội dung cam kết đang chờ đồng chí báo cáo tiến độ.",
                                   "%(n)s nội dung cam kết đang chờ đồng chí báo cáo tiến độ.", to_report)
                          % {"n": to_report}, reverse("my-page") + "#cam-ket", _("Báo cáo")))  # fmt: skip
    return tasks


def next_tasks_panel(request) -> Panel | None:
    user, now = request.user, timezone.now()
    member = member_of(user)
    roles = held_roles(user)
    if not roles and member is None and not user.is_superuser:
        return None
    tasks = setup_tasks(user, Task) if roles or user.is_superuser else []
    if roles:
        tasks += _office_tasks(user, now) + _secretary_tasks(user, now) + _approver_tasks(user)
    tasks += _minutes_tasks(user, now)
    if roles:
        tasks += _supervisor_tasks(user)
    if member is not None:
        tasks += _member_tasks(user, member, now)
    return Panel(_("Việc cần làm tiếp theo"), "web/panels/tasks.html", {"tasks": tasks}, order=1)

"""The committee-level session: an agenda of the cells' papers (order, presenter, time slot) on a
`meetings.Meeting` of kind committee; after it, the papers on it are marked presented."""

from datetime import datetime, timedelta

from django.db import transaction
from django.utils.translation import gettext as _

from chuyende.common import audit
from chuyende.common.errors import DomainError, NotAllowed
from chuyende.meetings.enums import MeetingKind, MeetingStatus
from chuyende.meetings.models import Meeting
from chuyende.orgs.domain.organizations import audit_partition

from ..enums import PaperState
from ..models import SessionAgendaItem
from ..rules import can_run_session
from .states import set_paper_state


def set_session_agenda(*, actor, meeting: Meeting, items: list[dict]) -> list[SessionAgendaItem]:
    """Replaces the session's paper agenda. `items` are in presentation order, each
    {"paper", "presenter" (optional; default: the paper's first author), "minutes" (default 10),
    "starts_at" (optional; default: right after the previous slot, the first at the meeting's
    start)}. Papers must be submitted papers of cells of the meeting's committee."""
    if not can_run_session(actor, meeting):
        raise NotAllowed(_("Bạn không có quyền sắp xếp chương trình hội nghị này."))
    if meeting.kind != MeetingKind.COMMITTEE:
        raise DomainError(_("Chỉ hội nghị cấp Đảng bộ có chương trình tham luận."))
    if meeting.status != MeetingStatus.SCHEDULED:
        raise DomainError(_("Hội nghị đã tổ chức hoặc đã huỷ, không sửa chương trình được."))
    seen = set()
    rows = []
    slot: datetime = meeting.starts_at
    for position, item in enumerate(items, start=1):
        paper = item["paper"]
        if paper.pk in seen:
            raise DomainError(_("Bài “%(title)s” có hai lần trong chương trình.") % {"title": paper.title})
        seen.add(paper.pk)
        if not paper.organization.path.startswith(meeting.organization.path):
            raise DomainError(
                _("Bài “%(title)s” không thuộc chi bộ của Đảng bộ này.") % {"title": paper.title}
            )
        if paper.state != PaperState.SUBMITTED:
            raise DomainError(_("Bài “%(title)s” chưa được gửi Đảng uỷ.") % {"title": paper.title})
        presenter = item.get("presenter") or paper.authors.order_by("sort_key").first()
        if presenter is not None and presenter.cell_id != paper.organization_id:
            raise DomainError(
                _("%(member)s không sinh hoạt tại %(organization)s.")
                % {"member": presenter.full_name, "organization": paper.organization.name}
            )
        minutes = int(item.get("minutes") or 10)
        if minutes <= 0:
            raise DomainError(_("Thời lượng trình bày phải lớn hơn 0 phút."))
        starts_at = item.get("starts_at") or slot
        slot = starts_at + timedelta(minutes=minutes)
        rows.append(SessionAgendaItem(meeting=meeting, paper=paper, position=position,
                                      presenter=presenter, starts_at=starts_at, minutes=minutes))  # fmt: skip
    with transaction.atomic():
        meeting.paper_agenda.all().delete()
        SessionAgendaItem.objects.bulk_create(rows)
        audit.record(
            "paper.session_agenda",
            meeting,
            actor=actor,
            partition=audit_partition(meeting.organization),
            changes={"papers": [row.paper.pk for row in rows]},
        )
    return list(meeting.paper_agenda.select_related("paper", "presenter"))


def check_can_mark_presented(actor, meeting: Meeting) -> None:
    if not can_run_session(actor, meeting):
        raise NotAllowed(_("Bạn không có quyền cập nhật hội nghị này."))


def mark_agenda_presented(*, actor, meeting: Meeting) -> int:
    """After the session: every submitted paper on its agenda becomes presented (authors may then
    revise and finalize). Returns how many changed."""
    check_can_mark_presented(actor, meeting)
    changed = 0
    with transaction.atomic():
        for item in meeting.paper_agenda.select_related("paper__organization"):
            if item.paper.state == PaperState.SUBMITTED:
                set_paper_state(actor=actor, paper=item.paper, state=PaperState.PRESENTED)
                changed += 1
    return changed

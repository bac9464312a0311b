"""What the office can do next with a consultation and what still blocks each step: the page shows
it beside each button and the API returns it, so a refusal never comes as a surprise."""

from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from ..enums import ConsultationStatus
from ..models import Consultation
from .consultations import unhandled_count
from .drafts import latest_published

CLOSE_EARLY, FINISH, ISSUE = "close_early", "finish", "issue"


@dataclass
class Step:
    action: str
    blockers: list[str] = field(default_factory=list)

    @property
    def allowed(self) -> bool:
        return not self.blockers


def _moment(value) -> str:
    return date_format(timezone.localtime(value), "H:i d/m/Y")


def next_steps(consultation: Consultation, *, now=None) -> dict[str, Step]:
    """The three office steps after comments are in (close early, finish the handling, issue the
    resolution), each with the reasons it cannot be taken yet (an empty list: it can)."""
    now = now or timezone.now()
    handled = consultation.status == ConsultationStatus.HANDLED
    close = Step(CLOSE_EARLY)
    if handled or now >= consultation.closes_at:
        close.blockers.append(_("Đã hết thời gian nhận góp ý."))
    elif now < consultation.opens_at:
        close.blockers.append(
            _("Chưa đến thời gian nhận góp ý (%(opens)s).") % {"opens": _moment(consultation.opens_at)}
        )
    finish = Step(FINISH)
    if handled:
        finish.blockers.append(_("Đã kết thúc tiếp thu, giải trình."))
    else:
        if now < consultation.closes_at:
            finish.blockers.append(
                _("Còn nhận góp ý đến %(closes)s.") % {"closes": _moment(consultation.closes_at)}
            )
        left = unhandled_count(consultation)
        if left:
            finish.blockers.append(
                ngettext("còn %(n)s ý kiến chưa xử lý", "còn %(n)s ý kiến chưa xử lý", left) % {"n": left}
            )
    issue = Step(ISSUE)
    if consultation.issued_document is not None:
        issue.blockers.append(
            _("Đã ban hành nghị quyết %(number)s.") % {"number": consultation.issued_document.number_symbol}
        )
    else:
        if not handled:
            issue.blockers.append(_("Chưa kết thúc tiếp thu, giải trình."))
        final = latest_published(consultation.version.draft)
        if final is None or final.number <= consultation.version.number:
            issue.blockers.append(_("Chưa công bố phiên bản hoàn chỉnh sau khi tiếp thu ý kiến."))
    return {step.action: step for step in (close, finish, issue)}

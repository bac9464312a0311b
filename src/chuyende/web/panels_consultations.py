"""Home panel of the consultations step: the drafts open for comment to this user."""

from django.utils import timezone
from django.utils.translation import gettext as _

from chuyende.consultations.access import consultations_for
from chuyende.consultations.enums import ConsultationStatus

from .home import Panel


def consultations_panel(request) -> Panel | None:
    now = timezone.now()
    open_now = list(
        consultations_for(request.user)
        .filter(status=ConsultationStatus.OPEN, opens_at__lte=now, closes_at__gt=now)
        .order_by("closes_at")[:5]
    )
    if not open_now:
        return None
    return Panel(
        _("Đang lấy ý kiến dự thảo"), "web/panels/consultations.html", {"consultations": open_now}, order=30
    )

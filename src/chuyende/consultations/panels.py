"""The home-page panel of consultations (registered by ConsultationsConfig.ready)."""

from django.utils import timezone
from django.utils.translation import gettext as _

from chuyende.web.home import Panel, panel_provider

from .access import consultations_for
from .enums import ConsultationStatus


@panel_provider
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

"""Home panel of the documents step: what the member has been asked to study."""

from django.utils.translation import gettext as _

from chuyende.documents.models import Recipient
from chuyende.orgs.rules import member_of

from .home import Panel


def study_panel(request) -> Panel | None:
    """ "Tài liệu cần nghiên cứu": documents disseminated to the member, not yet acknowledged."""
    member = member_of(request.user)
    if member is None:
        return None
    pending = (
        Recipient.objects.filter(member=member, acknowledged_at__isnull=True)
        .select_related("document__document_type")
        .order_by("-document__issued_on", "-pk")
    )
    rows = list(pending[:10])
    if not rows:
        return None
    return Panel(_("Tài liệu cần nghiên cứu"), "web/documents/panel.html", {"receipts": rows}, order=15)

"""Home panel of the commitments step: a link to "Trang của tôi" and the member's open items."""

from django.utils import timezone
from django.utils.translation import gettext as _

from chuyende.commitments.domain import member_lines
from chuyende.orgs.rules import member_of

from .home import Panel


def my_commitments_panel(request) -> Panel | None:
    member = member_of(request.user)
    if member is None:
        return None
    lines = member_lines(timezone.localdate(), members=[member.pk]).get(member.pk, [])
    return Panel(_("Cam kết của tôi"), "web/panels/commitments.html", {"lines": lines[:5]}, order=5)

"""Error pages in the site's layout and language. Django's own pages are bare English; a member
who follows an old link or a stale bookmark should read, in Vietnamese, what happened and where
to go next."""

import logging

from django.http import HttpResponse, HttpResponseServerError
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

log = logging.getLogger(__name__)


def csrf_failure(request, reason=""):
    """Usually a page left open past the end of the session, or opened before logging in again.
    The message says what happened and that going back keeps what was typed."""
    return render(request, "web/csrf_failure.html", {"reason": reason}, status=403)


def bad_request(request, exception=None):
    return render(request, "web/errors/400.html", status=400)


def permission_denied(request, exception=None):
    """Our domain refusals carry a Vietnamese reason (DomainErrorMixin passes it on); show it."""
    reason = str(exception) if exception is not None and exception.args else ""
    return render(request, "web/errors/403.html", {"reason": reason}, status=403)


def page_not_found(request, exception=None):
    # The exception's text is not shown: Django's own (get_object_or_404) is English and says
    # nothing a user can act on.
    return render(request, "web/errors/404.html", status=404)


def server_error(request):
    """Rendered without context processors (they query the database, which may be what failed);
    if even the template fails, a short Vietnamese sentence is better than nothing."""
    try:
        return HttpResponseServerError(render_to_string("web/errors/500.html", {"request": request}))
    except Exception:  # noqa: BLE001 — the page that reports an error must not raise one
        log.exception("the 500 page could not be rendered")
        return HttpResponse(_("Hệ thống đang gặp sự cố. Xin đồng chí thử lại sau ít phút."), status=500)

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect

from chuyende.common.errors import DomainError, NotAllowed, NotFound


def or_404(lookup, user, pk):
    """Runs a scoped `get_*_for(user, pk)` lookup; out of scope and missing both become a 404."""
    try:
        return lookup(user, pk)
    except NotFound as error:
        raise Http404(error.message) from None


def or_403(lookup, user, pk):
    """Runs a scoped lookup that also checks a right (`get_office_consultation_for`,
    `get_composable_volume_for`): missing or hidden → 404; visible but refused → 403 with the
    Vietnamese reason, as the API answers the same lookup."""
    try:
        return or_404(lookup, user, pk)
    except NotAllowed as error:
        raise PermissionDenied(error.message) from None


class DomainErrorMixin:
    """Turns a domain refusal into something a person understands.

    Not found → 404. A refused POST → the Vietnamese message on the same page (post/redirect/get,
    so a reload does not submit again). A refused GET → 403 with the message: redirecting a GET to
    itself would loop.
    """

    def dispatch(self, request, *args, **kwargs):
        try:
            return super().dispatch(request, *args, **kwargs)
        except NotFound as error:
            raise Http404(error.message) from None
        except DomainError as error:
            if request.method != "POST":
                raise PermissionDenied(error.message) from None
            messages.error(request, error.message)
            return redirect(request.get_full_path())

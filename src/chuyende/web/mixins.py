from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect

from chuyende.common.errors import DomainError, NotAllowed, NotFound
from chuyende.common.limits import MAX_ID


def form_id(value) -> int | None:
    """An object id typed in a form field or a query string: a whole number a key can hold, else
    None. A hand-edited form ("abc", "1e9", "", a NUL byte) then finds nothing (404 or the form's
    own message) instead of reaching the database as text and failing there with a 500."""
    text = str(value or "").strip()
    if not text.isascii() or not text.isdigit() or len(text) > 19:
        return None
    number = int(text)
    return number if 1 <= number <= MAX_ID else None


def form_ids(values) -> list[int]:
    """`form_id` for a list of values (`request.POST.getlist(...)`); values that are not ids are
    dropped."""
    return [number for number in (form_id(value) for value in values) if number is not None]


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
    return permission_first(lookup, user, pk)


def permission_first(check, *args, **kwargs):
    """Runs a domain `check_can_*(actor, …)` before a page reads its form, on GET and POST alike:
    refused → 403 with the Vietnamese reason, never a form that complains about empty fields to
    someone who may not send it at all. (DomainErrorMixin would turn a refused POST into a
    message on a redirect; a refusal of the right itself is answered as such.) Returns what the
    check returns, so a scoped lookup that refuses (`get_commitment_owner_for`) fits too."""
    try:
        return check(*args, **kwargs)
    except NotFound as error:
        raise Http404(error.message) from None
    except NotAllowed as error:
        raise PermissionDenied(error.message) from None


def refuse_unless(allowed: bool, reason: str) -> None:
    """`permission_first` for a page-level rule with no domain function of its own (the office's
    pages that need an organization it manages)."""
    if not allowed:
        raise PermissionDenied(reason)


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

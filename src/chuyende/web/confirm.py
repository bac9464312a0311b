"""Confirmation before an irreversible action (issue, publish, approve, confirm a grade, withdraw).

The form carries a checkbox that says what will happen ("Văn bản sẽ được cấp số 02-KH/ĐU …");
the browser requires it when it is the form's only action (no JavaScript needed, htmx too), and
the view checks it again, so a form sent without it is refused with the same sentence."""

from chuyende.common.errors import DomainError

FIELD = "confirmed"


def require_confirmation(request, what_happens: str) -> None:
    """Refuses (a Vietnamese DomainError that repeats what would happen) unless the box was ticked."""
    if request.POST.get(FIELD) != "1":
        raise DomainError(what_happens)

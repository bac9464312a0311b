from django.shortcuts import render


def csrf_failure(request, reason=""):
    """Usually a page left open past the end of the session, or opened before logging in again.
    The message says what happened and that going back keeps what was typed."""
    return render(request, "web/csrf_failure.html", {"reason": reason}, status=403)

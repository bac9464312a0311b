from django.http import Http404

from chuyende.common.errors import NotFound


def or_404(lookup, user, pk):
    """Runs a scoped `get_*_for(user, pk)` lookup; out of scope and missing both become a 404."""
    try:
        return lookup(user, pk)
    except NotFound as error:
        raise Http404(error.message) from None

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect

from chuyende.common.errors import DomainError, NotFound


class DomainErrorMixin:
    """Turns a domain refusal into a Vietnamese message on the same page; not found into a 404."""

    def dispatch(self, request, *args, **kwargs):
        try:
            return super().dispatch(request, *args, **kwargs)
        except NotFound as error:
            raise Http404(error.message) from None
        except DomainError as error:
            messages.error(request, error.message)
            return redirect(request.get_full_path())

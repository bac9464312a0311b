"""One-time form tokens: every create form carries one, so the same form sent twice (a double
click, a second tab, a retry after a timeout, the browser's "resend") stores one row and shows it.
The same idea as the comments' idempotency key, for the pages' create forms.

Use: the form's template writes `{% load once %}{% form_token %}` (a fresh token at every
rendering, so two forms on one page or a form shown again after a refusal never share one); the
view wraps its domain call in `create_once(request, lambda: create_x(...))`, which returns
`(obj, created)`. When `created` is False the object is the one the first sending made.
"""

import secrets

from django.contrib import messages
from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from chuyende.web.models import FormSubmission

FIELD = "form_token"


def new_form_token() -> str:
    return secrets.token_urlsafe(24)


def _token(request) -> str:
    token = request.POST.get(FIELD, "")
    return token if 16 <= len(token) <= 64 else ""


def _previous(request, token):
    row = FormSubmission.objects.filter(user=request.user, token=token).select_related("content_type").first()
    return row.target() if row is not None else None


def create_once(request, create):
    """Runs `create()` unless this form's token already created something; returns (obj, created).
    The creation and the token row commit together: of two concurrent sendings the second fails on
    the token's unique constraint, its creation rolls back, and it is shown the first one's row.
    A form without a token (an old page left open) is created as before."""
    token = _token(request)
    if not token:
        return create(), True
    if (previous := _previous(request, token)) is not None:
        messages.info(
            request, _("Biểu mẫu này đã được gửi trước đó; đây là nội dung đã lưu, không tạo thêm bản mới.")
        )
        return previous, False
    try:
        with transaction.atomic():
            obj = create()
            FormSubmission.objects.create(
                user=request.user,
                token=token,
                content_type=ContentType.objects.get_for_model(obj),
                object_id=obj.pk,
            )
    except IntegrityError:
        previous = _previous(request, token)
        if previous is None:
            raise
        messages.info(
            request, _("Biểu mẫu này đã được gửi trước đó; đây là nội dung đã lưu, không tạo thêm bản mới.")
        )
        return previous, False
    return obj, True

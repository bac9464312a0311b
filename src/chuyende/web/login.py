"""The login form, saying why a login is refused while it is locked (common.throttle)."""

from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError

from chuyende.common.throttle import locked_reason


class ThrottledAuthenticationForm(AuthenticationForm):
    def clean(self):
        try:
            return super().clean()
        except ValidationError:
            reason = locked_reason(self.request)
            if reason:
                raise ValidationError(reason, code="locked") from None
            raise

"""The login form, saying why a login is refused while it is locked (common.throttle)."""

from django.contrib.auth import get_user_model
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.views import LoginView
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


class FirstRunLoginView(LoginView):
    """The login page. On a database with no account at all (an office starting from nothing) it
    says how the first administrator is created, rather than leaving a newcomer at a form no
    password can pass."""

    authentication_form = ThrottledAuthenticationForm

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["no_accounts"] = not get_user_model().objects.exists()
        return context

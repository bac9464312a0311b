"""The login form, saying why a login is refused while it is locked (common.throttle), and the
password change, whose old password is checked the same way."""

from django.contrib.auth import authenticate, get_user_model
from django.contrib.auth.forms import AuthenticationForm, PasswordChangeForm
from django.contrib.auth.views import LoginView, PasswordChangeView
from django.core.exceptions import ValidationError

from chuyende.common.errors import DomainError
from chuyende.common.throttle import locked_reason
from chuyende.orgs.domain import accounts


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


class ThrottledPasswordChangeForm(PasswordChangeForm):
    """Django's form checks the old password with `check_password`, outside the throttled login:
    a borrowed session could guess it without limit. Here the guess goes through `authenticate`
    (counted, locked like a wrong login) and the change through the domain (tokens revoked,
    audited)."""

    def __init__(self, user, *args, request=None, **kwargs):
        self.request = request
        super().__init__(user, *args, **kwargs)

    def clean_old_password(self):
        old_password = self.cleaned_data["old_password"]
        if authenticate(self.request, username=self.user.get_username(), password=old_password) is None:
            reason = locked_reason(self.request)
            raise ValidationError(
                reason or self.error_messages["password_incorrect"], code="password_incorrect"
            )
        return old_password

    def save(self, commit=True):
        try:
            return accounts.change_password(actor=self.user, password=self.cleaned_data["new_password1"])
        except DomainError as error:  # validated by the form already; the domain says it again
            raise ValidationError(error.message) from None


class ThrottledPasswordChangeView(PasswordChangeView):
    form_class = ThrottledPasswordChangeForm

    def get_form_kwargs(self):
        return super().get_form_kwargs() | {"request": self.request}

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AccountCode(models.Model):
    """A one-time code that lets a member set their own password: handed out on a printed sheet or
    in an e-mail (activation), or sent when they forgot it (reset). Only a keyed hash is stored,
    so neither the office nor a copy of the database knows a usable code; a code works once,
    before `expires_at`, and issuing a new one revokes the older ones of the same account."""

    class Purpose(models.TextChoices):
        ACTIVATION = "activation", _("Kích hoạt tài khoản")
        RESET = "reset", _("Đặt lại mật khẩu")

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="account_codes")
    purpose = models.CharField(max_length=20, choices=Purpose.choices)
    code_hash = models.CharField(max_length=64, unique=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("mã kích hoạt")
        verbose_name_plural = _("mã kích hoạt")
        indexes = [models.Index(fields=["user", "used_at", "revoked_at"], name="account_code_user_idx")]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_purpose_display()}"

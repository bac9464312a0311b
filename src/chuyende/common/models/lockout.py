from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class LoginLockout(models.Model):
    """A login locked after too many wrong passwords, for an account or for an address. While
    `locked_until` is ahead and nobody unlocked it, every login through it is refused, even with
    the right password. Rows stay as the record of each lockout and who lifted it."""

    class Kind(models.TextChoices):
        ACCOUNT = "account", _("tài khoản")
        ADDRESS = "address", _("địa chỉ mạng")

    kind = models.CharField(_("loại"), max_length=10, choices=Kind.choices)
    key = models.CharField(_("tài khoản hoặc địa chỉ"), max_length=150)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    failures = models.PositiveIntegerField(_("số lần sai"))
    created_at = models.DateTimeField(_("khoá lúc"), auto_now_add=True)
    locked_until = models.DateTimeField(_("khoá đến"))
    unlocked_at = models.DateTimeField(_("mở khoá lúc"), null=True, blank=True)
    unlocked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("khoá đăng nhập")
        verbose_name_plural = _("khoá đăng nhập")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["kind", "key", "locked_until"], name="lockout_key_idx")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.key}"

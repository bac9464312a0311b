from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class OrganizationImport(models.Model):
    """An uploaded organization tree (one row per organization): previewed first, applied once.

    `organization` is where the rows go: rows without a parent are placed under it. Empty means the
    whole site (rows without a parent become roots), which only a superuser may import."""

    class Status(models.TextChoices):
        PREVIEWED = "previewed", _("Đã xem trước")
        APPLIED = "applied", _("Đã nhập")

    organization = models.ForeignKey(
        "orgs.Organization", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    file_name = models.CharField(max_length=255)
    content = models.BinaryField()
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PREVIEWED)
    summary = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    applied_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("lần nhập cây tổ chức")
        verbose_name_plural = _("các lần nhập cây tổ chức")

    def __str__(self) -> str:
        return self.file_name

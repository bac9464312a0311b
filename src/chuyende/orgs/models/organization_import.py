from django.db import models
from django.utils.translation import gettext_lazy as _

from .import_run import ImportRun


class OrganizationImport(ImportRun):
    """An uploaded organization tree (one row per organization): previewed first, applied once.

    `organization` is where the rows go: rows without a parent are placed under it. Empty means the
    whole site (rows without a parent become roots), which only a superuser may import."""

    organization = models.ForeignKey(
        "orgs.Organization", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )

    class Meta:
        verbose_name = _("lần nhập cây tổ chức")
        verbose_name_plural = _("các lần nhập cây tổ chức")

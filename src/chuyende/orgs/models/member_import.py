from django.db import models
from django.utils.translation import gettext_lazy as _

from .import_run import ImportRun


class MemberImport(ImportRun):
    """An uploaded member list: previewed first, applied once."""

    organization = models.ForeignKey("orgs.Organization", on_delete=models.CASCADE, related_name="+")

    class Meta:
        verbose_name = _("lần nhập danh sách")
        verbose_name_plural = _("các lần nhập danh sách")

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from ..enums import Role


class RoleAssignment(models.Model):
    """A role a user holds on an organization; it applies to the whole subtree below it."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="role_assignments"
    )
    organization = models.ForeignKey(
        "orgs.Organization",
        on_delete=models.CASCADE,
        related_name="role_assignments",
        verbose_name=_("tổ chức"),
    )
    role = models.CharField(_("vai trò"), max_length=30, choices=Role.choices)
    title = models.CharField(_("chức danh ghi khi ký"), max_length=120, blank=True)
    starts_on = models.DateField(_("từ ngày"), null=True, blank=True)
    ends_on = models.DateField(_("đến ngày"), null=True, blank=True)

    class Meta:
        verbose_name = _("phân công vai trò")
        verbose_name_plural = _("phân công vai trò")
        # No uniqueness on (user, organization, role): an ended role stays as history and the same
        # person may be appointed again later. `orgs.domain.roles` refuses overlapping periods.
        indexes = [models.Index(fields=["organization", "role"], name="role_org_role_idx")]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_role_display()} — {self.organization}"

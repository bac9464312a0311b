from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from ..enums import MemberStatus


class Member(models.Model):
    """A Party member, kept to what the product needs: no birth dates, addresses or ID numbers."""

    full_name = models.CharField(_("họ và tên"), max_length=120)
    # Derived keys, written by the domain functions that set full_name: Vietnamese name order and
    # accent-free search must run in the database, not in Python over every member.
    sort_key = models.CharField(max_length=400, editable=False, default="")
    name_folded = models.CharField(max_length=120, editable=False, default="")
    party_card_number = models.CharField(
        _("số thẻ đảng viên"), max_length=20, null=True, blank=True, unique=True
    )
    status = models.CharField(
        _("loại đảng viên"), max_length=20, choices=MemberStatus.choices, default=MemberStatus.FULL
    )
    cell = models.ForeignKey(
        "orgs.Organization", on_delete=models.PROTECT, related_name="members", verbose_name=_("chi bộ")
    )
    position = models.CharField(_("chức vụ"), max_length=200, blank=True)
    email = models.EmailField(_("thư điện tử"), blank=True)
    phone = models.CharField(_("điện thoại"), max_length=20, blank=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="member"
    )
    is_active = models.BooleanField(_("đang sinh hoạt"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("đảng viên")
        verbose_name_plural = _("đảng viên")
        ordering = ["sort_key"]
        indexes = [
            models.Index(fields=["cell", "sort_key"], name="member_cell_sort_idx"),
            models.Index(fields=["name_folded"], name="member_name_folded_idx"),
        ]

    def __str__(self) -> str:
        return self.full_name

    @property
    def given_name(self) -> str:
        return self.full_name.split()[-1] if self.full_name.strip() else ""

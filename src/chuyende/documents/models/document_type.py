from django.db import models
from django.utils.translation import gettext_lazy as _

from ..enums import SigningForm


class DocumentType(models.Model):
    """A kind of Party document (Nghị quyết, Kế hoạch …): reference data loaded from
    `reference/document_types.json` and editable by an administrator."""

    code = models.CharField(_("ký hiệu"), max_length=10, unique=True, help_text=_("Ví dụ: NQ, KH, BB"))
    name = models.CharField(_("tên loại (in hoa)"), max_length=100, help_text=_("Ví dụ: NGHỊ QUYẾT"))
    default_recipients = models.JSONField(_("nơi nhận mặc định"), default=list, blank=True)
    signing_form = models.CharField(
        _("thể thức ký mặc định"),
        max_length=5,
        choices=SigningForm.choices,
        default=SigningForm.ON_BEHALF,
        blank=True,
    )
    signer_position = models.CharField(_("chức vụ người ký mặc định"), max_length=60, default="BÍ THƯ")
    template = models.JSONField(
        _("khung nội dung mặc định"), default=list, blank=True, help_text=_("Danh sách khối nội dung (JSON).")
    )
    sort_order = models.PositiveSmallIntegerField(_("thứ tự"), default=100)
    is_active = models.BooleanField(_("đang dùng"), default=True)

    class Meta:
        verbose_name = _("loại văn bản")
        verbose_name_plural = _("loại văn bản")
        ordering = ["sort_order", "code"]

    def __str__(self) -> str:
        return f"{self.code} — {self.name}"

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from ..enums import DocumentState, SigningForm


class OfficialDocument(models.Model):
    """An official document of an issuing organization, from draft to issued (and maybe withdrawn
    or replaced). The body is stored as JSON blocks that map one-to-one onto the renderer's model;
    once issued, the content and the rendered files never change."""

    organization = models.ForeignKey(
        "orgs.Organization",
        on_delete=models.PROTECT,
        related_name="documents",
        verbose_name=_("cơ quan ban hành"),
    )
    document_type = models.ForeignKey(
        "documents.DocumentType",
        on_delete=models.PROTECT,
        related_name="documents",
        verbose_name=_("loại văn bản"),
    )
    term = models.ForeignKey(
        "orgs.Term", on_delete=models.PROTECT, related_name="+", verbose_name=_("nhiệm kỳ")
    )
    summary = models.CharField(_("trích yếu"), max_length=500)
    body = models.JSONField(_("nội dung"), default=list, blank=True)
    marks = models.JSONField(_("dấu chỉ mức độ"), default=list, blank=True)
    recipients = models.JSONField(_("nơi nhận"), default=list, blank=True)
    signer = models.ForeignKey(
        "orgs.Member",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("người ký"),
    )
    signing_form = models.CharField(
        _("thể thức ký"), max_length=5, choices=SigningForm.choices, default=SigningForm.ON_BEHALF, blank=True
    )
    signer_position = models.CharField(_("chức vụ người ký"), max_length=60, default="BÍ THƯ")
    state = models.CharField(
        _("trạng thái"), max_length=20, choices=DocumentState.choices, default=DocumentState.DRAFT
    )
    number = models.PositiveIntegerField(_("số"), null=True, blank=True)
    number_symbol = models.CharField(_("số và ký hiệu"), max_length=40, blank=True)
    issued_on = models.DateField(_("ngày ban hành"), null=True, blank=True)
    issued_at = models.DateTimeField(null=True, blank=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    withdrawal_reason = models.CharField(_("lý do thu hồi"), max_length=500, blank=True)
    replaced_by = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="replaces",
        verbose_name=_("thay thế bởi"),
    )
    pdf_file = models.FileField(upload_to="documents/%Y/", blank=True)
    docx_file = models.FileField(upload_to="documents/%Y/", blank=True)
    version = models.PositiveIntegerField(default=1)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("văn bản")
        verbose_name_plural = _("văn bản")
        ordering = ["-created_at", "-pk"]
        constraints = [
            # The number register is the first guard; this is the last line of defence.
            models.UniqueConstraint(
                fields=["organization", "document_type", "term", "number"],
                condition=models.Q(number__isnull=False),
                name="document_number_unique",
            ),
            models.CheckConstraint(
                condition=models.Q(state="draft") | models.Q(number__isnull=False, issued_on__isnull=False),
                name="document_issued_has_number",
            ),
        ]
        indexes = [models.Index(fields=["organization", "state"], name="document_org_state_idx")]

    def __str__(self) -> str:
        label = self.number_symbol or str(_("Dự thảo"))
        return f"{label} — {self.summary[:80]}"

    @property
    def is_draft(self) -> bool:
        return self.state == DocumentState.DRAFT

    @property
    def number_line(self) -> str:
        return f"Số {self.number_symbol}" if self.number_symbol else ""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from ..enums import Verdict


class ProgressReport(models.Model):
    """A periodic report on one item: how far it is, what was done, with evidence files."""

    item = models.ForeignKey("commitments.CommitmentItem", on_delete=models.CASCADE, related_name="reports")
    period = models.CharField(_("kỳ báo cáo"), max_length=10)
    percent = models.PositiveSmallIntegerField(_("tiến độ (%)"))
    narrative = models.TextField(_("kết quả thực hiện"))
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    submitted_at = models.DateTimeField(auto_now_add=True)
    verdict = models.CharField(
        _("kết quả xem xét"), max_length=20, choices=Verdict.choices, default=Verdict.PENDING
    )
    review_note = models.TextField(_("nhận xét"), blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("báo cáo tiến độ")
        verbose_name_plural = _("báo cáo tiến độ")
        ordering = ["item", "-submitted_at", "-pk"]
        indexes = [models.Index(fields=["item", "period"], name="report_item_period_idx")]
        constraints = [
            models.CheckConstraint(condition=models.Q(percent__lte=100), name="report_percent_max_100")
        ]

    def __str__(self) -> str:
        return f"{self.item_id} {self.period}: {self.percent}%"


class Evidence(models.Model):
    """A file attached to a progress report (minutes, photo, signed statement …)."""

    report = models.ForeignKey(ProgressReport, on_delete=models.CASCADE, related_name="evidence")
    file = models.FileField(upload_to="commitments/evidence/%Y/%m/")
    original_name = models.CharField(max_length=255)
    size = models.PositiveIntegerField()
    content_type = models.CharField(max_length=100)

    class Meta:
        verbose_name = _("minh chứng")
        verbose_name_plural = _("minh chứng")
        ordering = ["report", "pk"]

    def __str__(self) -> str:
        return self.original_name

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from ..enums import Decision


class Disposition(models.Model):
    """The handling (tiếp thu, giải trình) of one comment or of a whole group of comments."""

    consultation = models.ForeignKey(
        "consultations.Consultation", on_delete=models.CASCADE, related_name="dispositions"
    )
    decision = models.CharField(_("hình thức xử lý"), max_length=20, choices=Decision.choices)
    explanation = models.TextField(_("giải trình"))
    # Where accepted: the paragraph of the next version that changed.
    changed_version = models.ForeignKey(
        "consultations.DraftVersion", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    changed_block_uid = models.CharField(max_length=24, blank=True)
    group = models.ForeignKey(
        "consultations.CommentGroup", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("kết quả tiếp thu, giải trình")
        verbose_name_plural = _("kết quả tiếp thu, giải trình")

    def __str__(self) -> str:
        return f"{self.get_decision_display()}: {self.explanation[:60]}"

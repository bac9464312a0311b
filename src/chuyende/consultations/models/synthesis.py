from django.db import models
from django.utils.translation import gettext_lazy as _

from ..enums import RunStatus


class SynthesisRun(models.Model):
    """One run of the synthesis task: progress for the page, a cancel flag read between batches,
    and the counts it produced."""

    consultation = models.ForeignKey(
        "consultations.Consultation", on_delete=models.CASCADE, related_name="runs"
    )
    status = models.CharField(max_length=20, choices=RunStatus.choices, default=RunStatus.QUEUED)
    progress = models.PositiveSmallIntegerField(default=0)
    cancel_requested = models.BooleanField(default=False)
    total = models.PositiveIntegerField(default=0)
    reused = models.PositiveIntegerField(default=0)
    result = models.JSONField(default=dict, blank=True)
    error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("lần tổng hợp")
        verbose_name_plural = _("các lần tổng hợp")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.consultation} — {self.get_status_display()} {self.progress}%"


class CommentGroup(models.Model):
    """Near-duplicate comments on one target; handled once, the disposition applies to all."""

    consultation = models.ForeignKey(
        "consultations.Consultation", on_delete=models.CASCADE, related_name="groups"
    )
    run = models.ForeignKey(SynthesisRun, on_delete=models.CASCADE, related_name="groups")
    block_uid = models.CharField(max_length=24, blank=True)
    representative = models.ForeignKey(
        "consultations.Comment", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    representative_text = models.TextField()
    size = models.PositiveIntegerField()

    class Meta:
        verbose_name = _("nhóm ý kiến")
        verbose_name_plural = _("nhóm ý kiến")
        ordering = ["-size", "pk"]

    def __str__(self) -> str:
        return f"{self.size} × {self.representative_text[:60]}"


class TextSignature(models.Model):
    """Cached MinHash signature of a folded comment text, keyed by its digest: a rerun, or the same
    text sent by many members, costs one lookup instead of a recomputation."""

    digest = models.CharField(max_length=32, primary_key=True)
    signature = models.BinaryField()

    def __str__(self) -> str:
        return self.digest

from django.db import models
from django.utils.translation import gettext_lazy as _


class CommentAnchor(models.Model):
    """A batch of submitted comments (an id range of one consultation) sealed by one audit entry:
    the digest covers each comment's id, author, idempotency key and submitted hash."""

    consultation = models.ForeignKey(
        "consultations.Consultation", on_delete=models.CASCADE, related_name="anchors"
    )
    first_id = models.BigIntegerField()
    last_id = models.BigIntegerField()
    count = models.PositiveIntegerField()
    digest = models.CharField(max_length=64)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("niêm phong ý kiến")
        verbose_name_plural = _("niêm phong ý kiến")
        ordering = ["consultation", "last_id"]

    def __str__(self) -> str:
        return f"{self.consultation_id}: {self.first_id}–{self.last_id}"

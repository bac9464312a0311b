from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from ..enums import CommentChannel, CommentTarget, Disposition


class PaperComment(models.Model):
    """A comment on a paper, one of its paragraphs (stable anchor + quoted text), or on the cell as
    a whole. Immutable once stored except for the authors' disposition and answer."""

    paper = models.ForeignKey("papers.PositionPaper", on_delete=models.CASCADE, related_name="comments")
    version = models.ForeignKey(
        "papers.PaperVersion", on_delete=models.PROTECT, related_name="comments", null=True, blank=True
    )
    target = models.CharField(max_length=20, choices=CommentTarget.choices, default=CommentTarget.PAPER)
    anchor = models.CharField(max_length=32, blank=True)
    quoted_text = models.TextField(blank=True)
    author = models.ForeignKey(
        "orgs.Member", on_delete=models.PROTECT, related_name="paper_comments", verbose_name=_("người góp ý")
    )
    channel = models.CharField(max_length=20, choices=CommentChannel.choices, default=CommentChannel.ONLINE)
    meeting = models.ForeignKey(
        "meetings.Meeting", null=True, blank=True, on_delete=models.PROTECT, related_name="paper_comments"
    )
    text = models.TextField(_("nội dung góp ý"))
    idempotency_key = models.CharField(max_length=64)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    disposition = models.CharField(
        _("tiếp thu"), max_length=20, choices=Disposition.choices, default=Disposition.PENDING
    )
    answer = models.TextField(_("giải trình"), blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("góp ý bài tham luận")
        verbose_name_plural = _("góp ý bài tham luận")
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["author", "idempotency_key"], name="paper_comment_idempotent")
        ]
        indexes = [models.Index(fields=["paper", "target"], name="paper_comment_target_idx")]

    def __str__(self) -> str:
        return self.text[:80]

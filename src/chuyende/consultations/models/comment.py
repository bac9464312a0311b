from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from ..enums import Channel, CommentStatus, Stance, TargetKind


class Comment(models.Model):
    """One comment, as submitted. Counting rule: every active comment counts once, whatever its
    channel; a comment recorded on behalf of a cell after its meeting also carries how many members
    agreed with it (`agreeing_members`), reported beside the count, never added to it."""

    consultation = models.ForeignKey(
        "consultations.Consultation", on_delete=models.CASCADE, related_name="comments"
    )
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    member = models.ForeignKey(
        "orgs.Member", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # The cell the comment is counted under: the member's cell, or the cell that met.
    cell = models.ForeignKey(
        "orgs.Organization", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    channel = models.CharField(max_length=20, choices=Channel.choices, default=Channel.ONLINE)
    agreeing_members = models.PositiveIntegerField(default=0)
    submitter_name = models.CharField(_("người, đơn vị góp ý"), max_length=300, blank=True)
    target = models.CharField(max_length=20, choices=TargetKind.choices)
    block_uid = models.CharField(max_length=24, blank=True)
    section_uid = models.CharField(max_length=24, blank=True)
    quoted_text = models.TextField(blank=True)
    stance = models.CharField(_("ý kiến"), max_length=20, choices=Stance.choices)
    text = models.TextField(_("nội dung góp ý"))
    proposed_wording = models.TextField(_("đề nghị sửa thành"), blank=True)
    idempotency_key = models.CharField(max_length=64)
    # SHA-256 of the comment as submitted; anchored in batches into the audit log (see anchoring.py).
    submitted_hash = models.CharField(max_length=64, blank=True)
    status = models.CharField(max_length=20, choices=CommentStatus.choices, default=CommentStatus.ACTIVE)
    revision = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField()
    updated_at = models.DateTimeField()
    group = models.ForeignKey(
        "consultations.CommentGroup",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="comments",
    )
    # For a comment on the whole draft or a section: the paragraph the synthesis found it talks
    # about, or the one the office chose (`placement_confirmed`, kept by every rerun).
    suggested_block_uid = models.CharField(max_length=24, blank=True)
    placement_confirmed = models.BooleanField(default=False)
    disposition = models.ForeignKey(
        "consultations.Disposition", null=True, blank=True, on_delete=models.PROTECT, related_name="comments"
    )

    class Meta:
        verbose_name = _("ý kiến góp ý")
        verbose_name_plural = _("ý kiến góp ý")
        constraints = [
            models.UniqueConstraint(
                fields=["consultation", "author", "idempotency_key"], name="comment_idempotency_unique"
            )
        ]
        indexes = [
            models.Index(fields=["consultation", "block_uid"], name="comment_block_idx"),
            models.Index(fields=["consultation", "status", "disposition"], name="comment_handling_idx"),
            models.Index(fields=["consultation", "id"], name="comment_scan_idx"),
            # A synthesis shard reads the whole-draft comments placed on its paragraph by this
            # key (without it each of the ~60 shards scanned the consultation's every comment).
            models.Index(fields=["consultation", "suggested_block_uid"], name="comment_suggested_idx"),
        ]

    def __str__(self) -> str:
        return self.text[:80]

    @property
    def is_active(self) -> bool:
        return self.status == CommentStatus.ACTIVE

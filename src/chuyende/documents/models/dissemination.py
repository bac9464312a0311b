from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from ..enums import Audience


class Dissemination(models.Model):
    """One sending of an issued document to an audience (a subtree, some cells or named members)."""

    document = models.ForeignKey(
        "documents.OfficialDocument", on_delete=models.PROTECT, related_name="disseminations"
    )
    audience = models.CharField(_("đối tượng"), max_length=20, choices=Audience.choices)
    organization = models.ForeignKey(
        "orgs.Organization",
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Gốc của đối tượng phổ biến."),
    )
    cell_ids = models.JSONField(default=list, blank=True)
    member_ids = models.JSONField(default=list, blank=True)
    recipient_count = models.PositiveIntegerField(default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("đợt phổ biến")
        verbose_name_plural = _("các đợt phổ biến")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.document} → {self.get_audience_display()}"


class Recipient(models.Model):
    """A member who must study a document, and when they acknowledged it.

    One row per document and member, whichever dissemination reached them first. `cell_path` is the
    member's cell path when the document was sent, copied here so the roll-up by cell and by subtree
    is one grouped scan of a covering index, without joining members or organizations.
    """

    document = models.ForeignKey("documents.OfficialDocument", on_delete=models.CASCADE, related_name="+")
    dissemination = models.ForeignKey(Dissemination, on_delete=models.CASCADE, related_name="recipients")
    member = models.ForeignKey("orgs.Member", on_delete=models.CASCADE, related_name="document_receipts")
    cell_path = models.CharField(max_length=255)
    acknowledged_at = models.DateTimeField(_("đã nghiên cứu, quán triệt lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("người nhận văn bản")
        verbose_name_plural = _("người nhận văn bản")
        constraints = [
            models.UniqueConstraint(fields=["member", "document"], name="recipient_member_document_unique")
        ]
        indexes = [
            # Covers the roll-up: WHERE document = ? AND cell_path in a range GROUP BY cell_path,
            # counting acknowledged_at — answered from the index alone.
            models.Index(fields=["document", "cell_path", "acknowledged_at"], name="recipient_rollup_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.member_id} ← {self.document_id}"


class AcknowledgementCounter(models.Model):
    """Recipients and acknowledgements of one document in one cell (the recipients' `cell_path`),
    pre-aggregated. Maintained by `domain.dissemination` in the same transaction as each write
    (`disseminate` adds its recipients per cell with one grouped upsert, `acknowledge` adds one to
    its cell's row); `domain.dissemination.rebuild_counters` recomputes them in one statement.

    Counters live on cells only, never on the committees above: a national acknowledgement then
    touches one row of its own cell instead of queueing behind one hot row per ancestor. The
    roll-up of any organization reads the rows of its subtree from the covering index (document,
    cell_path, total, done) — one row per cell instead of one per member — grouped by the path
    prefix of each direct child.
    """

    document = models.ForeignKey("documents.OfficialDocument", on_delete=models.CASCADE, related_name="+")
    cell_path = models.CharField(max_length=255)
    total = models.IntegerField(default=0)
    done = models.IntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["document", "cell_path"], name="ack_counter_unique"),
        ]
        indexes = [
            models.Index(fields=["document", "cell_path", "total", "done"], name="ack_counter_rollup_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.document_id} {self.cell_path}: {self.done}/{self.total}"

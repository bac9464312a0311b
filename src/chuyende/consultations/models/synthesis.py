from django.conf import settings
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
    # Shard tasks not finished yet: the last one to finish runs the merge step.
    shards_left = models.PositiveIntegerField(default=0)
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
    """Comments that say one thing (one idea, one stance) on one target; handled once, the
    disposition applies to all. A group a person has changed (merge, split, move, representative,
    "đã xem") is `edited`: a rerun keeps it and its comments as they are."""

    consultation = models.ForeignKey(
        "consultations.Consultation", on_delete=models.CASCADE, related_name="groups"
    )
    run = models.ForeignKey(
        SynthesisRun, null=True, blank=True, on_delete=models.SET_NULL, related_name="groups"
    )
    # The paragraph of the group ("" when its comments are on the whole draft or a section and
    # no paragraph was found; `scope` then says which).
    block_uid = models.CharField(max_length=24, blank=True)
    scope = models.CharField(max_length=40, blank=True)
    stance = models.CharField(max_length=20, blank=True)
    representative = models.ForeignKey(
        "consultations.Comment", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    representative_text = models.TextField()
    size = models.PositiveIntegerField()
    stance_counts = models.JSONField(default=dict, blank=True)
    members = models.PositiveIntegerField(default=0)  # members represented (cell comments: who agreed)
    cells = models.PositiveIntegerField(default=0)
    placed = models.PositiveIntegerField(default=0)  # comments on the whole draft placed here
    campaign = models.PositiveIntegerField(default=0)  # comments copied from one text with a name inserted
    campaign_text = models.TextField(blank=True)
    edited = models.BooleanField(default=False)
    seen_at = models.DateTimeField(null=True, blank=True)
    seen_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("nhóm ý kiến")
        verbose_name_plural = _("nhóm ý kiến")
        ordering = ["-size", "pk"]
        indexes = [models.Index(fields=["consultation", "block_uid"], name="group_block_idx")]

    def __str__(self) -> str:
        return f"{self.size} × {self.representative_text[:60]}"


class ShardMembers(models.Model):
    """The groups one shard task of a run gave its comments, kept until the run's merge step:
    (comment id, group id) pairs packed as 64-bit integers; and before that, which whole-draft
    comments the placement put on the shard. A shard does not write them into the
    comment table itself: a paragraph's comments sit among every other paragraph's, so each shard
    would rewrite pages spread over the whole table (sixty shards, sixty such passes, and on
    SQLite one writer at a time); the merge step writes every pair in one pass in id order."""

    run = models.ForeignKey(SynthesisRun, on_delete=models.CASCADE, related_name="shard_members")
    shard = models.CharField(max_length=40)
    pairs = models.BinaryField(default=b"")
    # Whole-draft comments the run's placement put on this paragraph (ids, packed), read by the
    # shard and stored on the comments by the merge step, with their groups.
    placed = models.BinaryField(default=b"")
    # The shard's fingerprint as its task read it (comments, highest id): a first run on workers
    # has no counting scan before its shards (see synthesis/run.py).
    comments = models.PositiveIntegerField(default=0)
    top = models.BigIntegerField(default=0)
    # Half of a first run's placement on workers (rows "placement:draft" and
    # "placement:samples"), kept for the task that joins the halves.
    work = models.JSONField(null=True, blank=True)

    class Meta:
        verbose_name = _("kết quả một phần tổng hợp")
        verbose_name_plural = _("kết quả các phần tổng hợp")
        constraints = [models.UniqueConstraint(fields=["run", "shard"], name="shard_members_unique")]

    def __str__(self) -> str:
        return f"{self.run_id}/{self.shard}"

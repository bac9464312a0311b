from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from ..enums import BlockKind, PaperState, SourceKind


class PositionPaper(models.Model):
    """A cell's position paper (bài tham luận). `draft` holds the working text as blocks
    [{"id", "kind", "level", "label", "text"}]; each submitted text is a `PaperVersion`."""

    organization = models.ForeignKey(
        "orgs.Organization", on_delete=models.PROTECT, related_name="papers", verbose_name=_("chi bộ")
    )
    assignment = models.ForeignKey(
        "meetings.TopicAssignment",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="papers",
        verbose_name=_("chuyên đề được phân công"),
    )
    title = models.CharField(_("tên bài"), max_length=500)
    topic = models.CharField(_("chuyên đề của chi bộ"), max_length=500, blank=True)
    authors = models.ManyToManyField("orgs.Member", related_name="papers", verbose_name=_("tác giả"))
    state = models.CharField(
        _("trạng thái"), max_length=20, choices=PaperState.choices, default=PaperState.DRAFT
    )
    draft = models.JSONField(default=list, blank=True)
    draft_source = models.ForeignKey(
        "papers.PaperFile", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    causes = models.TextField(_("nguyên nhân"), blank=True)
    solutions = models.TextField(_("giải pháp"), blank=True)
    commitments = models.TextField(_("cam kết"), blank=True)
    manifestations = models.ManyToManyField(
        "papers.Manifestation", blank=True, related_name="papers", verbose_name=_("biểu hiện được nêu")
    )
    current_version = models.ForeignKey(
        "papers.PaperVersion", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Optimistic lock: every write bumps it; a write carrying an older number is refused.
    version = models.PositiveIntegerField(default=1)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    finalized_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("bài tham luận")
        verbose_name_plural = _("bài tham luận")
        ordering = ["organization__path", "pk"]

    def __str__(self) -> str:
        return self.title


class PaperFile(models.Model):
    """An uploaded original (DOCX or PDF), kept as is, with the text extracted from it."""

    paper = models.ForeignKey(PositionPaper, on_delete=models.CASCADE, related_name="files")
    file = models.FileField(upload_to="papers/%Y/%m/")
    name = models.CharField(max_length=255)
    kind = models.CharField(max_length=10, choices=SourceKind.choices)
    size = models.PositiveIntegerField()
    extracted_text = models.TextField(blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["uploaded_at", "pk"]

    def __str__(self) -> str:
        return self.name


class PaperVersion(models.Model):
    """An immutable submitted text of a paper."""

    paper = models.ForeignKey(PositionPaper, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    title = models.CharField(max_length=500)
    source = models.CharField(max_length=10, choices=SourceKind.choices, default=SourceKind.BROWSER)
    source_file = models.ForeignKey(
        PaperFile, null=True, blank=True, on_delete=models.PROTECT, related_name="versions"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("phiên bản bài tham luận")
        verbose_name_plural = _("phiên bản bài tham luận")
        ordering = ["paper", "number"]
        constraints = [models.UniqueConstraint(fields=["paper", "number"], name="paper_version_number")]

    def __str__(self) -> str:
        return f"{self.title} (bản {self.number})"


class PaperParagraph(models.Model):
    """A block of a version. `anchor` is the paragraph's stable id: it carries over to later
    versions while the text carries over, so comments keep pointing at it."""

    version = models.ForeignKey(PaperVersion, on_delete=models.CASCADE, related_name="paragraphs")
    anchor = models.CharField(max_length=32)
    position = models.PositiveIntegerField()
    kind = models.CharField(max_length=20, choices=BlockKind.choices, default=BlockKind.PARAGRAPH)
    level = models.PositiveSmallIntegerField(default=0)
    label = models.CharField(max_length=20, blank=True)
    text = models.TextField()

    class Meta:
        ordering = ["version", "position"]
        constraints = [
            models.UniqueConstraint(fields=["version", "anchor"], name="paragraph_anchor_per_version"),
            models.UniqueConstraint(fields=["version", "position"], name="paragraph_position_per_version"),
        ]

    def __str__(self) -> str:
        return self.text[:80]

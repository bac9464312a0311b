"""Bound volumes, their builds, the rendered-part cache and the search index."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from .enums import BuildStatus, ItemKind


class Volume(models.Model):
    """A bound volume (quyển tham luận) of an organization: its cover, preface and ordered items.

    `item_keys` lists archive item keys ("document:12", "minutes:3", ...) in binding order.
    """

    organization = models.ForeignKey(
        "orgs.Organization", on_delete=models.PROTECT, related_name="volumes", verbose_name=_("tổ chức")
    )
    plan = models.ForeignKey(
        "meetings.Plan", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    title = models.CharField(_("tên tập"), max_length=300)
    year = models.PositiveSmallIntegerField(_("năm"))
    preface = models.TextField(_("lời nói đầu"), blank=True)
    item_keys = models.JSONField(default=list)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("tập tham luận")
        verbose_name_plural = _("tập tham luận")
        ordering = ["-year", "-pk"]

    def __str__(self) -> str:
        return self.title


class VolumeBuild(models.Model):
    """One compilation of a volume, with progress for the page and the resulting files."""

    volume = models.ForeignKey(Volume, on_delete=models.CASCADE, related_name="builds")
    status = models.CharField(max_length=20, choices=BuildStatus.choices, default=BuildStatus.QUEUED)
    progress = models.PositiveSmallIntegerField(default=0)
    pdf = models.BinaryField(blank=True, default=b"")
    docx = models.BinaryField(blank=True, default=b"")
    sha256 = models.CharField(max_length=64, blank=True)
    page_count = models.PositiveIntegerField(default=0)
    starts = models.JSONField(default=list, blank=True)
    parts_rendered = models.PositiveIntegerField(default=0)
    parts_reused = models.PositiveIntegerField(default=0)
    error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-pk"]

    def __str__(self) -> str:
        return f"{self.volume} #{self.pk} ({self.status})"


class RenderedPart(models.Model):
    """A part's PDF keyed by the hash of its content: unchanged parts are not rendered again."""

    content_hash = models.CharField(max_length=64, primary_key=True)
    pdf = models.BinaryField()
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return self.content_hash[:12]


class SearchEntry(models.Model):
    """One paragraph of an archived item, with two normalized keys (see `archive.search`).

    `folded` has no diacritics (đ → d); `tone_key` keeps letters and tones with the tone written as
    a digit at the end of each word. Both are ASCII words, so SQLite FTS5 and PostgreSQL's 'simple'
    configuration tokenize them identically.
    """

    item_key = models.CharField(max_length=60)
    kind = models.CharField(max_length=20, choices=ItemKind.choices)
    title = models.CharField(max_length=500)
    organization = models.ForeignKey("orgs.Organization", on_delete=models.CASCADE, related_name="+")
    organization_path = models.CharField(max_length=255)
    year = models.PositiveSmallIntegerField()
    url = models.CharField(max_length=300, blank=True)
    anchor = models.CharField(max_length=60, blank=True)
    position = models.PositiveIntegerField(default=0)
    text = models.TextField()
    folded = models.TextField()
    tone_key = models.TextField()

    class Meta:
        indexes = [
            models.Index(fields=["item_key"], name="archive_entry_item_idx"),
            models.Index(fields=["organization_path"], name="archive_entry_path_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.item_key}#{self.position}"

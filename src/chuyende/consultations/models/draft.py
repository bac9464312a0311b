import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from ..enums import BlockKind


def new_uid() -> str:
    return uuid.uuid4().hex[:12]


class Draft(models.Model):
    """A document under consultation (first of all a draft resolution), owned by an organization."""

    organization = models.ForeignKey(
        "orgs.Organization", on_delete=models.PROTECT, related_name="drafts", verbose_name=_("tổ chức")
    )
    title = models.CharField(_("tên dự thảo"), max_length=300)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("dự thảo")
        verbose_name_plural = _("dự thảo")

    def __str__(self) -> str:
        return self.title


class DraftVersion(models.Model):
    """One version of a draft. The working version is editable (`published_at` empty) and carries a
    `revision` number for optimistic locking; a published version never changes again."""

    draft = models.ForeignKey(Draft, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    revision = models.PositiveIntegerField(default=1)
    published_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("phiên bản dự thảo")
        verbose_name_plural = _("phiên bản dự thảo")
        ordering = ["draft", "number"]
        constraints = [
            models.UniqueConstraint(fields=["draft", "number"], name="draft_version_number_unique")
        ]

    def __str__(self) -> str:
        return f"{self.draft} — v{self.number}"

    @property
    def is_published(self) -> bool:
        return self.published_at is not None


class Block(models.Model):
    """A part, section, article or paragraph of one version. `uid` is stable across versions: a
    paragraph whose text carries over keeps it, so comments and dispositions follow the text."""

    version = models.ForeignKey(DraftVersion, on_delete=models.CASCADE, related_name="blocks")
    uid = models.CharField(max_length=24, default=new_uid)
    kind = models.CharField(max_length=20, choices=BlockKind.choices)
    position = models.PositiveIntegerField()
    # The uid of the enclosing section (or part) heading: comments are counted by section with it.
    section_uid = models.CharField(max_length=24, blank=True)
    label = models.CharField(_("số hiệu"), max_length=40, blank=True)
    text = models.TextField(_("nội dung"))

    class Meta:
        verbose_name = _("đoạn dự thảo")
        verbose_name_plural = _("đoạn dự thảo")
        ordering = ["version", "position"]
        constraints = [
            models.UniqueConstraint(fields=["version", "uid"], name="block_version_uid_unique"),
            models.UniqueConstraint(fields=["version", "position"], name="block_version_position_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.label} {self.text[:60]}".strip()

    @property
    def is_heading(self) -> bool:
        return self.kind != BlockKind.PARAGRAPH

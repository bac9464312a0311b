from django.db import models
from django.utils.translation import gettext_lazy as _


class TagSet(models.Model):
    """A set of tags papers are classified by, e.g. the 27 manifestations of Resolution 04-NQ/TW."""

    code = models.SlugField(_("mã"), max_length=50, unique=True)
    name = models.CharField(_("tên"), max_length=255)
    source = models.CharField(_("văn bản nguồn"), max_length=255, blank=True)
    is_active = models.BooleanField(_("đang dùng"), default=True)
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)

    class Meta:
        verbose_name = _("bộ biểu hiện")
        verbose_name_plural = _("bộ biểu hiện")
        ordering = ["order", "pk"]

    def __str__(self) -> str:
        return self.name


class Manifestation(models.Model):
    """One tag of a set. The short label is ours; the official wording is entered by the office."""

    tag_set = models.ForeignKey(TagSet, on_delete=models.PROTECT, related_name="manifestations")
    code = models.CharField(_("mã"), max_length=20)
    group_code = models.CharField(_("mã nhóm"), max_length=20)
    group_label = models.CharField(_("nhóm"), max_length=255)
    number = models.PositiveSmallIntegerField(_("số thứ tự trong nhóm"))
    order = models.PositiveSmallIntegerField(_("thứ tự"))
    short_label = models.CharField(_("nhãn ngắn"), max_length=255)
    official_wording = models.TextField(_("nguyên văn"), blank=True)
    official_wording_verified = models.BooleanField(_("nguyên văn đã được đối chiếu"), default=False)

    class Meta:
        verbose_name = _("biểu hiện")
        verbose_name_plural = _("biểu hiện")
        ordering = ["tag_set", "order"]
        constraints = [models.UniqueConstraint(fields=["tag_set", "code"], name="manifestation_code_per_set")]

    def __str__(self) -> str:
        return f"{self.code}. {self.short_label}"

"""The choices of the archive: a build's status and the kinds of archived items."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class BuildStatus(models.TextChoices):
    QUEUED = "queued", _("Đang chờ")
    RUNNING = "running", _("Đang biên soạn")
    DONE = "done", _("Hoàn thành")
    FAILED = "failed", _("Lỗi")


class ItemKind(models.TextChoices):
    DOCUMENT = "document", _("Văn bản")
    PAPER = "paper", _("Bài tham luận")
    MINUTES = "minutes", _("Biên bản")
    CONSULTATION = "consultation", _("Tiếp thu, giải trình")
    VOLUME = "volume", _("Tập tham luận")


# Kinds addressed to everyone below the organization that issued them: a member sees them from the
# committees above their cell, not only inside their own subtree (see `archive.access`).
PUBLIC_KINDS = (ItemKind.DOCUMENT, ItemKind.VOLUME)

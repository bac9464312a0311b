from django.db import models
from django.utils.translation import gettext_lazy as _


class CommitmentState(models.TextChoices):
    DRAFT = "draft", _("Đang soạn")
    SUBMITTED = "submitted", _("Chờ phê duyệt")
    RETURNED = "returned", _("Trả lại để sửa")
    APPROVED = "approved", _("Đã phê duyệt")


class Frequency(models.TextChoices):
    MONTHLY = "monthly", _("Hằng tháng")
    QUARTERLY = "quarterly", _("Hằng quý")


class Verdict(models.TextChoices):
    PENDING = "pending", _("Chờ xem xét")
    ACCEPTED = "accepted", _("Chấp nhận")
    NEEDS_MORE = "needs_more", _("Cần bổ sung")
    VERIFIED = "verified", _("Đã hoàn thành, đã xác minh")


class ItemStatus(models.TextChoices):
    """Derived by `status.derive_status`; never stored or typed by anyone."""

    ON_TRACK = "on_track", _("Đúng tiến độ")
    DUE_SOON = "due_soon", _("Sắp đến hạn")
    OVERDUE = "overdue", _("Quá hạn")
    DONE = "done", _("Đã hoàn thành")
    VERIFIED = "verified", _("Đã xác minh")


class Phase(models.TextChoices):
    """The part of an item's status that does not depend on the day: the key of the counters."""

    OPEN = "open", _("Đang thực hiện")
    DONE = "done", _("Đã hoàn thành")
    VERIFIED = "verified", _("Đã xác minh")


# Calendar days before a deadline when an open item counts as "due soon".
DUE_SOON_DAYS = 14
# Days after a deadline before the cell secretary is told about an overdue item.
SECRETARY_GRACE_DAYS = 7

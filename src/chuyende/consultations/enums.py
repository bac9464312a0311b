from django.db import models
from django.utils.translation import gettext_lazy as _


class BlockKind(models.TextChoices):
    """Structural levels of a draft, outermost first."""

    PART = "part", _("Phần")
    SECTION = "section", _("Mục")
    ARTICLE = "article", _("Điều")
    PARAGRAPH = "paragraph", _("Đoạn")


class ConsultationStatus(models.TextChoices):
    """draft published → open (window decides when comments are taken) → handled (closed for good)."""

    OPEN = "open", _("Đang lấy ý kiến")
    HANDLED = "handled", _("Đã tiếp thu, giải trình xong")


# Allowed moves of Consultation.status (`consultations.domain.consultations.move_consultation` is
# its only writer). Whether comments are taken while open is decided by the window (opens_at,
# closes_at; `check_window`), not by a status; issuing is recorded by `issued_document`.
CONSULTATION_TRANSITIONS: dict[str, set[str]] = {
    ConsultationStatus.OPEN: {ConsultationStatus.HANDLED},
    ConsultationStatus.HANDLED: set(),
}


class Channel(models.TextChoices):
    ONLINE = "online", _("Trực tuyến")
    CELL_MEETING = "cell_meeting", _("Chi bộ tổng hợp sau sinh hoạt")
    WRITTEN = "written", _("Văn bản góp ý (văn phòng nhập)")


class TargetKind(models.TextChoices):
    PARAGRAPH = "paragraph", _("Đoạn")
    SECTION = "section", _("Mục")
    DRAFT = "draft", _("Toàn văn dự thảo")


class Stance(models.TextChoices):
    AGREE = "agree", _("Tán thành")
    DISAGREE = "disagree", _("Không tán thành")
    PROPOSE = "propose", _("Đề nghị sửa đổi")


class CommentStatus(models.TextChoices):
    ACTIVE = "active", _("Đã gửi")
    WITHDRAWN = "withdrawn", _("Đã rút")


class Decision(models.TextChoices):
    ACCEPTED = "accepted", _("Tiếp thu")
    PARTLY = "partly", _("Tiếp thu một phần")
    REJECTED = "rejected", _("Không tiếp thu")
    COVERED = "covered", _("Đã có trong dự thảo")
    LATER = "later", _("Bảo lưu, nghiên cứu sau")


# Decisions that change the text: they may link to the changed paragraph of the next version.
CHANGING_DECISIONS = frozenset({Decision.ACCEPTED, Decision.PARTLY})


class RunStatus(models.TextChoices):
    QUEUED = "queued", _("Đang chờ")
    RUNNING = "running", _("Đang chạy")
    DONE = "done", _("Hoàn tất")
    CANCELLED = "cancelled", _("Đã huỷ")
    FAILED = "failed", _("Lỗi")

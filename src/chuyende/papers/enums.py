from django.db import models
from django.utils.translation import gettext_lazy as _


class PaperState(models.TextChoices):
    DRAFT = "draft", _("Dự thảo")
    SUBMITTED = "submitted", _("Đã gửi Đảng uỷ")
    PRESENTED = "presented", _("Đã trình bày")
    FINALIZED = "finalized", _("Đã hoàn thiện")


# Allowed paper transitions: state → states it may move to. A submitted paper may be returned to
# its cell for more work before the session; a finalized paper is frozen.
PAPER_TRANSITIONS: dict[str, set[str]] = {
    PaperState.DRAFT: {PaperState.SUBMITTED},
    PaperState.SUBMITTED: {PaperState.DRAFT, PaperState.PRESENTED},
    PaperState.PRESENTED: {PaperState.FINALIZED},
    PaperState.FINALIZED: set(),
}
# States in which the authors may change the working text.
EDITABLE_STATES = frozenset({PaperState.DRAFT, PaperState.PRESENTED})
# States in which members may comment.
COMMENTABLE_STATES = frozenset({PaperState.SUBMITTED, PaperState.PRESENTED})


class BlockKind(models.TextChoices):
    HEADING = "heading", _("Tiêu đề")
    PARAGRAPH = "paragraph", _("Đoạn văn")
    ITEM = "item", _("Mục đánh số")


class SourceKind(models.TextChoices):
    BROWSER = "browser", _("Soạn trên trình duyệt")
    DOCX = "docx", _("Tệp Word (DOCX)")
    PDF = "pdf", _("Tệp PDF")


class CommentTarget(models.TextChoices):
    PAPER = "paper", _("Góp ý cho cả bài")
    PARAGRAPH = "paragraph", _("Góp ý cho đoạn văn")
    CELL = "cell", _("Góp ý cho chi bộ")


class CommentChannel(models.TextChoices):
    ONLINE = "online", _("Trực tuyến")
    AT_SESSION = "at_session", _("Tại hội nghị")


class Disposition(models.TextChoices):
    PENDING = "pending", _("Chưa xem xét")
    ACCEPTED = "accepted", _("Tiếp thu")
    REJECTED = "rejected", _("Không tiếp thu")


class AnchorStatus(models.TextChoices):
    UNCHANGED = "unchanged", _("đoạn văn không đổi")
    CHANGED = "changed", _("đoạn văn đã thay đổi")
    DELETED = "deleted", _("đoạn văn đã bị xoá")

from django.db import models
from django.utils.translation import gettext_lazy as _


class DocumentState(models.TextChoices):
    DRAFT = "draft", _("Dự thảo")
    ISSUED = "issued", _("Đã ban hành")
    WITHDRAWN = "withdrawn", _("Đã thu hồi")
    REPLACED = "replaced", _("Đã bị thay thế")


# The only legal moves; `domain.lifecycle.transition` refuses everything else.
TRANSITIONS: dict[str, frozenset[str]] = {
    DocumentState.DRAFT: frozenset({DocumentState.ISSUED}),
    DocumentState.ISSUED: frozenset({DocumentState.WITHDRAWN, DocumentState.REPLACED}),
    DocumentState.WITHDRAWN: frozenset(),
    DocumentState.REPLACED: frozenset(),
}


class SigningForm(models.TextChoices):
    ON_BEHALF = "T/M", _("T/M — thay mặt tập thể")
    DEPUTY = "K/T", _("K/T — ký thay người đứng đầu")
    BY_ORDER = "T/L", _("T/L — thừa lệnh")
    PERSONAL = "", _("Ký trực tiếp (không ghi thẩm quyền)")


class Audience(models.TextChoices):
    SUBTREE = "subtree", _("Toàn bộ đảng viên trong tổ chức")
    CELLS = "cells", _("Một số chi bộ")
    MEMBERS = "members", _("Một số đảng viên")


class FileFormat(models.TextChoices):
    PDF = "pdf", "PDF"
    DOCX = "docx", "DOCX"

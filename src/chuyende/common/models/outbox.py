from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class OutboxMessage(models.Model):
    """A message to a member that a person reviews before it leaves: prepared → released → sent
    (or failed). `topic` groups the messages of one cause ("documents.dissemination:12") so a
    later reminder round does not queue a second copy while the first is still pending."""

    class Status(models.TextChoices):
        PREPARED = "prepared", _("Đã soạn, chờ duyệt")
        RELEASED = "released", _("Đã duyệt, chờ gửi")
        SENT = "sent", _("Đã gửi")
        FAILED = "failed", _("Gửi lỗi")

    organization = models.ForeignKey(
        "orgs.Organization", on_delete=models.CASCADE, related_name="+", verbose_name=_("tổ chức gửi")
    )
    member = models.ForeignKey(
        "orgs.Member", null=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("người nhận")
    )
    to_email = models.EmailField(_("địa chỉ nhận"))
    subject = models.CharField(_("tiêu đề"), max_length=255)
    body = models.TextField(_("nội dung"))
    topic = models.CharField(max_length=100, db_index=True)
    status = models.CharField(_("trạng thái"), max_length=20, choices=Status.choices, default=Status.PREPARED)
    error = models.TextField(blank=True)
    prepared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    released_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    released_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("thư chờ gửi")
        verbose_name_plural = _("hộp thư đi")
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["status", "organization"], name="outbox_status_org_idx")]

    def __str__(self) -> str:
        return f"{self.to_email}: {self.subject}"

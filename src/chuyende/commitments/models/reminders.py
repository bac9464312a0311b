from django.db import models
from django.utils.translation import gettext_lazy as _


class ReminderPreference(models.Model):
    """What reminders a member wants; a member without a row gets the defaults."""

    member = models.OneToOneField("orgs.Member", on_delete=models.CASCADE, related_name="reminder_preference")
    before_deadline = models.BooleanField(_("nhắc trước thời hạn"), default=True)
    days_before = models.PositiveSmallIntegerField(_("số ngày nhắc trước"), default=7)
    when_overdue = models.BooleanField(_("nhắc khi quá hạn"), default=True)
    report_due = models.BooleanField(_("nhắc khi đến kỳ báo cáo"), default=True)
    as_secretary = models.BooleanField(_("báo nội dung quá hạn của chi bộ (bí thư)"), default=True)

    class Meta:
        verbose_name = _("tuỳ chọn nhắc việc")
        verbose_name_plural = _("tuỳ chọn nhắc việc")

    def __str__(self) -> str:
        return str(self.member)


class ReminderDigest(models.Model):
    """The one digest a member may receive on a day; the unique key makes a second impossible."""

    member = models.ForeignKey("orgs.Member", on_delete=models.CASCADE, related_name="reminder_digests")
    day = models.DateField()
    lines = models.PositiveIntegerField(default=0)
    message = models.ForeignKey(
        "common.OutboxMessage", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("thư nhắc việc trong ngày")
        verbose_name_plural = _("thư nhắc việc trong ngày")
        constraints = [models.UniqueConstraint(fields=["member", "day"], name="digest_one_per_member_day")]

    def __str__(self) -> str:
        return f"{self.member_id} {self.day}"

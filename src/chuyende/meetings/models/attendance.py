from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from ..enums import AttendanceStatus


class Attendance(models.Model):
    """One member's presence at one meeting; recording it again replaces the status."""

    meeting = models.ForeignKey("meetings.Meeting", on_delete=models.CASCADE, related_name="attendances")
    member = models.ForeignKey("orgs.Member", on_delete=models.PROTECT, related_name="attendances")
    status = models.CharField(_("điểm danh"), max_length=20, choices=AttendanceStatus.choices)
    reason = models.CharField(_("lý do"), max_length=255, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("điểm danh")
        verbose_name_plural = _("điểm danh")
        constraints = [
            models.UniqueConstraint(fields=["meeting", "member"], name="attendance_one_per_member")
        ]

    def __str__(self) -> str:
        return f"{self.member} — {self.get_status_display()}"

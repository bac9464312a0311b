from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from ..enums import MeetingKind, MeetingStatus


class Meeting(models.Model):
    """A meeting of an organization. Progress fields (materials, minutes, grade) are written by the
    domain functions of each step, so roll-ups read one row per meeting."""

    organization = models.ForeignKey(
        "orgs.Organization", on_delete=models.PROTECT, related_name="meetings", verbose_name=_("tổ chức")
    )
    kind = models.CharField(_("loại"), max_length=20, choices=MeetingKind.choices)
    plan = models.ForeignKey(
        "meetings.Plan", null=True, blank=True, on_delete=models.PROTECT, related_name="meetings"
    )
    assignment = models.ForeignKey(
        "meetings.TopicAssignment", null=True, blank=True, on_delete=models.PROTECT, related_name="meetings"
    )
    title = models.CharField(_("nội dung"), max_length=500)
    starts_at = models.DateTimeField(_("bắt đầu"))
    ends_at = models.DateTimeField(_("kết thúc"))
    place = models.CharField(_("địa điểm"), max_length=255, blank=True)
    agenda = models.JSONField(_("chương trình"), default=list, blank=True)
    chair = models.ForeignKey(
        "orgs.Member",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("chủ trì"),
    )
    secretary = models.ForeignKey(
        "orgs.Member",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("thư ký"),
    )
    guests = models.TextField(_("khách mời"), blank=True)
    supervisor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("cấp uỷ viên cấp trên dự"),
    )
    status = models.CharField(max_length=20, choices=MeetingStatus.choices, default=MeetingStatus.SCHEDULED)
    materials_published_at = models.DateTimeField(null=True, blank=True)
    minutes_approved_at = models.DateTimeField(null=True, blank=True)
    score = models.PositiveSmallIntegerField(null=True, blank=True)
    grade = models.CharField(max_length=20, blank=True)
    passed = models.BooleanField(null=True)
    # "phải tổ chức lại": the failed meeting stays on record, its re-run counts in roll-ups.
    needs_rerun = models.BooleanField(default=False)
    rerun_of = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="rerun"
    )
    # Optimistic lock of the editing pages: a save carries the version it read.
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("buổi sinh hoạt")
        verbose_name_plural = _("buổi sinh hoạt")
        ordering = ["-starts_at", "pk"]
        indexes = [models.Index(fields=["organization", "starts_at"], name="meeting_org_start_idx")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")), name="meeting_ends_after"
            )
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def duration_minutes(self) -> int:
        return int((self.ends_at - self.starts_at).total_seconds() // 60)


class Material(models.Model):
    """A file for members to read before the meeting (lead paper, draft conclusion, …)."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="materials")
    title = models.CharField(_("tên tài liệu"), max_length=255)
    file = models.FileField(upload_to="meetings/materials/%Y/%m/")
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    is_lead_paper = models.BooleanField(_("bài tham luận chính"), default=False)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("tài liệu")
        verbose_name_plural = _("tài liệu")
        ordering = ["uploaded_at", "pk"]

    def __str__(self) -> str:
        return self.title


class CalendarFeed(models.Model):
    """A member's personal calendar address; the secret token is the only credential of the feed."""

    member = models.OneToOneField("orgs.Member", on_delete=models.CASCADE, related_name="calendar_feed")
    token = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"{self.member} ({self.token[:6]}…)"

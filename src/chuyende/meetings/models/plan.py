from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from ..enums import PlanState


class Plan(models.Model):
    """A committee's plan (Kế hoạch) for a thematic session and the cell sessions before it."""

    organization = models.ForeignKey(
        "orgs.Organization", on_delete=models.PROTECT, related_name="plans", verbose_name=_("đảng bộ")
    )
    theme = models.CharField(_("chuyên đề"), max_length=500)
    basis = models.CharField(_("căn cứ"), max_length=500, blank=True)
    purpose = models.TextField(_("mục đích"), blank=True)
    requirements = models.TextField(_("yêu cầu"), blank=True)
    cell_sessions_before = models.DateField(_("chi bộ sinh hoạt trước ngày"))
    committee_session_on = models.DateField(_("ngày sinh hoạt cấp Đảng bộ"), null=True, blank=True)
    pass_score = models.PositiveSmallIntegerField(
        _("điểm tối thiểu, dưới mức này phải tổ chức lại"), default=50
    )
    state = models.CharField(
        _("trạng thái"), max_length=20, choices=PlanState.choices, default=PlanState.DRAFT
    )
    published_at = models.DateTimeField(null=True, blank=True)
    # The KH document the plan is issued as (documents engine): numbered, rendered, disseminated.
    document = models.ForeignKey(
        "documents.OfficialDocument", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Optimistic lock of the editing pages: a save carries the version it read.
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("kế hoạch")
        verbose_name_plural = _("kế hoạch")
        ordering = ["-cell_sessions_before", "pk"]

    def __str__(self) -> str:
        return self.theme


class TopicAssignment(models.Model):
    """The sub-topic a plan gives one cell, when it is due and who prepares the lead paper."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="assignments")
    cell = models.ForeignKey(
        "orgs.Organization",
        on_delete=models.PROTECT,
        related_name="topic_assignments",
        verbose_name=_("chi bộ"),
    )
    topic = models.CharField(_("chuyên đề của chi bộ"), max_length=500)
    due_on = models.DateField(_("hạn sinh hoạt"))
    presenters = models.ManyToManyField(
        "orgs.Member", blank=True, related_name="+", verbose_name=_("người chuẩn bị bài tham luận")
    )
    # The meeting that counts for this assignment: the re-run once a failed session is replaced.
    current_meeting = models.ForeignKey(
        "meetings.Meeting", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("phân công chuyên đề")
        verbose_name_plural = _("phân công chuyên đề")
        ordering = ["plan", "cell__path"]
        constraints = [models.UniqueConstraint(fields=["plan", "cell"], name="assignment_one_per_cell")]
        # The dashboard lists late cells by due date and stops after a page.
        indexes = [models.Index(fields=["plan", "due_on"], name="assignment_plan_due_idx")]

    def __str__(self) -> str:
        return self.topic

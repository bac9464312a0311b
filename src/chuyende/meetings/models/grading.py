from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from ..enums import EvaluationState, MeetingKind


class ScoringTemplate(models.Model):
    """Reference data: a scoring form (criteria with points, grade thresholds) chosen by a superior
    committee for one kind of meeting. Loaded from reference/scoring_templates.json, editable."""

    code = models.SlugField(max_length=50, unique=True)
    name = models.CharField(_("tên"), max_length=255)
    meeting_kind = models.CharField(_("loại sinh hoạt"), max_length=20, choices=MeetingKind.choices)
    organization = models.ForeignKey(
        "orgs.Organization", null=True, blank=True, on_delete=models.CASCADE, related_name="+",
        verbose_name=_("cấp uỷ áp dụng (trống: mặc định)"),
    )  # fmt: skip
    criteria = models.JSONField(default=list)  # [{"code", "label", "points"}]
    thresholds = models.JSONField(default=list)  # [{"grade", "label", "min"}], highest first
    is_active = models.BooleanField(default=True)

    class Meta:
        verbose_name = _("mẫu chấm điểm")
        verbose_name_plural = _("mẫu chấm điểm")

    def __str__(self) -> str:
        return self.name

    @property
    def max_points(self) -> int:
        return sum(c["points"] for c in self.criteria)


class Evaluation(models.Model):
    """The quality grade of one meeting: proposed by the cell, confirmed by the supervisor."""

    meeting = models.OneToOneField("meetings.Meeting", on_delete=models.CASCADE, related_name="evaluation")
    template = models.ForeignKey(ScoringTemplate, on_delete=models.PROTECT, related_name="+")
    scores = models.JSONField(default=dict)
    total = models.PositiveSmallIntegerField()
    grade = models.CharField(max_length=20)
    state = models.CharField(max_length=20, choices=EvaluationState.choices, default=EvaluationState.PROPOSED)
    note = models.TextField(_("nhận xét"), blank=True)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    proposed_at = models.DateTimeField()
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    confirmed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("xếp loại chất lượng")
        verbose_name_plural = _("xếp loại chất lượng")

    def __str__(self) -> str:
        return f"{self.meeting} — {self.total}"


class GradeCounter(models.Model):
    """Graded regular meetings of one cell in one year (local year of `starts_at`): how many count
    for its yearly grade and the sum of their scores — a failed meeting does not count, its re-run
    does. Maintained by `domain.grading.confirm_grade` in the same transaction (one upsert on the
    cell's own row: no hot row per committee); `domain.grading.rebuild_grade_counters` recomputes
    them with one grouped INSERT … SELECT. The yearly-grade roll-up of any organization reads these
    rows (one per cell, never one per meeting) grouped by the path prefix of each direct child."""

    organization = models.ForeignKey("orgs.Organization", on_delete=models.CASCADE, related_name="+")
    org_path = models.CharField(max_length=255)
    year = models.PositiveSmallIntegerField()
    graded = models.IntegerField(default=0)
    score_sum = models.BigIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["year", "org_path"], name="grade_counter_unique")]
        indexes = [
            models.Index(fields=["year", "org_path", "graded", "score_sum"], name="grade_counter_rollup_idx")
        ]

    def __str__(self) -> str:
        return f"{self.org_path} {self.year}: {self.score_sum}/{self.graded}"

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from ..enums import CommitmentState, Frequency


class ReportingCadence(models.Model):
    """How often members report progress on the commitments tied to a plan (set per plan)."""

    plan = models.OneToOneField(
        "meetings.Plan",
        on_delete=models.CASCADE,
        related_name="commitment_cadence",
        verbose_name=_("kế hoạch"),
    )
    frequency = models.CharField(_("kỳ báo cáo"), max_length=20, choices=Frequency.choices)

    class Meta:
        verbose_name = _("kỳ báo cáo tiến độ")
        verbose_name_plural = _("kỳ báo cáo tiến độ")

    def __str__(self) -> str:
        return f"{self.plan} — {self.get_frequency_display()}"


class Commitment(models.Model):
    """A remediation commitment (cam kết khắc phục) of one member, or of a whole cell when
    `owner_member` is empty. `cell_path` is copied from the cell so roll-ups never join."""

    cell = models.ForeignKey(
        "orgs.Organization", on_delete=models.PROTECT, related_name="commitments", verbose_name=_("chi bộ")
    )
    cell_path = models.CharField(max_length=255, editable=False)
    owner_member = models.ForeignKey(
        "orgs.Member",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="commitments",
        verbose_name=_("đảng viên cam kết"),
    )
    plan = models.ForeignKey(
        "meetings.Plan",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="commitments",
        verbose_name=_("theo kế hoạch"),
    )
    resolution = models.ForeignKey(
        "documents.OfficialDocument",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="commitments",
        verbose_name=_("theo nghị quyết"),
    )
    title = models.CharField(_("tiêu đề"), max_length=300)
    frequency = models.CharField(
        _("kỳ báo cáo"), max_length=20, choices=Frequency.choices, default=Frequency.QUARTERLY
    )
    state = models.CharField(
        _("trạng thái"), max_length=20, choices=CommitmentState.choices, default=CommitmentState.DRAFT
    )
    version = models.PositiveIntegerField(default=1)
    return_reason = models.TextField(_("lý do trả lại"), blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    approved_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("cam kết khắc phục")
        verbose_name_plural = _("cam kết khắc phục")
        ordering = ["cell_path", "owner_member_id", "pk"]
        indexes = [models.Index(fields=["cell_path", "state"], name="commitment_cell_state_idx")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(plan__isnull=False) | models.Q(resolution__isnull=False),
                name="commitment_has_basis",
            )
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_cell_commitment(self) -> bool:
        return self.owner_member_id is None

    @property
    def is_approved(self) -> bool:
        return self.state == CommitmentState.APPROVED


class CommitmentItem(models.Model):
    """One shortcoming with its remedy, sign of done, deadline and responsible person.

    `accepted_percent` and `verified_at` are the facts the supervisor's reviews establish; the
    status is derived from them (`status.derive_status`). `cell_path` is the commitment's, copied.
    """

    commitment = models.ForeignKey(Commitment, on_delete=models.CASCADE, related_name="items")
    position = models.PositiveSmallIntegerField(default=1)
    cell_path = models.CharField(max_length=255, editable=False)
    shortcoming = models.TextField(_("hạn chế, khuyết điểm"))
    manifestations = models.ManyToManyField(
        "papers.Manifestation",
        blank=True,
        related_name="commitment_items",
        verbose_name=_("biểu hiện suy thoái"),
    )
    remedy = models.TextField(_("biện pháp khắc phục"))
    sign_of_done = models.TextField(_("kết quả đo được khi hoàn thành"))
    deadline = models.DateField(_("thời hạn"))
    responsible = models.ForeignKey(
        "orgs.Member",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="responsible_items",
        verbose_name=_("người chịu trách nhiệm"),
    )
    withdrawn = models.BooleanField(_("đã rút qua điều chỉnh"), default=False)
    accepted_percent = models.PositiveSmallIntegerField(_("tiến độ đã được chấp nhận (%)"), default=0)
    verified_at = models.DateTimeField(_("xác minh hoàn thành lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("nội dung cam kết")
        verbose_name_plural = _("nội dung cam kết")
        ordering = ["commitment", "position", "pk"]
        indexes = [
            models.Index(fields=["cell_path", "deadline"], name="item_cell_deadline_idx"),
            models.Index(fields=["responsible", "deadline"], name="item_responsible_idx"),
        ]

    def __str__(self) -> str:
        return self.shortcoming[:80]


class CommitmentRevision(models.Model):
    """A recorded change of an approved commitment: the items before and after, and why."""

    commitment = models.ForeignKey(Commitment, on_delete=models.CASCADE, related_name="revisions")
    from_version = models.PositiveIntegerField()
    reason = models.TextField(_("lý do điều chỉnh"))
    before = models.JSONField()
    after = models.JSONField()
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("lần điều chỉnh cam kết")
        verbose_name_plural = _("các lần điều chỉnh cam kết")
        ordering = ["commitment", "from_version"]
        constraints = [
            models.UniqueConstraint(fields=["commitment", "from_version"], name="revision_one_per_version")
        ]

    def __str__(self) -> str:
        return f"{self.commitment} v{self.from_version}"

from django.db import models
from django.utils.translation import gettext_lazy as _

from ..enums import OrganizationKind

# Each level of the materialized path is the node's id as a fixed-width decimal segment. A digit-only
# path compares the same under every database collation, so a subtree is one index range scan:
# path >= P AND path < successor(P), on SQLite and PostgreSQL alike.
PATH_SEGMENT_WIDTH = 9


def path_segment(pk: int) -> str:
    return f"{pk:0{PATH_SEGMENT_WIDTH}d}"


def path_successor(path: str) -> str:
    """The smallest path that sorts after every path starting with `path`."""
    return f"{int(path) + 1:0{len(path)}d}"


class Organization(models.Model):
    """A node of the Party organization tree: a committee (Đảng bộ) or a cell (Chi bộ)."""

    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
        verbose_name=_("cấp trên"),
    )
    path = models.CharField(max_length=255, unique=True, editable=False)
    depth = models.PositiveSmallIntegerField(default=0, editable=False)
    kind = models.CharField(_("loại"), max_length=20, choices=OrganizationKind.choices)
    name = models.CharField(_("tên đầy đủ"), max_length=255)
    short_name = models.CharField(_("tên ngắn"), max_length=120, blank=True)
    header_name = models.CharField(
        _("tên in hoa trong văn bản"), max_length=255, help_text=_("Ví dụ: ĐẢNG UỶ CƠ QUAN VĂN PHÒNG …")
    )
    superior_header_name = models.CharField(
        _("tên cơ quan cấp trên in hoa"),
        max_length=255,
        blank=True,
        help_text=_("Ví dụ: ĐẢNG BỘ KHỐI CÁC CƠ QUAN TỈNH"),
    )
    body_code = models.CharField(
        _("ký hiệu cơ quan ban hành"), max_length=20, help_text=_("Ví dụ: ĐU, CB, ĐUK, TU")
    )
    signing_authority = models.CharField(
        _("thẩm quyền ký (T/M …)"), max_length=120, blank=True, help_text=_("Ví dụ: ĐẢNG UỶ, CHI BỘ")
    )
    place_name = models.CharField(_("địa danh ghi trong ngày tháng"), max_length=100)
    unit_name = models.CharField(_("đơn vị, phòng ban"), max_length=255, blank=True)
    unit_function = models.TextField(_("chức năng, nhiệm vụ của đơn vị"), blank=True)
    code = models.CharField(
        _("mã tổ chức"),
        max_length=50,
        blank=True,
        help_text=_("Mã do văn phòng đặt, dùng để nhận biết tổ chức khi nhập từ Excel (không bắt buộc)."),
    )
    is_active = models.BooleanField(_("đang hoạt động"), default=True)
    closed_on = models.DateField(_("ngày giải thể, sáp nhập"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("tổ chức đảng")
        verbose_name_plural = _("tổ chức đảng")
        ordering = ["path"]
        indexes = [models.Index(fields=["kind", "path"], name="org_kind_path_idx")]
        constraints = [
            # A code names one organization in the whole tree (the import finds parents by it).
            models.UniqueConstraint(
                fields=["code"], condition=~models.Q(code=""), name="organization_code_unique"
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_cell(self) -> bool:
        return self.kind == OrganizationKind.CELL

    def ancestor_paths(self) -> list[str]:
        """Paths of this node and all its ancestors, root first."""
        width = PATH_SEGMENT_WIDTH
        return [self.path[: width * (i + 1)] for i in range(len(self.path) // width)]

    def ancestor_ids(self) -> list[int]:
        return [int(p[-PATH_SEGMENT_WIDTH:]) for p in self.ancestor_paths()]

    @property
    def grassroots_path(self) -> str:
        """Path prefix of the grassroots committee (depth ≤ 1) this node belongs to; the audit
        partition of everything under it."""
        return self.path[: PATH_SEGMENT_WIDTH * 2]


class Term(models.Model):
    """A committee's term (nhiệm kỳ): document numbers restart with each term."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="terms")
    name = models.CharField(_("tên nhiệm kỳ"), max_length=100)
    starts_on = models.DateField(_("từ ngày"))
    ends_on = models.DateField(_("đến ngày"), null=True, blank=True)

    class Meta:
        verbose_name = _("nhiệm kỳ")
        verbose_name_plural = _("nhiệm kỳ")
        ordering = ["organization", "-starts_on"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__isnull=True) | models.Q(ends_on__gt=models.F("starts_on")),
                name="term_ends_after_start",
            )
        ]

    def __str__(self) -> str:
        return f"{self.organization.short_name or self.organization.name} — {self.name}"

    def covers(self, day) -> bool:
        return self.starts_on <= day and (self.ends_on is None or day <= self.ends_on)

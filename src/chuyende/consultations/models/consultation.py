from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from ..enums import ConsultationStatus


class Consultation(models.Model):
    """A published version put to comments during a window, for an audience.

    The audience is any mix of organizations (each with its whole subtree; a cell is its own
    subtree) and named members. `audience_paths` mirrors the organizations' paths so the comment
    hot path decides membership without a join.
    """

    organization = models.ForeignKey(
        "orgs.Organization", on_delete=models.PROTECT, related_name="consultations", verbose_name=_("tổ chức")
    )
    version = models.ForeignKey(
        "consultations.DraftVersion", on_delete=models.PROTECT, related_name="consultations"
    )
    title = models.CharField(_("tên đợt lấy ý kiến"), max_length=300)
    opens_at = models.DateTimeField(_("bắt đầu"))
    closes_at = models.DateTimeField(_("kết thúc"))
    status = models.CharField(
        max_length=20, choices=ConsultationStatus.choices, default=ConsultationStatus.OPEN
    )
    audience_organizations = models.ManyToManyField("orgs.Organization", blank=True, related_name="+")
    audience_members = models.ManyToManyField("orgs.Member", blank=True, related_name="+")
    audience_paths = models.JSONField(default=list, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    handled_at = models.DateTimeField(null=True, blank=True)
    # The resolution issued from the final version (documents engine), once the consultation is handled.
    issued_document = models.ForeignKey(
        "documents.OfficialDocument", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("đợt lấy ý kiến")
        verbose_name_plural = _("đợt lấy ý kiến")
        ordering = ["-opens_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(closes_at__gt=models.F("opens_at")), name="consultation_window"
            )
        ]

    def __str__(self) -> str:
        return self.title

    def is_open_at(self, moment) -> bool:
        return self.status == ConsultationStatus.OPEN and self.opens_at <= moment < self.closes_at

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from ..enums import MinutesState


class Minutes(models.Model):
    """The minutes (biên bản) of a meeting. Approved minutes never change: a correction is a new row
    with the next `number`, its reason and a link to the one it corrects."""

    meeting = models.ForeignKey("meetings.Meeting", on_delete=models.CASCADE, related_name="minutes")
    number = models.PositiveSmallIntegerField(default=1)
    state = models.CharField(max_length=20, choices=MinutesState.choices, default=MinutesState.DRAFT)
    content = models.TextField(_("nội dung"), blank=True)
    proceedings = models.JSONField(_("diễn biến"), default=list, blank=True)  # [{"speaker", "text"}]
    conclusion = models.TextField(_("kết luận"), blank=True)
    votes_agree = models.PositiveSmallIntegerField(_("tán thành"), default=0)
    votes_disagree = models.PositiveSmallIntegerField(_("không tán thành"), default=0)
    votes_other = models.PositiveSmallIntegerField(_("ý kiến khác"), default=0)
    closed_at = models.DateTimeField(_("kết thúc lúc"), null=True, blank=True)
    correction_reason = models.TextField(_("lý do đính chính"), blank=True)
    corrects = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="corrected_by"
    )
    version = models.PositiveIntegerField(default=1)  # optimistic lock for concurrent edits
    approved_at = models.DateTimeField(null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)
    # Given on approval from the register of the cell's BB series in the current term ("03-BB/CB"),
    # with the PDF and DOCX rendered then: approved minutes are served as these bytes, never
    # rendered again (a later grade is its own dated record and does not touch them).
    number_symbol = models.CharField(_("số và ký hiệu"), max_length=40, blank=True)
    pdf_file = models.FileField(upload_to="minutes/%Y/", blank=True)
    docx_file = models.FileField(upload_to="minutes/%Y/", blank=True)

    class Meta:
        verbose_name = _("biên bản")
        verbose_name_plural = _("biên bản")
        ordering = ["meeting", "-number"]
        constraints = [models.UniqueConstraint(fields=["meeting", "number"], name="minutes_number_unique")]

    def __str__(self) -> str:
        return f"{self.meeting} — {self.number}"

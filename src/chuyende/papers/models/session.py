from django.db import models
from django.utils.translation import gettext_lazy as _


class SessionAgendaItem(models.Model):
    """One paper on the agenda of a committee-level session (a `meetings.Meeting` of kind
    committee): its order, presenter and time slot."""

    meeting = models.ForeignKey("meetings.Meeting", on_delete=models.CASCADE, related_name="paper_agenda")
    paper = models.ForeignKey("papers.PositionPaper", on_delete=models.PROTECT, related_name="agenda_items")
    position = models.PositiveSmallIntegerField(_("thứ tự"))
    presenter = models.ForeignKey(
        "orgs.Member", null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        verbose_name=_("người trình bày"),
    )  # fmt: skip
    starts_at = models.DateTimeField(_("bắt đầu"), null=True, blank=True)
    minutes = models.PositiveSmallIntegerField(_("thời lượng (phút)"), default=10)

    class Meta:
        verbose_name = _("tham luận trong chương trình")
        verbose_name_plural = _("chương trình tham luận")
        ordering = ["meeting", "position"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "paper"], name="agenda_paper_once"),
            models.UniqueConstraint(fields=["meeting", "position"], name="agenda_position_once"),
        ]

    def __str__(self) -> str:
        return f"{self.position}. {self.paper}"

from django.db import models
from django.utils.translation import gettext_lazy as _


class NumberSeries(models.Model):
    """The number register of one issuing body × document type × term.

    `last_number` is the last number handed out; the row is locked (`select_for_update`) for the
    length of the issuing transaction, so two issuers of the same series queue and never share a
    number, while other series are not blocked.
    """

    organization = models.ForeignKey("orgs.Organization", on_delete=models.PROTECT, related_name="+")
    document_type = models.ForeignKey("documents.DocumentType", on_delete=models.PROTECT, related_name="+")
    term = models.ForeignKey("orgs.Term", on_delete=models.PROTECT, related_name="+")
    last_number = models.PositiveIntegerField(_("số cuối đã cấp"), default=0)

    class Meta:
        verbose_name = _("sổ đăng ký số văn bản")
        verbose_name_plural = _("sổ đăng ký số văn bản")
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "document_type", "term"], name="number_series_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.organization_id}/{self.document_type_id}/{self.term_id}: {self.last_number}"

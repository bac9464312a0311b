from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ImportRun(models.Model):
    """What the member import and the tree import keep alike: the uploaded file, what the preview
    found, and the run that applies it (`orgs/domain/import_runs.py` works on either). Abstract: each
    import keeps its own table; only `organization` differs (the tree may go to the whole site)."""

    class Status(models.TextChoices):
        PREVIEWED = "previewed", _("Đã xem trước")
        APPLYING = "applying", _("Đang nhập")
        APPLIED = "applied", _("Đã nhập")
        FAILED = "failed", _("Nhập không thành công")

    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    file_name = models.CharField(max_length=255)
    content = models.BinaryField()
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PREVIEWED)
    summary = models.JSONField(default=dict, blank=True)
    # Applying runs as a background task (thousands of rows, members' logins): who started it, how
    # far it got (percent) and, if it stopped, why.
    applied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    progress = models.PositiveSmallIntegerField(default=0)
    error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    applied_at = models.DateTimeField(null=True, blank=True)

    objects = models.Manager()  # each import's own (named here so the shared run code is typed)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.file_name

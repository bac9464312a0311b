"""The one table of the web layer: which create form was already sent. It belongs to the pages,
not to any lifecycle step — the API and the domain have their own idempotency (comments)."""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models


class FormSubmission(models.Model):
    """A one-time token carried by a create form, and the row that form created. A replay, a
    second tab or a retry after a timeout finds it and is shown that row instead of a new one."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    token = models.CharField(max_length=64)
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    object_id = models.PositiveBigIntegerField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "token"], name="form_submission_once")]

    def __str__(self) -> str:
        return f"{self.token} → {self.content_type_id}:{self.object_id}"

    def target(self):
        return self.content_type.get_object_for_this_type(pk=self.object_id)

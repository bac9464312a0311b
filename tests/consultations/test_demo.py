import pytest
from django.core.management import call_command

from chuyende.common import audit
from chuyende.consultations.models import Comment, CommentGroup, Consultation, Draft
from chuyende.consultations.report import appendix_rows
from chuyende.documents.models import Recipient

pytestmark = pytest.mark.django_db


def test_demo_consults_handles_every_comment_and_is_idempotent(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        call_command("demo")
        call_command("demo")
    assert Draft.objects.count() == 1
    consultation = Consultation.objects.get()
    assert Comment.objects.filter(consultation=consultation).count() == 7
    assert Comment.objects.filter(disposition__isnull=True).count() == 0
    assert CommentGroup.objects.filter(consultation=consultation).count() >= 1
    assert sum(row[5] for row in appendix_rows(consultation)) == 7
    assert consultation.status == "handled" and consultation.issued_document.number_symbol.endswith("-NQ/ĐU")
    recipients = Recipient.objects.filter(document=consultation.issued_document)
    assert recipients.count() == 40 and 0 < recipients.filter(acknowledged_at__isnull=False).count() < 40
    assert audit.verify()[1] == []

import pytest
from django.core.management import call_command
from django.utils import timezone

from chuyende.common import audit
from chuyende.consultations.models import Comment, CommentGroup, Consultation, Draft
from chuyende.consultations.report import appendix_rows
from chuyende.documents.models import Recipient

pytestmark = pytest.mark.django_db


def test_demo_consults_handles_every_comment_and_is_idempotent(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        call_command("demo")
        call_command("demo")
    # The story's draft, consulted and issued; and a second one still open for a newcomer to try.
    assert Draft.objects.count() == 2
    consultation = Consultation.objects.get(version__draft__title__startswith="Dự thảo Nghị quyết")
    assert Comment.objects.filter(consultation=consultation).count() == 7
    assert Comment.objects.filter(disposition__isnull=True).count() == 0
    assert CommentGroup.objects.filter(consultation=consultation).count() >= 1
    assert sum(row[5] for row in appendix_rows(consultation)) == 7
    assert consultation.status == "handled" and consultation.issued_document.number_symbol.endswith("-NQ/ĐU")
    resolution = consultation.issued_document
    assert (str(resolution.issued_on), resolution.term.name, resolution.signer.full_name) == (
        "2016-12-28",
        "Nhiệm kỳ 2015 – 2020",
        "Nguyễn Đức Thành",
    )
    still_open = Consultation.objects.exclude(pk=consultation.pk).get()
    assert still_open.status == "open" and still_open.opens_at < timezone.now() < still_open.closes_at
    recipients = Recipient.objects.filter(document=consultation.issued_document)
    assert recipients.count() == 40 and 0 < recipients.filter(acknowledged_at__isnull=False).count() < 40
    assert audit.verify()[1] == []

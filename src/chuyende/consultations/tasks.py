"""Background tasks of consultations. They take ids, re-fetch and call the domain."""

import logging

from django.tasks import task

from .anchoring import anchor_comments
from .models import Consultation
from .synthesis.run import execute_run

logger = logging.getLogger(__name__)


@task
def synthesize(run_id: int) -> None:
    """Counts and groups the comments of a consultation (see synthesis/run.py)."""
    execute_run(run_id)


@task
def anchor(consultation_id: int) -> None:
    """Seals settled comments into the audit log (see anchoring.py)."""
    consultation = Consultation.objects.filter(pk=consultation_id).first()
    if consultation is None:
        logger.warning("consultation %s is gone", consultation_id)
        return
    anchor_comments(consultation)

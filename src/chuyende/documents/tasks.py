"""Background tasks of the documents app. They take ids, re-fetch and call the domain."""

import logging

from django.contrib.auth import get_user_model
from django.tasks import task

from .domain import prepare_reminders
from .models import Dissemination

logger = logging.getLogger(__name__)


@task
def prepare_reminders_task(dissemination_id: int, user_id: int) -> int:
    """Prepares reminders for a large dissemination outside the request."""
    dissemination = (
        Dissemination.objects.select_related("document__organization").filter(pk=dissemination_id).first()
    )
    user = get_user_model().objects.filter(pk=user_id).first()
    if dissemination is None or user is None:
        logger.warning(
            "prepare_reminders_task: dissemination %s or user %s is gone", dissemination_id, user_id
        )
        return 0
    return prepare_reminders(actor=user, dissemination=dissemination)

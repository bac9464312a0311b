"""Background tasks of the orgs app. They take ids, re-fetch and call the domain; with no worker
configured they run inline."""

import logging

from django.contrib.auth import get_user_model
from django.tasks import task

from chuyende.common.actors import SYSTEM
from chuyende.common.errors import DomainError

from .domain.imports import apply_member_import
from .models import MemberImport

logger = logging.getLogger(__name__)


@task
def apply_member_import_task(import_id: int) -> dict:
    """Applies a member list started with `start_member_import`, as the person who started it;
    returns the counts (empty when the import is gone). A refusal is stored on the import for the
    page and not raised again."""
    member_import = MemberImport.objects.select_related("organization").filter(pk=import_id).first()
    if member_import is None:
        logger.warning("apply_member_import_task: import %s is gone", import_id)
        return {}
    actor = get_user_model().objects.filter(pk=member_import.applied_by_id).first() or SYSTEM
    try:
        applied = apply_member_import(actor=actor, member_import=member_import)
    except DomainError as error:
        logger.warning("apply_member_import_task: import %s refused: %s", import_id, error.message)
        return {}
    return applied.summary["counts"]

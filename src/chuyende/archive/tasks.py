"""Background tasks of the archive. They take ids, re-fetch and call the domain."""

import logging

from django.tasks import task

from .domain import build_volume
from .models import VolumeBuild

logger = logging.getLogger(__name__)


@task
def compile_volume_task(build_id: int) -> int:
    """Compiles one volume build; returns its page count (0 when the build is gone)."""
    build = VolumeBuild.objects.select_related("volume__organization").filter(pk=build_id).first()
    if build is None:
        logger.warning("compile_volume_task: build %s is gone", build_id)
        return 0
    return build_volume(build).page_count

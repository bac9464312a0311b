"""Background tasks of the archive. They take ids, re-fetch and do the work the domain queued
(compiling in `volume/build.py`, indexing in `indexing.py`); the domain imports them, never the reverse."""

import logging
from concurrent.futures import ProcessPoolExecutor

from django.conf import settings
from django.tasks import task

from .indexing import index_item, index_new_items
from .models import VolumeBuild
from .sources import get_item
from .volume.build import build_volume

logger = logging.getLogger(__name__)


@task
def compile_volume_task(build_id: int) -> int:
    """Compiles one volume build; returns its page count (0 when the build is gone).

    Parts render in a process pool (both cores by default, `ARCHIVE_RENDER_PROCESSES`): they are
    independent and cached by content hash, so their order of completion does not matter.
    """
    build = VolumeBuild.objects.select_related("volume__organization").filter(pk=build_id).first()
    if build is None:
        logger.warning("compile_volume_task: build %s is gone", build_id)
        return 0
    processes = getattr(settings, "ARCHIVE_RENDER_PROCESSES", 2)
    if processes < 2:
        return build_volume(build).page_count
    with ProcessPoolExecutor(max_workers=processes) as pool:
        return build_volume(build, executor=pool).page_count


@task
def index_archive_task() -> int:
    """Indexes what was archived since the last run (run it on a schedule or after big imports)."""
    return index_new_items()


@task
def index_record_task(key: str) -> int:
    """Indexes one archived record as soon as it is archived (an issued document, approved minutes,
    a paper version, a volume), so the archive finds it without waiting for the daily run; returns
    the number of paragraphs stored (0 when the record is gone)."""
    try:
        item = get_item(key)
    except LookupError:
        logger.warning("index_record_task: %s is gone", key)
        return 0
    return index_item(item)

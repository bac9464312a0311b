"""Compiling a volume with a process pool from a multi-threaded process (a web request in a
threaded server, an RQ worker): the pool must not fork the caller, and gives the same bytes as an
inline compile."""

import threading
import warnings

import pytest

from chuyende.archive.models import RenderedPart, VolumeBuild
from chuyende.archive.tasks import compile_volume_task, render_pool

pytestmark = pytest.mark.django_db


def test_the_pool_starts_workers_from_a_forkserver_not_from_the_caller():
    with render_pool(2) as pool:
        assert pool._mp_context.get_start_method() == "forkserver"
        assert pool.submit(sum, [1, 2]).result(timeout=60) == 3


def test_compile_in_a_threaded_process_does_not_fork_and_matches_inline(archive, settings):
    volume = archive["volume"]
    stop = threading.Event()
    other = threading.Thread(target=stop.wait, daemon=True)  # the caller is multi-threaded
    other.start()
    try:
        settings.ARCHIVE_RENDER_PROCESSES = 2
        pooled = VolumeBuild.objects.create(volume=volume)
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            assert compile_volume_task.call(pooled.pk) > 0
    finally:
        stop.set()
        other.join()
    assert not [w for w in caught if "fork" in str(w.message)], [str(w.message) for w in caught]
    pooled.refresh_from_db()
    assert pooled.status == "done" and pooled.parts_rendered == 1 and pooled.parts_reused == 0

    # Recompiling renders nothing that did not change.
    again = VolumeBuild.objects.create(volume=volume)
    compile_volume_task.call(again.pk)
    again.refresh_from_db()
    assert (again.parts_rendered, again.parts_reused) == (0, 1) and again.sha256 == pooled.sha256

    # The same volume rendered inline, from an empty cache, gives the same bytes.
    RenderedPart.objects.all().delete()
    settings.ARCHIVE_RENDER_PROCESSES = 1
    inline = VolumeBuild.objects.create(volume=volume)
    compile_volume_task.call(inline.pk)
    inline.refresh_from_db()
    assert inline.parts_rendered == 1 and inline.sha256 == pooled.sha256

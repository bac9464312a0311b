"""The process pool that renders volume parts.

Its workers never start as a fork of the caller: with the immediate task backend the caller is a
web request inside a threaded server, and an RQ worker has threads of its own; a fork there copies
locks other threads hold (Python warns that it may deadlock). The workers come from a clean
single-threaded "forkserver" process and set Django up themselves. This module imports no model, so
a worker can import it before Django is set up.
"""

import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor

import django


def _setup_render_process(settings_module: str | None) -> None:
    """Runs once in each pool process: Django set up as in the caller (the rendering reads settings
    and translations), without inheriting any of the caller's threads, connections or locks."""
    if settings_module:
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", settings_module)
    if os.environ.get("DJANGO_SETTINGS_MODULE"):
        django.setup(set_prefix=False)


def render_pool(processes: int) -> ProcessPoolExecutor:
    """A process pool whose workers start from a clean single-threaded server process
    ("forkserver"), never from a fork of the caller, which may be a multi-threaded web or RQ worker
    process (Python warns that such a fork may deadlock)."""
    return ProcessPoolExecutor(
        max_workers=processes,
        mp_context=multiprocessing.get_context("forkserver"),
        initializer=_setup_render_process,
        initargs=(os.environ.get("DJANGO_SETTINGS_MODULE"),),
    )

"""The RQ queue behind CHUYENDE_TASKS=rq (django-tasks-rq on Redis).

django-tasks-rq turns `task.enqueue()` of `django.tasks` into RQ jobs; this module adds what a
national deployment needs on top: every job is retried when its worker process dies (killed,
out of memory, machine lost) instead of being left failed after one attempt. RQ notices a dead
work-horse at once and an abandoned job (the whole worker gone) when its heartbeat expires (about
90 s) at the next registry clean-up of any worker; either way the job goes back to the queue.

A retry runs the task again from the start, so every task is written to be idempotent: it takes
ids, re-fetches and rewrites its own result (a volume build row, a synthesis run, the day's
digests, the search index) rather than adding to it. A task that raises is retried the same way
and ends failed, with its traceback kept, when the retries are spent.
"""

from django.conf import settings
from django.utils.module_loading import autodiscover_modules
from django_rq.queues import DjangoRQ
from rq import Retry, Worker

DEFAULT_RETRIES = 2


class RetryingQueue(DjangoRQ):
    """A DjangoRQ queue whose jobs get `CHUYENDE_TASK_RETRIES` retries unless told otherwise."""

    def create_job(self, *args, **kwargs):
        if kwargs.get("retry") is None:
            retries = getattr(settings, "CHUYENDE_TASK_RETRIES", DEFAULT_RETRIES)
            if retries > 0:
                kwargs["retry"] = Retry(max=retries)
        return super().create_job(*args, **kwargs)


class PreloadingWorker(Worker):
    """An RQ worker that imports every app's `tasks` module (and with them what they use:
    scikit-learn for synthesis, the renderers for volumes) and the ORM's query compiler once,
    before it forks a work-horse per job. A plain worker leaves the import to each horse: a
    synthesis of 60 shards imported scikit-learn 60 times, seconds each on a busy machine — more
    than the grouping itself."""

    def work(self, *args, **kwargs):
        autodiscover_modules("tasks")
        import django.db.models.sql.compiler  # noqa: F401  (loaded by the first query otherwise)

        return super().work(*args, **kwargs)

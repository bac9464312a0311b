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
from django_rq.queues import DjangoRQ
from rq import Retry

DEFAULT_RETRIES = 2


class RetryingQueue(DjangoRQ):
    """A DjangoRQ queue whose jobs get `CHUYENDE_TASK_RETRIES` retries unless told otherwise."""

    def create_job(self, *args, **kwargs):
        if kwargs.get("retry") is None:
            retries = getattr(settings, "CHUYENDE_TASK_RETRIES", DEFAULT_RETRIES)
            if retries > 0:
                kwargs["retry"] = Retry(max=retries)
        return super().create_job(*args, **kwargs)

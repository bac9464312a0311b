"""Background tasks of consultations. They take ids, re-fetch and call the domain."""

from django.tasks import task

from .synthesis.run import execute_run


@task
def synthesize(run_id: int) -> None:
    """Counts and groups the comments of a consultation (see synthesis/run.py)."""
    execute_run(run_id)

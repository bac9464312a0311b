"""What the member import and the organization-tree import share once an office accepts a
previewed file: queueing the run, writing the rows in chunks with the percentage saved between
them, saying a failure in Vietnamese, and closing the run with its counts. The import records
(`MemberImport`, `OrganizationImport`) share their fields through the abstract `ImportRun`."""

import logging
from collections.abc import Callable, Sequence

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from chuyende.common import audit
from chuyende.common.actors import SYSTEM
from chuyende.common.errors import DomainError

from ..models.import_run import ImportRun

logger = logging.getLogger(__name__)


def queue_run(
    job_model: type[ImportRun],
    pk: int,
    *,
    actor,
    action: str,
    partition: str,
    enqueue: Callable[[int], object],
):
    """Marks a previewed import as running and queues its task after commit; refused while rows
    have errors. A second call while it runs, or after it is applied, changes nothing; a failed
    run may be started again."""
    with transaction.atomic():
        job = job_model.objects.select_for_update().get(pk=pk)
        if job.status in (job_model.Status.APPLYING, job_model.Status.APPLIED):
            return job
        errors = job.summary.get("counts", {}).get("error", 0)
        if errors:
            raise DomainError(_("Còn %(count)s dòng lỗi. Hãy sửa tệp và tải lên lại.") % {"count": errors})
        job.status, job.progress, job.error = job_model.Status.APPLYING, 0, ""
        job.applied_by = actor if getattr(actor, "is_authenticated", False) else None
        job.save(update_fields=["status", "progress", "error", "applied_by"])
        audit.record(action, job, actor=actor, partition=partition)
        transaction.on_commit(lambda: enqueue(job.pk))
    return job


def write_in_chunks[T](
    job: ImportRun, items: Sequence[T], write_chunk: Callable[[Sequence[T]], object], *, chunk: int
) -> None:
    """Writes `items` `chunk` at a time, each chunk in its own transaction (`write_chunk` gets
    the chunk's items, so it can read and write them in a few queries), and saves the
    percentage after each so the page can show it. On failure the run is marked failed with a
    message the import page shows — a domain refusal says why; anything else goes to the log
    (re-raised), not to the person — and the rows already written stay: a re-run matches them
    and writes only the rest."""
    model = type(job)
    try:
        model.objects.filter(pk=job.pk).update(status=model.Status.APPLYING, progress=1)
        for start in range(0, len(items), chunk):
            with transaction.atomic():
                write_chunk(items[start : start + chunk])
            done = min(start + chunk, len(items))
            model.objects.filter(pk=job.pk).update(progress=max(1, min(99, done * 100 // len(items))))
    except Exception as error:
        message = (
            error.message
            if isinstance(error, DomainError)
            else _("Nhập bị gián đoạn do lỗi hệ thống. Hãy áp dụng lại; nếu vẫn lỗi, báo quản trị hệ thống.")
        )
        model.objects.filter(pk=job.pk).update(status=model.Status.FAILED, error=message[:1000])
        raise


def finish_run(job: ImportRun, *, actor, action: str, partition: str, summary: dict):
    """Closes a run: applied, 100 %, its counts kept and audited once."""
    with transaction.atomic():
        job.status = type(job).Status.APPLIED
        job.progress = 100
        job.error = ""
        job.applied_at = timezone.now()
        job.summary = summary
        job.save(update_fields=["status", "progress", "error", "applied_at", "summary"])
        audit.record(action, job, actor=actor, partition=partition, changes=summary["counts"])
    return job


def run_queued(job_model, pk: int, apply: Callable, *, task_name: str) -> dict:
    """The body of an import's task: applies the queued run as the person who started it and
    returns the counts (empty when the import is gone). A refusal is stored on the import for the
    page and not raised again."""
    job = job_model.objects.select_related("organization").filter(pk=pk).first()
    if job is None:
        logger.warning("%s: import %s is gone", task_name, pk)
        return {}
    applied_by = None
    if job.applied_by_id is not None:
        applied_by = get_user_model().objects.filter(pk=job.applied_by_id).first()
    try:
        applied = apply(applied_by or SYSTEM, job)
    except DomainError as error:
        logger.warning("%s: import %s refused: %s", task_name, pk, error.message)
        return {}
    return applied.summary["counts"]

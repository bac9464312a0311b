"""Starting and cancelling a synthesis run; the work itself runs as a task."""

from django.db import transaction
from django.utils.translation import gettext as _

from chuyende.common import audit
from chuyende.common.errors import DomainError, NotAllowed

from ..enums import RunStatus
from ..models import Consultation, SynthesisRun
from ..rules import can_handle_comments
from .handling import handling_partition


def start_synthesis(*, actor, consultation: Consultation) -> SynthesisRun:
    """Queues a synthesis run (counts and near-duplicate groups). With no worker configured the
    task runs inline, so the returned run may already be done."""
    from ..tasks import anchor, synthesize

    if not can_handle_comments(actor, consultation):
        raise NotAllowed(_("Chỉ văn phòng của tổ chức mới được tổng hợp ý kiến."))
    busy = consultation.runs.filter(status__in=[RunStatus.QUEUED, RunStatus.RUNNING]).exists()
    if busy:
        raise DomainError(_("Một lần tổng hợp đang chạy; hãy chờ hoặc huỷ trước khi chạy lại."))
    with transaction.atomic():
        run = SynthesisRun.objects.create(consultation=consultation)
        audit.record("synthesis.start", run, actor=actor, partition=handling_partition(consultation))
        transaction.on_commit(lambda: synthesize.enqueue(run.pk))
        transaction.on_commit(lambda: anchor.enqueue(consultation.pk))
    return run


def cancel_synthesis(*, actor, run: SynthesisRun) -> SynthesisRun:
    """Asks a queued or running synthesis to stop at its next batch."""
    if not can_handle_comments(actor, run.consultation):
        raise NotAllowed(_("Chỉ văn phòng của tổ chức mới được huỷ tổng hợp."))
    if run.status not in (RunStatus.QUEUED, RunStatus.RUNNING):
        raise DomainError(_("Lần tổng hợp này đã kết thúc."))
    with transaction.atomic():
        SynthesisRun.objects.filter(pk=run.pk).update(cancel_requested=True)
        run.cancel_requested = True
        audit.record("synthesis.cancel", run, actor=actor, partition=handling_partition(run.consultation))
    return run

"""Keeping the search index current: a record is indexed once the transaction that archives it
commits (a document issued, minutes approved, a paper version saved, a volume created), through a
task, so a search right after issuing finds it. The daily `index_archive_task` still sweeps up
anything missed (records written by a bulk import, a task that failed)."""

from django.db import transaction
from django.db.models.signals import post_save

from chuyende.documents.enums import DocumentState
from chuyende.documents.models import OfficialDocument
from chuyende.meetings.enums import MinutesState
from chuyende.meetings.models import Minutes
from chuyende.papers.models import PaperVersion

from ..models import ItemKind, Volume
from ..sources import PIN
from ..tasks import index_record_task


def _queue(key: str) -> None:
    transaction.on_commit(lambda: index_record_task.enqueue(key))


def _document_saved(sender, instance: OfficialDocument, update_fields=None, **kwargs) -> None:
    if instance.state == DocumentState.ISSUED and (update_fields is None or "state" in update_fields):
        _queue(f"{ItemKind.DOCUMENT}:{instance.pk}{PIN}")


def _minutes_saved(sender, instance: Minutes, update_fields=None, **kwargs) -> None:
    # Approval is a guarded UPDATE; the save that follows it stores the number and the frozen files.
    frozen = update_fields is None or {"state", "number_symbol"} & set(update_fields)
    if instance.state == MinutesState.APPROVED and frozen:
        _queue(f"{ItemKind.MINUTES}:{instance.pk}{PIN}")


def _version_saved(sender, instance: PaperVersion, created: bool = False, **kwargs) -> None:
    if created:
        _queue(f"{ItemKind.PAPER}:{instance.pk}")


def _volume_saved(sender, instance: Volume, **kwargs) -> None:
    _queue(f"{ItemKind.VOLUME}:{instance.pk}")


def connect() -> None:
    """Called once by the app config."""
    post_save.connect(_document_saved, sender=OfficialDocument, dispatch_uid="archive-index-document")
    post_save.connect(_minutes_saved, sender=Minutes, dispatch_uid="archive-index-minutes")
    post_save.connect(_version_saved, sender=PaperVersion, dispatch_uid="archive-index-paper")
    post_save.connect(_volume_saved, sender=Volume, dispatch_uid="archive-index-volume")

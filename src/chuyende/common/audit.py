"""The append-only, tamper-evident audit log.

Every domain write calls `record`. Entries form hash chains, one chain per *partition*: the
grassroots organization the object belongs to (or a consultation, for its comments). A chain's
head row is locked while an entry is appended, so writers in different partitions never wait for
each other; a million members commenting at once queue per consultation partition, not behind one
global "previous hash". `verify` recomputes every chain and names the first entry that does not
match: an altered row breaks its own hash, a removed row breaks the sequence or the next link, and
a removed tail no longer matches the head.
"""

import hashlib
import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from django.db import models, transaction
from django.utils import timezone

from .models import AuditChainHead, AuditEntry

GENESIS = "0" * 64
GLOBAL_PARTITION = "global"


def _canonical(value: Any) -> Any:
    """JSON-safe form of a changed value (dates, decimals, model instances become strings)."""
    if isinstance(value, models.Model):
        return str(value.pk)
    if isinstance(value, Mapping):
        return {str(k): _canonical(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set):
        return [_canonical(v) for v in value]
    if value is None or isinstance(value, bool | int | float | str):
        return value
    return str(value)


def entry_hash(entry: AuditEntry) -> str:
    payload = {
        "partition": entry.partition,
        "seq": entry.seq,
        "created_at": entry.created_at.isoformat(),
        "actor": entry.actor_id,
        "actor_label": entry.actor_label,
        "action": entry.action,
        "object_type": entry.object_type,
        "object_id": entry.object_id,
        "object_repr": entry.object_repr,
        "changes": entry.changes,
        "prev_hash": entry.prev_hash,
    }
    encoded = json.dumps(payload, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(encoded.encode()).hexdigest()


def record(
    action: str,
    obj: models.Model,
    *,
    actor: Any,
    partition: str = GLOBAL_PARTITION,
    changes: Mapping[str, Any] | None = None,
) -> AuditEntry:
    """Appends an entry for `action` on `obj` to the chain of `partition`. Call inside the write's
    transaction, so the entry exists exactly when the change does."""
    with transaction.atomic():
        head, _ = AuditChainHead.objects.get_or_create(partition=partition, defaults={"hash": GENESIS})
        head = AuditChainHead.objects.select_for_update().get(partition=partition)
        is_user = actor is not None and getattr(actor, "is_authenticated", False)
        entry = AuditEntry(
            partition=partition,
            seq=head.seq + 1,
            created_at=timezone.now(),
            actor=actor if is_user else None,
            actor_label=(actor.get_username() if is_user else str(actor or "hệ thống"))[:200],
            action=action,
            object_type=obj._meta.label_lower,
            object_id=str(obj.pk),
            object_repr=str(obj)[:300],
            changes=_canonical(dict(changes or {})),
            prev_hash=head.hash,
        )
        entry.hash = entry_hash(entry)
        entry.save()
        AuditChainHead.objects.filter(partition=partition).update(seq=entry.seq, hash=entry.hash)
    return entry


def diff(instance: models.Model, before: Mapping[str, Any], fields: list[str]) -> dict[str, list[Any]]:
    """{field: [old, new]} for the fields whose value changed since `before` was taken."""
    changed = {}
    for field in fields:
        new = getattr(instance, field)
        if before.get(field) != new:
            changed[field] = [_canonical(before.get(field)), _canonical(new)]
    return changed


@dataclass(frozen=True)
class ChainProblem:
    partition: str
    seq: int
    entry_id: int | None
    reason: str

    def __str__(self) -> str:
        where = f"entry id {self.entry_id}" if self.entry_id else "end of chain"
        return f"chain {self.partition}, seq {self.seq} ({where}): {self.reason}"


def _verify_partition(partition: str, head: AuditChainHead | None) -> ChainProblem | None:
    expected_seq, prev = 1, GENESIS
    entries: Iterator[AuditEntry] = (
        AuditEntry.objects.filter(partition=partition).order_by("seq").iterator(chunk_size=2000)
    )
    for entry in entries:
        if entry.seq != expected_seq:
            return ChainProblem(partition, expected_seq, entry.id, f"entry {expected_seq} is missing")
        if entry.prev_hash != prev:
            return ChainProblem(partition, entry.seq, entry.id, "link to the previous entry is broken")
        if entry_hash(entry) != entry.hash:
            return ChainProblem(partition, entry.seq, entry.id, "entry was altered after it was written")
        prev, expected_seq = entry.hash, expected_seq + 1
    last_seq = expected_seq - 1
    if head is None or head.seq != last_seq or head.hash != prev:
        return ChainProblem(partition, last_seq + 1, None, "entries after this point were removed")
    return None


def verify() -> tuple[int, list[ChainProblem]]:
    """Checks every chain; returns (entries checked, first problem of each broken chain)."""
    heads = {h.partition: h for h in AuditChainHead.objects.all()}
    partitions = set(heads) | set(AuditEntry.objects.values_list("partition", flat=True).distinct())
    problems = [p for p in (_verify_partition(name, heads.get(name)) for name in sorted(partitions)) if p]
    return AuditEntry.objects.count(), problems

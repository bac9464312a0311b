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
import hmac
import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from django.db import models, transaction
from django.utils import timezone

from . import checkpoints
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


def _lock_head(partition: str) -> AuditChainHead:
    """The chain's head row, locked until the transaction ends (created at a partition's first
    entry). One query for a chain that exists (every append but a partition's first)."""
    head = AuditChainHead.objects.select_for_update().filter(partition=partition).first()
    if head is None:
        AuditChainHead.objects.get_or_create(partition=partition, defaults={"hash": GENESIS})
        head = AuditChainHead.objects.select_for_update().get(partition=partition)
    return head


def _chain(entry: AuditEntry, prev_hash: str, seq: int, key: bytes | None) -> AuditEntry:
    entry.seq, entry.prev_hash = seq, prev_hash
    entry.hash = entry_hash(entry)
    entry.mac = checkpoints.seal(key, entry.hash) if key else ""
    return entry


def _entry(action: str, obj: models.Model, *, actor: Any, partition: str, changes) -> AuditEntry:
    """An entry not yet linked into its chain (no seq, previous hash or hash)."""
    is_user = actor is not None and getattr(actor, "is_authenticated", False)
    return AuditEntry(
        partition=partition,
        created_at=timezone.now(),
        actor=actor if is_user else None,
        actor_label=(actor.get_username() if is_user else str(actor or "hệ thống"))[:200],
        action=action,
        object_type=obj._meta.label_lower,
        object_id=str(obj.pk),
        object_repr=str(obj)[:300],
        changes=_canonical(dict(changes or {})),
    )


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
        head = _lock_head(partition)
        entry = _entry(action, obj, actor=actor, partition=partition, changes=changes)
        _chain(entry, head.hash, head.seq + 1, checkpoints.mac_key())
        entry.save()
        AuditChainHead.objects.filter(partition=partition).update(seq=entry.seq, hash=entry.hash)
    return entry


@dataclass(frozen=True)
class Pending:
    """One entry for `record_many`: what `record` takes, with its partition."""

    action: str
    obj: models.Model
    partition: str
    changes: Mapping[str, Any] | None = None


def record_many(items: list[Pending], *, actor: Any) -> list[AuditEntry]:
    """Appends many entries at once (a chunk of an import): the same entries, in the same order
    within each chain, as calling `record` for each item — but each chain's head is locked once,
    the entries are inserted together and the head moves once. Heads are locked in partition
    order, so two batches touching the same chains cannot deadlock. Call inside the write's
    transaction."""
    by_partition: dict[str, list[AuditEntry]] = {}
    for item in items:
        entry = _entry(item.action, item.obj, actor=actor, partition=item.partition, changes=item.changes)
        by_partition.setdefault(item.partition, []).append(entry)
    key = checkpoints.mac_key()
    written: list[AuditEntry] = []
    with transaction.atomic():
        for partition in sorted(by_partition):
            head = _lock_head(partition)
            prev_hash, seq = head.hash, head.seq
            for entry in by_partition[partition]:
                seq += 1
                prev_hash = _chain(entry, prev_hash, seq, key).hash
            written += AuditEntry.objects.bulk_create(by_partition[partition], batch_size=500)
            AuditChainHead.objects.filter(partition=partition).update(seq=seq, hash=prev_hash)
    return written


def set_fields(instance: models.Model, changes: Mapping[str, Any], fields) -> dict[str, Any]:
    """Sets `changes` on `instance` and returns the values of `fields` before (for `diff`); a name
    outside `fields` is a programming error, not a user's."""
    unknown = set(changes) - set(fields)
    if unknown:
        raise TypeError(f"unknown {instance._meta.model_name} fields: {sorted(unknown)}")
    before = {field: getattr(instance, field) for field in fields}
    for field, value in changes.items():
        setattr(instance, field, value)
    return before


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
        where = f"entry id {self.entry_id}" if self.entry_id else "no entry"
        return f"chain {self.partition}, seq {self.seq} ({where}): {self.reason}"


def _verify_partition(
    partition: str,
    head: AuditChainHead | None,
    anchor: checkpoints.Anchor | None,
    checkpoint: checkpoints.Checkpoint | None,
    key: bytes | None,
) -> ChainProblem | None:
    """The first problem of one chain, or None. Checks, entry by entry: the sequence has no gap,
    each entry links to the previous one, its hash matches its content, its keyed seal matches
    (when the key is known and the entry must carry one), and at the checkpoint's sequence number
    the hash equals the signed one; then that the chain reaches the checkpoint and ends at the head."""
    expected_seq, prev = 1, GENESIS
    sealed_from = anchor.sealed_from if anchor else None
    must_seal_after = anchor.seq if anchor and checkpoint and checkpoint.sealed else None
    if anchor is None and checkpoint is not None and checkpoint.sealed:
        must_seal_after = 0  # a partition born after the checkpoint was sealed from its first entry
    seen_seal = False
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
        if key is not None:
            required = (
                seen_seal
                or (sealed_from is not None and entry.seq >= sealed_from)
                or (must_seal_after is not None and entry.seq > must_seal_after)
            )
            if required and not entry.mac:
                return ChainProblem(partition, entry.seq, entry.id, "entry's keyed seal was removed")
            if entry.mac:
                if not hmac.compare_digest(entry.mac, checkpoints.seal(key, entry.hash)):
                    return ChainProblem(
                        partition, entry.seq, entry.id,
                        "entry was rewritten: its keyed seal does not match (hash recomputed without the key)",
                    )  # fmt: skip
                seen_seal = True
        if anchor is not None and entry.seq == anchor.seq and entry.hash != anchor.hash:
            return ChainProblem(
                partition, entry.seq, entry.id,
                f"chain differs from the signed {checkpoint.label if checkpoint else 'checkpoint'}: "
                "this entry or an earlier one was rewritten",
            )  # fmt: skip
        prev, expected_seq = entry.hash, expected_seq + 1
    last_seq = expected_seq - 1
    if anchor is not None and last_seq < anchor.seq:
        return ChainProblem(
            partition, last_seq + 1, None,
            f"entries {last_seq + 1} to {anchor.seq} were removed: the signed "
            f"{checkpoint.label if checkpoint else 'checkpoint'} records {anchor.seq} entries",
        )  # fmt: skip
    if head is None or head.seq != last_seq or head.hash != prev:
        return ChainProblem(partition, last_seq + 1, None, "entries after this point were removed")
    return None


@dataclass
class Verification:
    checked: int
    problems: list[ChainProblem]
    checkpoint: checkpoints.Checkpoint | None
    notes: list[str]


def verify_against_checkpoint(
    directory=None, checkpoint: checkpoints.Checkpoint | None = None
) -> Verification:
    """Checks every chain against the latest valid signed checkpoint (or `checkpoint`); returns
    the first problem of EVERY broken chain, not only the first one found, and a note for each
    file in the checkpoint directory that is not a valid signed checkpoint."""
    notes: list[str] = []
    if checkpoint is None:
        checkpoint, notes = checkpoints.latest_checkpoint(directory)
    key = checkpoints.mac_key()
    heads = {h.partition: h for h in AuditChainHead.objects.all()}
    anchors = checkpoint.heads if checkpoint else {}
    partitions = (
        set(heads) | set(anchors) | set(AuditEntry.objects.values_list("partition", flat=True).distinct())
    )
    problems = [
        p
        for p in (
            _verify_partition(name, heads.get(name), anchors.get(name), checkpoint, key)
            for name in sorted(partitions)
        )
        if p
    ]
    return Verification(AuditEntry.objects.count(), problems, checkpoint, notes)


def verify(directory=None) -> tuple[int, list[ChainProblem]]:
    """Checks every chain; returns (entries checked, first problem of each broken chain)."""
    result = verify_against_checkpoint(directory)
    return result.checked, result.problems

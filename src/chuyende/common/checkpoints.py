"""Signed checkpoints of the audit chains, kept outside the database.

The hash chains in `common.audit` show a change made by someone who cannot also recompute the
chain. A database administrator can: rewrite a row and every later row and the head, cut the tail
and move the head back, or delete a row and renumber the rest. Two things close that gap, both
resting on one secret, `CHUYENDE_AUDIT_KEY` (an Ed25519 private key from the environment of the
application servers, never stored in the database):

* every entry carries a keyed seal (`AuditEntry.mac`, an HMAC of its hash under a key derived
  from the secret), so a rewritten or renumbered entry no longer matches its seal and the first
  such entry is named exactly;
* a *checkpoint* lists the head (sequence number and hash) of every partition, is signed with the
  key, and is written to a directory outside the database (`CHUYENDE_AUDIT_CHECKPOINT_DIR`, never
  overwritten; the operator makes it append-only) and e-mailed through the outbox to named
  recipients (`CHUYENDE_AUDIT_CHECKPOINT_RECIPIENTS`). A cut tail falls short of the checkpoint.

`chuyende audit_checkpoint` writes one on demand, `chuyende daily` once a day, and
`chuyende verify_audit` checks the chains against the latest valid checkpoint.
"""

import base64
import hashlib
import hmac
import json
import os
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db.models import Min
from django.utils import timezone

from .models import AuditChainHead, AuditEntry

FORMAT = "chuyende-audit-checkpoint/1"
FILE_PREFIX = "checkpoint-"


class CheckpointError(Exception):
    """A checkpoint cannot be written or read (no key, no directory, a broken chain)."""


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode().rstrip("=")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def generate_key() -> str:
    """A new secret for CHUYENDE_AUDIT_KEY (the 32-byte Ed25519 seed, base64url)."""
    return _b64(os.urandom(32))


def parse_key(text: str) -> Ed25519PrivateKey:
    try:
        seed = _unb64(text.strip())
    except (ValueError, TypeError):
        seed = b""
    if len(seed) != 32:
        raise ImproperlyConfigured(
            "CHUYENDE_AUDIT_KEY must be 32 bytes in base64url (make one with `chuyende audit_checkpoint --new-key`)"
        )
    return Ed25519PrivateKey.from_private_bytes(seed)


def signing_key() -> Ed25519PrivateKey | None:
    text = getattr(settings, "CHUYENDE_AUDIT_KEY", "")
    return parse_key(text) if text else None


def public_key_text(key: Ed25519PrivateKey) -> str:
    from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

    return _b64(key.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw))


def verify_key() -> Ed25519PublicKey | None:
    """The key checkpoints are checked with: CHUYENDE_AUDIT_PUBLIC_KEY when set (a verifier that
    must not hold the secret), otherwise the public half of CHUYENDE_AUDIT_KEY."""
    text = getattr(settings, "CHUYENDE_AUDIT_PUBLIC_KEY", "")
    if text:
        try:
            return Ed25519PublicKey.from_public_bytes(_unb64(text.strip()))
        except ValueError:
            raise ImproperlyConfigured("CHUYENDE_AUDIT_PUBLIC_KEY is not an Ed25519 public key") from None
    key = signing_key()
    return key.public_key() if key else None


def _mac_key(key: Ed25519PrivateKey) -> bytes:
    from cryptography.hazmat.primitives.serialization import Encoding, NoEncryption, PrivateFormat

    seed = key.private_bytes(Encoding.Raw, PrivateFormat.Raw, NoEncryption())
    return hashlib.sha256(b"chuyende audit entry seal\x00" + seed).digest()


_MAC_KEY_CACHE: dict[str, bytes] = {}


def mac_key() -> bytes | None:
    """The HMAC key for entry seals, derived from CHUYENDE_AUDIT_KEY (None when it is not set)."""
    text = getattr(settings, "CHUYENDE_AUDIT_KEY", "")
    if not text:
        return None
    if text not in _MAC_KEY_CACHE:
        _MAC_KEY_CACHE.clear()
        _MAC_KEY_CACHE[text] = _mac_key(parse_key(text))
    return _MAC_KEY_CACHE[text]


def seal(key: bytes, entry_hash: str) -> str:
    return hmac.new(key, entry_hash.encode(), hashlib.sha256).hexdigest()


def _canonical_bytes(payload: dict) -> bytes:
    return json.dumps(payload, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode()


@dataclass(frozen=True)
class Anchor:
    """One partition's head as a checkpoint recorded it."""

    seq: int
    hash: str
    sealed_from: int | None  # the first sequence number that carried a seal, if any


@dataclass(frozen=True)
class Checkpoint:
    number: int
    created_at: str
    path: Path | None
    heads: dict[str, Anchor]
    sealed: bool  # entries written after it must carry a seal

    @property
    def label(self) -> str:
        return f"checkpoint {self.number} of {self.created_at}"


def _directory() -> Path | None:
    value = getattr(settings, "CHUYENDE_AUDIT_CHECKPOINT_DIR", "")
    return Path(value) if value else None


def _payload(number: int, previous_digest: str) -> dict[str, Any]:
    sealed_from = dict(
        AuditEntry.objects.exclude(mac="")
        .values("partition")
        .annotate(first=Min("seq"))
        .values_list("partition", "first")
    )
    heads = {
        head.partition: {"seq": head.seq, "hash": head.hash, "sealed_from": sealed_from.get(head.partition)}
        for head in AuditChainHead.objects.order_by("partition")
    }
    return {
        "format": FORMAT,
        "number": number,
        "created_at": timezone.now().isoformat(),
        "previous": previous_digest,
        "sealed": True,
        "heads": heads,
    }


def _parse(document: dict, path: Path | None) -> Checkpoint:
    payload = document["payload"]
    heads = {
        name: Anchor(int(h["seq"]), str(h["hash"]), h.get("sealed_from"))
        for name, h in payload["heads"].items()
    }
    return Checkpoint(
        int(payload["number"]), str(payload["created_at"]), path, heads, bool(payload["sealed"])
    )


def read_checkpoint(path: Path, key: Ed25519PublicKey) -> Checkpoint:
    """Reads one checkpoint file and checks its signature; raises CheckpointError if it is not
    a checkpoint signed with `key`."""
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
        signature = _unb64(document["signature"])
        key.verify(signature, _canonical_bytes(document["payload"]))
        if document["payload"].get("format") != FORMAT:
            raise ValueError("unknown format")
        return _parse(document, path)
    except InvalidSignature:
        raise CheckpointError(f"{path.name}: the signature does not match the audit key") from None
    except (OSError, ValueError, KeyError, TypeError) as error:
        raise CheckpointError(f"{path.name}: not a readable checkpoint ({error})") from None


def checkpoint_files(directory: Path) -> list[Path]:
    return sorted(directory.glob(f"{FILE_PREFIX}*.json"))


def latest_checkpoint(directory: Path | None = None) -> tuple[Checkpoint | None, list[str]]:
    """The valid checkpoint with the highest number in the directory, and a note for every file
    there that is not a valid signed checkpoint (someone tampered with the directory)."""
    directory = directory or _directory()
    key = verify_key()
    if directory is None or key is None or not directory.is_dir():
        return None, []
    best, notes = None, []
    for path in checkpoint_files(directory):
        try:
            checkpoint = read_checkpoint(path, key)
        except CheckpointError as error:
            notes.append(str(error))
            continue
        if best is None or checkpoint.number > best.number:
            best = checkpoint
    return best, notes


def write_checkpoint(*, directory: Path | None = None, recipients: list[str] | None = None) -> Path:
    """Verifies every chain, signs the heads of all partitions and writes them as a new file in
    the checkpoint directory (never overwriting one); queues a copy to each recipient through the
    outbox. Refuses while any chain is broken: signing a broken chain would bless it."""
    from . import audit

    key = signing_key()
    if key is None:
        raise CheckpointError("CHUYENDE_AUDIT_KEY is not set: checkpoints cannot be signed")
    directory = directory or _directory()
    if directory is None:
        raise CheckpointError("CHUYENDE_AUDIT_CHECKPOINT_DIR is not set")
    directory.mkdir(parents=True, exist_ok=True)
    _checked, problems = audit.verify(directory=directory)
    if problems:
        raise CheckpointError(
            "the audit log is not intact, no checkpoint written: " + "; ".join(str(p) for p in problems)
        )
    files = checkpoint_files(directory)
    previous_digest = hashlib.sha256(files[-1].read_bytes()).hexdigest() if files else ""
    latest, _notes = latest_checkpoint(directory)
    number = (latest.number if latest else 0) + 1
    payload = _payload(number, previous_digest)
    document = {
        "payload": payload,
        "signature": _b64(key.sign(_canonical_bytes(payload))),
        "public_key": public_key_text(key),
    }
    stamp = datetime.fromisoformat(payload["created_at"]).strftime("%Y%m%dT%H%M%S")
    path = directory / f"{FILE_PREFIX}{number:08d}-{stamp}.json"
    text = json.dumps(document, ensure_ascii=False, indent=1, sort_keys=True)
    # O_EXCL: a checkpoint file is created once and never rewritten, even by a second run.
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o444)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(text)
        handle.flush()
        os.fsync(handle.fileno())
    recipients = (
        getattr(settings, "CHUYENDE_AUDIT_CHECKPOINT_RECIPIENTS", []) if recipients is None else recipients
    )
    if recipients:
        _mail(path.name, text, number, recipients)
    return path


def _mail(name: str, text: str, number: int, recipients: list[str]) -> None:
    """Released straight away: nobody needs to review an integrity record before it leaves, and
    a copy in someone else's mailbox is what makes it outlive the database."""
    from .models import OutboxMessage

    # The outbox's own foreign key names the organization model: common does not import orgs.
    organizations = OutboxMessage._meta.get_field("organization").related_model
    sender = organizations.objects.filter(parent__isnull=True).order_by("path").first()
    if sender is None:
        return
    now = timezone.now()
    OutboxMessage.objects.bulk_create(
        OutboxMessage(
            organization=sender,
            to_email=address,
            subject=f"[chuyende] Điểm kiểm chứng nhật ký số {number} ({name})",
            body=text,
            topic=f"audit.checkpoint:{number}",
            status=OutboxMessage.Status.RELEASED,
            released_at=now,
        )
        for address in recipients
    )

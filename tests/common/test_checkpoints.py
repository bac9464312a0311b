"""Signed checkpoints against a database administrator: each attack is made with plain SQL on the
test database (a copy), recomputing the unkeyed hashes as the administrator can, and
verify_audit must name the right partition and the first bad entry."""

import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from chuyende.common import audit, checkpoints
from chuyende.common.actors import SYSTEM
from chuyende.common.models import AuditChainHead, AuditEntry, OutboxMessage
from tests import factories as f

pytestmark = pytest.mark.django_db

KEY = "qf1ayJXkU5LHvoU1aqY2SUuLbZ6UFjNrORgzeuMOgaU"


@pytest.fixture
def keyed(settings, tmp_path):
    settings.CHUYENDE_AUDIT_KEY = KEY
    settings.CHUYENDE_AUDIT_CHECKPOINT_DIR = str(tmp_path / "checkpoints")
    settings.CHUYENDE_AUDIT_CHECKPOINT_RECIPIENTS = ["kiemtra@example.vn", "thanhtra@example.vn"]
    return tmp_path / "checkpoints"


def _chain(org, partition, n):
    for i in range(n):
        audit.record("test.touch", org, actor=SYSTEM, partition=partition, changes={"i": i})


def _world():
    org = f.organization(name="Đảng bộ kiểm tra")  # writes its own entry in its org partition
    _chain(org, "org:a", 6)
    _chain(org, "org:b", 3)
    _chain(org, "org:c", 4)
    return org


def _rechain_from(partition, seq):
    """What an administrator without the key can do: recompute hash and link of every entry from
    `seq` on, and move the head to the new last entry."""
    prev = AuditEntry.objects.get(partition=partition, seq=seq - 1).hash if seq > 1 else audit.GENESIS
    with connection.cursor() as cursor:
        for entry in AuditEntry.objects.filter(partition=partition, seq__gte=seq).order_by("seq"):
            entry.prev_hash = prev
            new_hash = audit.entry_hash(entry)
            cursor.execute(
                "UPDATE common_auditentry SET prev_hash = %s, hash = %s WHERE id = %s",
                [prev, new_hash, entry.id],
            )
            prev = new_hash
        last = AuditEntry.objects.filter(partition=partition).order_by("-seq").first()
        cursor.execute(
            "UPDATE common_auditchainhead SET seq = %s, hash = %s WHERE partition = %s",
            [last.seq, last.hash, partition],
        )


def _rewrite_row_and_everything_after(partition, seq):
    target = AuditEntry.objects.get(partition=partition, seq=seq)
    with connection.cursor() as cursor:
        cursor.execute("UPDATE common_auditentry SET changes = %s WHERE id = %s", ['{"i": 999}', target.id])
    _rechain_from(partition, seq)
    return target.id


def _cut_tail(partition, keep):
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM common_auditentry WHERE partition = %s AND seq > %s", [partition, keep])
        last = AuditEntry.objects.get(partition=partition, seq=keep)
        cursor.execute(
            "UPDATE common_auditchainhead SET seq = %s, hash = %s WHERE partition = %s",
            [keep, last.hash, partition],
        )


def _delete_and_renumber(partition, seq):
    doomed = AuditEntry.objects.get(partition=partition, seq=seq)
    later = list(AuditEntry.objects.filter(partition=partition, seq__gt=seq).order_by("seq"))
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM common_auditentry WHERE id = %s", [doomed.id])
        for entry in later:
            cursor.execute("UPDATE common_auditentry SET seq = %s WHERE id = %s", [entry.seq - 1, entry.id])
    _rechain_from(partition, seq)
    return later[0].id


def _problems():
    return [(p.partition, p.seq, p.entry_id, p.reason) for p in audit.verify()[1]]


SEAL = "entry was rewritten: its keyed seal does not match (hash recomputed without the key)"


def test_checkpoint_is_signed_written_once_and_mailed(keyed):
    _world()
    path = checkpoints.write_checkpoint()
    assert path.parent == keyed
    assert path.name.startswith("checkpoint-00000001-")
    document = json.loads(path.read_text())
    heads = document["payload"]["heads"]
    [own] = set(AuditEntry.objects.values_list("partition", flat=True)) - {"org:a", "org:b", "org:c"}
    own_count = AuditEntry.objects.filter(partition=own).count()
    assert {name: (h["seq"], h["sealed_from"]) for name, h in heads.items()} == {
        "org:a": (6, 1),
        "org:b": (3, 1),
        "org:c": (4, 1),
        own: (own_count, 1),
    }
    assert heads["org:a"]["hash"] == AuditChainHead.objects.get(partition="org:a").hash
    checkpoint = checkpoints.read_checkpoint(path, checkpoints.verify_key())
    assert checkpoint.number == 1
    mails = OutboxMessage.objects.filter(topic="audit.checkpoint:1").order_by("to_email")
    assert [(m.to_email, m.status) for m in mails] == [
        ("kiemtra@example.vn", OutboxMessage.Status.RELEASED),
        ("thanhtra@example.vn", OutboxMessage.Status.RELEASED),
    ]
    assert mails[0].body == path.read_text()
    second = checkpoints.write_checkpoint()
    assert second.name.startswith("checkpoint-00000002-")
    assert json.loads(second.read_text())["payload"]["previous"] != ""


def test_every_entry_carries_a_keyed_seal(keyed):
    _world()
    key = checkpoints.mac_key()
    assert all(e.mac == checkpoints.seal(key, e.hash) for e in AuditEntry.objects.all())


def test_the_three_database_attacks_are_each_named_with_their_partition(keyed, capsys):
    org = _world()
    checkpoints.write_checkpoint()
    _chain(org, "org:a", 2)  # written after the checkpoint: seq 7 and 8
    rewritten = _rewrite_row_and_everything_after("org:a", 2)
    _cut_tail("org:b", keep=1)
    renumbered = _delete_and_renumber("org:c", 2)

    assert audit.verify_against_checkpoint().checkpoint.number == 1
    assert _problems() == [
        ("org:a", 2, rewritten, SEAL),
        (
            "org:b", 2, None,
            "entries 2 to 3 were removed: the signed checkpoint 1 of "
            f"{audit.verify_against_checkpoint().checkpoint.created_at} records 3 entries",
        ),
        ("org:c", 2, renumbered, SEAL),
    ]  # fmt: skip
    with pytest.raises(CommandError, match=r"3 broken chain\(s\)"):
        call_command("verify_audit")
    err = capsys.readouterr().err.splitlines()
    assert [line.split(":")[0] for line in err] == ["BAD chain org", "BAD chain org", "BAD chain org"]
    assert err[0].startswith(f"BAD chain org:a, seq 2 (entry id {rewritten})")
    assert err[2].startswith(f"BAD chain org:c, seq 2 (entry id {renumbered})")


def test_blanking_the_seals_does_not_hide_a_rewrite(keyed):
    _world()
    checkpoints.write_checkpoint()
    rewritten = _rewrite_row_and_everything_after("org:a", 3)
    with connection.cursor() as cursor:
        cursor.execute("UPDATE common_auditentry SET mac = '' WHERE partition = 'org:a' AND seq >= 3")
    assert _problems() == [("org:a", 3, rewritten, "entry's keyed seal was removed")]


def test_without_seals_the_checkpoint_still_catches_a_rewrite(keyed, settings):
    settings.CHUYENDE_AUDIT_KEY = ""  # entries written before the key was configured
    org = _world()
    settings.CHUYENDE_AUDIT_KEY = KEY
    checkpoints.write_checkpoint()
    _chain(org, "org:a", 1)
    _rewrite_row_and_everything_after("org:a", 2)
    at_checkpoint = AuditEntry.objects.get(partition="org:a", seq=6).id
    [problem] = audit.verify()[1]
    assert (problem.partition, problem.seq, problem.entry_id) == ("org:a", 6, at_checkpoint)
    assert problem.reason.startswith("chain differs from the signed checkpoint 1 of ")


def test_a_forged_checkpoint_file_is_reported_and_ignored(keyed):
    _world()
    path = checkpoints.write_checkpoint()
    document = json.loads(path.read_text())
    document["payload"]["heads"]["org:b"]["seq"] = 1
    forged = keyed / "checkpoint-00000009-20990101T000000.json"
    forged.write_text(json.dumps(document))
    result = audit.verify_against_checkpoint()
    assert result.checkpoint.number == 1
    assert result.problems == []
    assert result.notes == [f"{forged.name}: the signature does not match the audit key"]
    with pytest.raises(CommandError, match=r"0 broken chain\(s\), 1 invalid checkpoint file\(s\)"):
        call_command("verify_audit")


def test_no_checkpoint_is_signed_over_a_broken_chain(keyed):
    _world()
    _rewrite_row_and_everything_after("org:b", 2)
    with pytest.raises(checkpoints.CheckpointError, match="org:b, seq 2"):
        checkpoints.write_checkpoint()
    assert list(keyed.glob("*.json")) == []


def test_command_writes_a_checkpoint_and_verify_uses_it(keyed, capsys):
    _world()
    call_command("audit_checkpoint")
    out = capsys.readouterr().out
    assert out.startswith(f"checkpoint written: {keyed}/checkpoint-00000001-")
    call_command("verify_audit")
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith("against signed checkpoint 1 of ")
    assert out[1] == "OK: 14 entries verified"


def test_new_key_prints_a_usable_pair(capsys):
    call_command("audit_checkpoint", "--new-key")
    secret, public = capsys.readouterr().out.splitlines()
    key = checkpoints.parse_key(secret.removeprefix("CHUYENDE_AUDIT_KEY="))
    assert public == "CHUYENDE_AUDIT_PUBLIC_KEY=" + checkpoints.public_key_text(key)


def test_without_key_the_command_refuses(settings):
    settings.CHUYENDE_AUDIT_KEY = ""
    with pytest.raises(CommandError, match="CHUYENDE_AUDIT_KEY is not set"):
        call_command("audit_checkpoint")

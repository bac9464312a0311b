import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from chuyende.common import audit
from chuyende.common.actors import SYSTEM
from chuyende.common.models import AuditEntry
from chuyende.common.models.audit import AppendOnlyError
from tests import factories as f

pytestmark = pytest.mark.django_db


def _entries(n=3):
    org = f.organization(name="Đảng bộ thử")
    for i in range(n - 1):
        audit.record("test.touch", org, actor=SYSTEM, partition="org:test", changes={"i": i})
    return org


def test_each_write_appends_a_linked_entry():
    f.organization(name="Đảng bộ A")
    entry = AuditEntry.objects.get(action="organization.create")
    assert entry.seq == 1
    assert entry.prev_hash == audit.GENESIS
    assert entry.actor_label == "hệ thống"
    assert entry.changes["name"] == "Đảng bộ A"
    assert entry.hash == audit.entry_hash(entry)


def test_verify_reports_ok_on_untouched_chain(capsys):
    _entries(4)
    call_command("verify_audit")
    assert capsys.readouterr().out.strip() == "OK: 4 entries verified"


def test_orm_refuses_update_and_delete():
    _entries(2)
    entry = AuditEntry.objects.first()
    entry.action = "changed"
    with pytest.raises(AppendOnlyError):
        entry.save()
    with pytest.raises(AppendOnlyError):
        entry.delete()
    with pytest.raises(AppendOnlyError):
        AuditEntry.objects.all().delete()
    with pytest.raises(AppendOnlyError):
        AuditEntry.objects.update(action="x")


def test_verify_names_an_entry_altered_in_the_database():
    _entries(3)
    target = AuditEntry.objects.get(partition="org:test", seq=1)
    with connection.cursor() as cursor:
        cursor.execute("UPDATE common_auditentry SET changes = %s WHERE id = %s", ['{"i": 99}', target.id])
    checked, problems = audit.verify()
    assert checked == 3
    assert len(problems) == 1
    assert (problems[0].partition, problems[0].seq, problems[0].entry_id) == ("org:test", 1, target.id)
    assert problems[0].reason == "entry was altered after it was written"
    with pytest.raises(CommandError):
        call_command("verify_audit")


def test_verify_detects_a_removed_entry_in_the_middle_and_at_the_end():
    org = _entries(1)
    for i in range(3):
        audit.record("test.touch", org, actor=SYSTEM, partition="p", changes={"i": i})
    middle = AuditEntry.objects.get(partition="p", seq=2)
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM common_auditentry WHERE id = %s", [middle.id])
    problems = audit.verify()[1]
    assert [(p.partition, p.seq, p.reason) for p in problems] == [("p", 2, "entry 2 is missing")]

    last = AuditEntry.objects.get(partition="p", seq=3)
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM common_auditentry WHERE id = %s", [last.id])
    problems = audit.verify()[1]
    assert [(p.partition, p.seq, p.reason) for p in problems] == [
        ("p", 2, "entries after this point were removed")
    ]


def test_partitions_are_independent_chains():
    org = f.organization(name="Đảng bộ B")
    audit.record("x", org, actor=SYSTEM, partition="consultation:1")
    audit.record("x", org, actor=SYSTEM, partition="consultation:2")
    assert list(
        AuditEntry.objects.filter(partition__startswith="consultation").values_list("partition", "seq")
    ) == [
        ("consultation:1", 1),
        ("consultation:2", 1),
    ]


def test_record_many_appends_what_record_would_in_one_go(settings):
    """Entries of several partitions, interleaved: each chain continues from its head (an existing
    chain and a new one), in the given order, sealed with the key; `record` carries on after."""
    settings.CHUYENDE_AUDIT_KEY = "qf1ayJXkU5LHvoU1aqY2SUuLbZ6UFjNrORgzeuMOgaU"
    org = f.organization(name="Đảng bộ C")
    audit.record("before", org, actor=SYSTEM, partition="org:b")
    items = [audit.Pending(f"batch.{i}", org, "org:b" if i % 2 else "org:a", {"i": i}) for i in range(6)]
    with CaptureQueriesContext(connection) as captured:
        written = audit.record_many(items, actor=SYSTEM)
    assert len(written) == 6
    assert len(captured.captured_queries) <= 14  # heads and inserts per partition, not per entry
    audit.record("after", org, actor=SYSTEM, partition="org:b")
    chains = {
        partition: list(
            AuditEntry.objects.filter(partition=partition).order_by("seq").values_list("seq", "action")
        )
        for partition in ("org:a", "org:b")
    }
    assert chains == {
        "org:a": [(1, "batch.0"), (2, "batch.2"), (3, "batch.4")],
        "org:b": [(1, "before"), (2, "batch.1"), (3, "batch.3"), (4, "batch.5"), (5, "after")],
    }
    assert all(entry.mac for entry in AuditEntry.objects.filter(action__startswith="batch."))
    assert audit.verify()[1] == []

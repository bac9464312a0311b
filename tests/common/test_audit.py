import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

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

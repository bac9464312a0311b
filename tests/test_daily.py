import pytest
from django.core.management import call_command

from chuyende.common.models import OutboxMessage

pytestmark = pytest.mark.django_db

EXPECTED = [
    "send_reminder_digests: SUCCESSFUL",
    "scan_upcoming_meetings: SUCCESSFUL",
    "index_archive_task: SUCCESSFUL",
    "write_audit_checkpoint: SUCCESSFUL",
    "send_outbox: SUCCESSFUL",
]


def test_daily_round_runs_every_task_inline_and_twice_is_harmless(capsys):
    call_command("demo")
    capsys.readouterr()
    call_command("daily")
    assert capsys.readouterr().out.splitlines() == EXPECTED
    messages = OutboxMessage.objects.count()
    call_command("daily")
    assert capsys.readouterr().out.splitlines() == EXPECTED
    assert OutboxMessage.objects.count() == messages  # at most one digest per member per day

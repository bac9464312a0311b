from django.core.management.base import BaseCommand

# The daily round of background work, queued as tasks (run inline without a worker). Each task
# is idempotent for its day, so running the command twice does no harm.
DAILY_TASKS = [
    ("chuyende.commitments.tasks", "send_reminder_digests"),
    ("chuyende.meetings.tasks", "scan_upcoming_meetings"),
    ("chuyende.archive.tasks", "index_archive_task"),
    # Before send_outbox, so the checkpoint's e-mail copies leave in the same round.
    ("chuyende.common.tasks", "write_audit_checkpoint"),
    ("chuyende.common.tasks", "send_outbox"),
]


class Command(BaseCommand):
    help = (
        "Chạy các việc định kỳ hằng ngày: nhắc việc, kiểm tra lịch họp, cập nhật chỉ mục, gửi thư đã duyệt."
    )

    def handle(self, *args, **options):
        from importlib import import_module

        for module, name in DAILY_TASKS:
            outcome = getattr(import_module(module), name).enqueue()
            self.stdout.write(f"{name}: {outcome.status}")

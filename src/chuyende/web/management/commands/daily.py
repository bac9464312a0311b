from django.core.management.base import BaseCommand

from chuyende.archive.tasks import index_archive_task
from chuyende.commitments.tasks import send_reminder_digests
from chuyende.common.tasks import send_outbox, write_audit_checkpoint
from chuyende.meetings.tasks import scan_upcoming_meetings

# The daily round of background work, queued as tasks (run inline without a worker). Each task
# is idempotent for its day, so running the command twice does no harm. It lives in web, the top
# layer, because it reaches every step; common imports no app.
# The checkpoint comes before send_outbox, so its e-mail copies leave in the same round.
DAILY_TASKS = [
    send_reminder_digests,
    scan_upcoming_meetings,
    index_archive_task,
    write_audit_checkpoint,
    send_outbox,
]


class Command(BaseCommand):
    help = (
        "Chạy các việc định kỳ hằng ngày: nhắc việc, kiểm tra lịch họp, cập nhật chỉ mục, gửi thư đã duyệt."
    )

    def handle(self, *args, **options):
        for daily_task in DAILY_TASKS:
            outcome = daily_task.enqueue()
            self.stdout.write(f"{daily_task.name}: {outcome.status}")

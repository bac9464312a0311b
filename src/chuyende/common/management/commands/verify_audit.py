from django.core.management.base import BaseCommand, CommandError

from chuyende.common import audit


class Command(BaseCommand):
    help = "Kiểm tra tính toàn vẹn của nhật ký thao tác (chuỗi băm). Verifies the audit hash chains."

    def handle(self, *args, **options):
        checked, problems = audit.verify()
        if problems:
            for problem in problems:
                self.stderr.write(f"BAD {problem}")
            raise CommandError(f"audit log is NOT intact: {len(problems)} broken chain(s)")
        self.stdout.write(f"OK: {checked} entries verified")

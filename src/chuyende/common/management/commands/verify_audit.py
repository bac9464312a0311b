from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from chuyende.common import audit, checkpoints


class Command(BaseCommand):
    help = (
        "Kiểm tra tính toàn vẹn của nhật ký thao tác (chuỗi băm, dấu niêm phong, điểm kiểm chứng có chữ ký). "
        "Verifies the audit hash chains against the latest signed checkpoint."
    )

    def add_arguments(self, parser):
        parser.add_argument("--checkpoint", help="verify against this checkpoint file instead of the latest")

    def handle(self, *args, checkpoint=None, **options):
        chosen = None
        if checkpoint:
            key = checkpoints.verify_key()
            if key is None:
                raise CommandError("no audit key is configured to check the checkpoint's signature")
            try:
                chosen = checkpoints.read_checkpoint(Path(checkpoint), key)
            except checkpoints.CheckpointError as error:
                raise CommandError(str(error)) from None
        result = audit.verify_against_checkpoint(checkpoint=chosen)
        if result.checkpoint is not None:
            self.stdout.write(
                f"against signed {result.checkpoint.label} ({len(result.checkpoint.heads)} chains)"
            )
        elif checkpoints.verify_key() is None:
            self.stderr.write(
                "WARNING: no audit key configured; only the chains inside the database are checked"
            )
        else:
            self.stderr.write(
                "WARNING: no signed checkpoint found; only the chains inside the database are checked"
            )
        for note in result.notes:
            self.stderr.write(f"BAD checkpoint file {note}")
        for problem in result.problems:
            self.stderr.write(f"BAD {problem}")
        if result.problems or result.notes:
            raise CommandError(
                f"audit log is NOT intact: {len(result.problems)} broken chain(s), "
                f"{len(result.notes)} invalid checkpoint file(s)"
            )
        self.stdout.write(f"OK: {result.checked} entries verified")

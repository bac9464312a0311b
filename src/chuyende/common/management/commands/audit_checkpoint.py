from django.core.management.base import BaseCommand, CommandError

from chuyende.common import checkpoints


class Command(BaseCommand):
    help = (
        "Ghi một điểm kiểm chứng có chữ ký của nhật ký thao tác ra ngoài cơ sở dữ liệu. "
        "Signs the head of every audit chain into a new checkpoint file (and e-mails it)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--new-key", action="store_true", help="print a new CHUYENDE_AUDIT_KEY and exit")

    def handle(self, *args, new_key=False, **options):
        if new_key:
            key = checkpoints.generate_key()
            public = checkpoints.public_key_text(checkpoints.parse_key(key))
            self.stdout.write(f"CHUYENDE_AUDIT_KEY={key}\nCHUYENDE_AUDIT_PUBLIC_KEY={public}")
            return
        try:
            path = checkpoints.write_checkpoint()
        except checkpoints.CheckpointError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(f"checkpoint written: {path}")

import os
import shutil
import sys

from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = "Chạy ứng dụng bằng máy chủ WSGI production (granian). Serves chuyende with granian (WSGI)."

    def add_arguments(self, parser):
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--workers", type=int, default=2)
        parser.add_argument("--threads", type=int, default=8, help="blocking threads per worker")

    def handle(self, *args, host, port, workers, threads, **options):
        granian = shutil.which("granian", path=os.path.dirname(sys.executable)) or shutil.which("granian")
        if granian is None:
            raise CommandError("granian is not installed in this environment")
        self.stdout.write(f"chuyende: http://{host}:{port}/ ({workers} workers)")
        sys.stdout.flush()
        argv = [
            granian, "--interface", "wsgi", "--host", host, "--port", str(port),
            "--workers", str(workers), "--blocking-threads", str(threads), "--no-ws",
            "chuyende.wsgi:application",
        ]  # fmt: skip
        os.execv(granian, argv)

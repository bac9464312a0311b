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
        # Two threads per worker: the GIL lets one run Python at a time, the other overlaps database
        # waits. Measured with bench/bench_comments_load.py on 2 cores, 64 clients: 2 threads gave
        # 1,164 comments/s at p99 117 ms on PostgreSQL, 8 threads ~1,150/s at p99 ~160–190 ms.
        parser.add_argument("--threads", type=int, default=2, help="blocking threads per worker")

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

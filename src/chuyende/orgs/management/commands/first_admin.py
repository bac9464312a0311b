"""`chuyende first_admin`: the one step of an office starting from nothing that is not done in the
browser. When the database has no administrator yet it asks for one (Django's `createsuperuser`,
interactive on a terminal; `DJANGO_SUPERUSER_USERNAME` and `DJANGO_SUPERUSER_PASSWORD` answer it
without a terminal); when one exists it says so and does nothing. `make run DEMO=0` calls it."""

import os
import sys

from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Tạo tài khoản quản trị hệ thống đầu tiên khi cơ sở dữ liệu chưa có (không làm gì nếu đã có)."

    def add_arguments(self, parser):
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000, help="the port `serve` listens on")

    def handle(self, *args, host="127.0.0.1", port=8000, **options):
        base = f"http://{host}:{port}"
        admins = get_user_model().objects.filter(is_superuser=True, is_active=True)
        if admins.exists():
            names = ", ".join(admins.order_by("pk").values_list("username", flat=True)[:5])
            self.stdout.write(f"Đã có tài khoản quản trị hệ thống ({names}): đăng nhập tại {base}/dang-nhap/")
            return
        if os.environ.get("DJANGO_SUPERUSER_USERNAME") and os.environ.get("DJANGO_SUPERUSER_PASSWORD"):
            call_command(
                "createsuperuser", interactive=False, email=os.environ.get("DJANGO_SUPERUSER_EMAIL", "")
            )
        elif sys.stdin.isatty():
            self.stdout.write(
                "Cơ sở dữ liệu chưa có tài khoản quản trị hệ thống. Hãy tạo tài khoản đầu tiên:"
            )
            call_command("createsuperuser")
        else:
            self.stdout.write(
                "Cơ sở dữ liệu chưa có tài khoản quản trị hệ thống. Tạo tài khoản đầu tiên bằng lệnh:\n"
                "  .venv/bin/chuyende createsuperuser"
            )
            return
        self.stdout.write(
            f"Tiếp theo: đăng nhập tại {base}/dang-nhap/ bằng tài khoản vừa tạo; Trang chủ chỉ từng bước "
            "(cây tổ chức, đảng viên, vai trò, tài khoản). Xem docs/huong-dan-su-dung.md, mục "
            "“Bắt đầu từ cơ sở dữ liệu trống”."
        )

from django.core.management.base import BaseCommand

from chuyende.orgs.demo import DEMO_PASSWORD

LOGINS = [
    ("vanphong", "Cán bộ Văn phòng Đảng uỷ (Đặng Thị Mai)"),
    ("bithu", "Bí thư Đảng uỷ (Nguyễn Đức Thành, Phó Chủ tịch HĐND tỉnh)"),
    ("giamsat", "Đảng uỷ viên phụ trách chi bộ (Trần Văn Hùng, Uỷ viên Thường trực HĐND tỉnh)"),
    ("bithu-phapche", "Bí thư Chi bộ Phòng Nghiệp vụ Pháp chế (Võ Minh Tuấn)"),
    ("dangvien", "Đảng viên Chi bộ Phòng Nghiệp vụ Pháp chế (Huỳnh Thị Ngọc Ánh)"),
    ("quantri", "Quản trị hệ thống (trang /admin/)"),
]


class Command(BaseCommand):
    help = "In danh sách tài khoản minh hoạ."

    def handle(self, *args, **options):
        self.stdout.write(f"\nTài khoản minh hoạ (mật khẩu: {DEMO_PASSWORD}) — http://127.0.0.1:8000/")
        for username, who in LOGINS:
            self.stdout.write(f"  {username:<15} {who}")
        self.stdout.write("")

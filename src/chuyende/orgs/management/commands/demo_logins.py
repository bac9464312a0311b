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

    def add_arguments(self, parser):
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000, help="the port `serve` listens on")

    def handle(self, *args, host="127.0.0.1", port=8000, **options):
        base = f"http://{host}:{port}"
        self.stdout.write(f"\nTài khoản minh hoạ (mật khẩu: {DEMO_PASSWORD}) — {base}/")
        for username, who in LOGINS:
            self.stdout.write(f"  {username:<15} {who}")
        self.stdout.write(
            "Các đảng viên khác đã có tài khoản chưa kích hoạt: văn phòng in phiếu mã kích hoạt ở "
            f"{base}/to-chuc/ → chọn tổ chức → Cấp tài khoản; đảng viên kích hoạt ở {base}/kich-hoat/\n"
        )

"""The printed sheet of one-time activation codes of a cell, built once as a rendering `Document`
for both DOCX and PDF: the office prints it, the secretary hands each member their line."""

from datetime import date

from django.utils import timezone

from chuyende.common.dates import place_and_date
from chuyende.orgs.domain.accounts import IssuedCode
from chuyende.orgs.models import Organization

from .rendering.model import Document, Header, Heading, Paragraph, Table


def activation_sheet(cell: Organization, issued: list[IssuedCode], *, site_url: str, today: date) -> Document:
    """One row per member: name, user name, code and its expiry, and the steps to follow."""
    parent = cell.parent
    rows = [
        (
            str(index),
            row.member.full_name,
            row.username,
            row.code,
            f"{timezone.localtime(row.expires_at):%d/%m/%Y}",
        )
        for index, row in enumerate(issued, start=1)
    ]
    address = f"{site_url.rstrip('/')}/kich-hoat/"
    return Document(
        header=Header(
            superior_body=parent.header_name if parent else cell.superior_header_name,
            issuing_body=cell.header_name,
            number_symbol=None,
            place_and_date=place_and_date(cell.place_name, today),
        ),
        type_name="PHIẾU MÃ KÍCH HOẠT TÀI KHOẢN",
        summary=f"đảng viên {cell.name}",
        blocks=[
            Heading(1, "CÁCH KÍCH HOẠT"),
            Paragraph(f"Mở địa chỉ {address} trên điện thoại hoặc máy tính.", number="1."),
            Paragraph("Nhập tên đăng nhập và mã kích hoạt của đồng chí trong bảng dưới.", number="2."),
            Paragraph(
                "Tự đặt mật khẩu (ít nhất 8 ký tự, không chỉ gồm chữ số); văn phòng không biết mật khẩu này.",
                number="3.",
            ),
            Paragraph(
                "Mỗi mã chỉ dùng được một lần và hết hạn vào ngày ghi trong bảng. Cắt theo dòng và trao "
                "tận tay từng đồng chí; không gửi cả phiếu qua mạng.",
                style="quote",
            ),
            Table(
                columns=("TT", "Họ và tên", "Tên đăng nhập", "Mã kích hoạt", "Hạn dùng"),
                rows=rows or [("", "Không có đảng viên nào cần kích hoạt", "", "", "")],
                widths=(0.6, 3.2, 2, 2.2, 1.4),
            ),
        ],
        title=f"Phiếu mã kích hoạt — {cell.name}",
    )

"""The cell's year-end self-review report (BC) with its commitments and results, built once as a
rendering `Document` for both DOCX and PDF."""

from datetime import date

from django.db.models import Prefetch

from chuyende.common.dates import place_and_date
from chuyende.documents.rendering.model import Block, Document, Header, Heading, Paragraph, Signature, Table
from chuyende.orgs.enums import Role
from chuyende.orgs.models import Organization
from chuyende.orgs.rules import role_holder

from .enums import CommitmentState, ItemStatus
from .models import Commitment, CommitmentItem
from .status import derive_status


def year_end_report(cell: Organization, year: int, today: date) -> Document:
    """BC kiểm điểm of `cell` for `year`: a summary of results and a table of every item of the
    cell's approved commitments with deadline in that year, its progress and derived status."""
    commitments = (
        Commitment.objects.filter(cell=cell, state=CommitmentState.APPROVED)
        .select_related("owner_member")
        .prefetch_related(
            Prefetch(
                "items",
                CommitmentItem.objects.filter(withdrawn=False, deadline__year=year).order_by("position"),
            )
        )
        .order_by("owner_member__sort_key", "pk")
    )
    rows: list[tuple[str, ...]] = []
    counts = dict.fromkeys(ItemStatus, 0)
    for commitment in commitments:
        owner = commitment.owner_member.full_name if commitment.owner_member else "Tập thể chi bộ"
        for item in commitment.items.all():
            status = derive_status(deadline=item.deadline, accepted_percent=item.accepted_percent,
                                   verified=item.verified_at is not None, today=today)  # fmt: skip
            counts[status] += 1
            rows.append((str(len(rows) + 1), owner, item.shortcoming, item.remedy,
                         item.deadline.strftime("%d/%m/%Y"), f"{item.accepted_percent}%", str(status.label)))  # fmt: skip
    total = len(rows)
    finished = counts[ItemStatus.DONE] + counts[ItemStatus.VERIFIED]
    parent = cell.parent
    secretary = role_holder(cell, Role.SECRETARY, on=today)
    blocks: list[Block] = [
        Heading(1, "KẾT QUẢ THỰC HIỆN CAM KẾT KHẮC PHỤC", number="I."),
        Paragraph(
            f"Năm {year}, chi bộ và đảng viên có {total} nội dung cam kết khắc phục đã được phê duyệt; "
            f"đã hoàn thành {finished} nội dung (trong đó {counts[ItemStatus.VERIFIED]} nội dung đã được "
            f"cấp uỷ viên phụ trách xác minh), {counts[ItemStatus.OVERDUE]} nội dung quá hạn chưa hoàn thành, "
            f"{counts[ItemStatus.ON_TRACK] + counts[ItemStatus.DUE_SOON]} nội dung đang thực hiện."
        ),  # fmt: skip
        Heading(1, "HẠN CHẾ VÀ PHƯƠNG HƯỚNG KHẮC PHỤC", number="II."),
        Paragraph(
            "Những nội dung quá hạn được chuyển sang năm sau với thời hạn mới qua điều chỉnh cam kết; "
            "chi bộ tiếp tục theo dõi, đôn đốc hằng tháng."
        ),  # fmt: skip
    ]
    appendix: list[Block] = [
        Heading(1, "PHỤ LỤC: CÁC NỘI DUNG CAM KẾT VÀ KẾT QUẢ"),
        Table(
            columns=(
                "TT",
                "Người cam kết",
                "Hạn chế, khuyết điểm",
                "Biện pháp",
                "Thời hạn",
                "Tiến độ",
                "Kết quả",
            ),
            rows=rows or [("", "", "Không có nội dung cam kết", "", "", "", "")],
        ),
    ]
    return Document(
        header=Header(
            superior_body=parent.header_name if parent else cell.superior_header_name,
            issuing_body=cell.header_name,
            number_symbol=None,
            draft_symbol=f"BC/{cell.body_code}",
            place_and_date=place_and_date(cell.place_name, today),
        ),
        type_name="BÁO CÁO",
        summary=f"kiểm điểm, tự đánh giá kết quả thực hiện cam kết khắc phục năm {year}",
        blocks=blocks,
        signature=Signature(
            position="BÍ THƯ",
            name=secretary.full_name if secretary else "",
            authority=(f"T/M {cell.signing_authority or 'CHI BỘ'}",),
        ),  # fmt: skip
        recipients=("Đảng uỷ (để báo cáo)", "Lưu chi bộ"),
        appendix=appendix,
        title=f"Báo cáo kiểm điểm năm {year} — {cell.name}",
    )

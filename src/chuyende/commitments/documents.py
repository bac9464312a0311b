"""The cell's year-end self-review report (BC) with its commitments and results, built once as a
rendering `Document` for both DOCX and PDF."""

from datetime import date

from django.db.models import Prefetch

from chuyende.common.dates import place_and_date
from chuyende.documents.rendering.model import Block, Document, Header, Heading, Paragraph, Signature, Table
from chuyende.orgs.domain.signing import authority_lines, signers_for
from chuyende.orgs.models import Organization

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
    signer = next(iter(signers_for(cell, on=today)), None)
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
        Heading(1, "PHỤ LỤC", centred=True),
        Heading(1, "CÁC NỘI DUNG CAM KẾT VÀ KẾT QUẢ", centred=True),
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
            # The same naming of the superior body as every other paper of the cell (BB, KH…):
            # its recorded superior name ("ĐẢNG BỘ …"), not the committee's own ("ĐẢNG UỶ …").
            superior_body=cell.superior_header_name or (parent.header_name if parent else ""),
            issuing_body=cell.header_name,
            number_symbol=None,
            draft_symbol=f"BC/{cell.body_code}",
            place_and_date=place_and_date(cell.place_name, today),
        ),
        marks=("DỰ THẢO",),  # no number of the register: printed as a draft for the cell to issue
        type_name="BÁO CÁO",
        summary=f"kiểm điểm, tự đánh giá kết quả thực hiện cam kết khắc phục năm {year}",
        blocks=blocks,
        signature=Signature(
            position=signer.position if signer else "BÍ THƯ",
            name=signer.member.full_name if signer else "",
            authority=signer.authority if signer else authority_lines(cell, "T/M"),
        ),  # fmt: skip
        recipients=("Đảng uỷ (để báo cáo)", "Lưu chi bộ"),
        appendix=appendix,
        title=f"Báo cáo kiểm điểm năm {year} — {cell.name}",
    )

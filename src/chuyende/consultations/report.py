"""The report on the handling of comments ("Báo cáo tiếp thu, giải trình ý kiến góp ý"), built as a
document model (domain.md §4) and rendered to DOCX and PDF by the documents engine.

Structure: I. how the consultation ran; II. summary of comments by section; III. accepted comments
and the edits, rejected comments with the reason, comments kept for later; IV. recommendations;
appendix table TT | Nội dung dự thảo | Ý kiến góp ý | Tiếp thu / Không tiếp thu | Giải trình. One
appendix row per disposition (a group handled once is one row), with the number of comments it
covers, so the table matches the handled comments exactly.
"""

from typing import Any

from django.db.models import Count, Q
from django.utils import timezone

from chuyende.common.dates import place_and_date, vietnamese_date
from chuyende.documents.rendering.model import Block as RenderBlock
from chuyende.documents.rendering.model import Document, Header, Heading, Paragraph, Signature, Table

from .enums import Channel, CommentStatus, Decision, Stance
from .models import Block, Comment, Consultation, Disposition

ROW_NAMES = 3  # commenters named in an appendix row before "và n ý kiến khác"


def _block_text(blocks: dict[str, Block], uid: str) -> str:
    block = blocks.get(uid)
    return f"{block.label} {block.text}".strip() if block else "Toàn văn dự thảo"


def appendix_rows(consultation: Consultation) -> list[tuple[str, str, str, str, str, int]]:
    """(TT, draft text, comments, decision, explanation, comment count) for each disposition."""
    blocks = {b.uid: b for b in Block.objects.filter(version_id=consultation.version_id)}
    dispositions = (
        Disposition.objects.filter(consultation=consultation)
        .annotate(n=Count("comments", filter=Q(comments__status=CommentStatus.ACTIVE)))
        .filter(n__gt=0)
        .select_related("changed_version")
        .order_by("pk")
    )
    changed = {}
    for d in dispositions:
        if d.changed_block_uid:
            changed[d.pk] = Block.objects.filter(version=d.changed_version, uid=d.changed_block_uid).first()
    rows = []
    for index, disposition in enumerate(dispositions, start=1):
        sample = list(
            Comment.objects.filter(disposition=disposition, status=CommentStatus.ACTIVE)
            .select_related("member", "cell")
            .order_by("pk")[:ROW_NAMES]
        )
        who = [c.submitter_name or (c.member.full_name if c.member else "") or (c.cell.name if c.cell else "")
               for c in sample]  # fmt: skip
        if disposition.n > len(sample):
            who.append(f"và {disposition.n - len(sample)} ý kiến khác")
        text = (
            disposition.group.representative_text
            if disposition.group_id and disposition.group
            else sample[0].text
        )
        explanation = disposition.explanation
        if (changed_block := changed.get(disposition.pk)) is not None:
            explanation += f" Sửa thành: “{changed_block.text}”"
        rows.append((
            str(index), _block_text(blocks, sample[0].block_uid), f"{text} ({'; '.join(w for w in who if w)})",
            disposition.get_decision_display(), explanation, disposition.n,
        ))  # fmt: skip
    return rows


def build_report(
    consultation: Consultation, *, signer_name: str = "", signer_position: str = "BÍ THƯ"
) -> Document:
    organization = consultation.organization
    draft = consultation.version.draft
    active = Comment.objects.filter(consultation=consultation, status=CommentStatus.ACTIVE)
    totals = active.aggregate(
        total=Count("id"),
        **{c.value: Count("id", filter=Q(channel=c.value)) for c in Channel},
        handled=Count("id", filter=Q(disposition__isnull=False)),
    )
    audience = ", ".join(o.name for o in consultation.audience_organizations.order_by("path"))
    named = consultation.audience_members.count()
    rows = appendix_rows(consultation)
    blocks: list[RenderBlock] = [
        Heading(1, "TÌNH HÌNH TỔ CHỨC LẤY Ý KIẾN", number="I."),
        Paragraph(
            f"Thực hiện chủ trương của {organization.name}, {draft.title} (phiên bản {consultation.version.number}) "
            f"được lấy ý kiến từ {vietnamese_date(timezone.localdate(consultation.opens_at))} đến "
            f"{vietnamese_date(timezone.localdate(consultation.closes_at))}."
        ),
        Paragraph(
            f"Đối tượng lấy ý kiến: {audience or 'các đảng viên'}"
            + (f" và {named} đồng chí được mời riêng." if named else ".")
        ),  # fmt: skip
        Paragraph(
            f"Tổng số ý kiến: {totals['total']}, trong đó trực tuyến {totals[Channel.ONLINE]}, chi bộ tổng hợp sau "
            f"sinh hoạt {totals[Channel.CELL_MEETING]}, văn bản góp ý {totals[Channel.WRITTEN]}. Mỗi ý kiến được "
            "tính một lần; ý kiến của chi bộ ghi kèm số đảng viên tán thành."
        ),
        Heading(1, "TỔNG HỢP Ý KIẾN THEO TỪNG PHẦN", number="II."),
        *_by_section(consultation),
        Heading(1, "KẾT QUẢ TIẾP THU, GIẢI TRÌNH", number="III."),
        *_decisions(consultation),
        Heading(1, "KIẾN NGHỊ", number="IV."),
        Paragraph(
            f"Đề nghị xem xét, thông qua {draft.title} đã được chỉnh sửa trên cơ sở tiếp thu các ý kiến nêu trên."
        ),
    ]
    table = Table(
        columns=("TT", "Nội dung dự thảo", "Ý kiến góp ý (người/đơn vị)", "Tiếp thu / Không tiếp thu",
                 "Giải trình / Nội dung chỉnh sửa"),
        rows=[row[:5] for row in rows],
    )  # fmt: skip
    return Document(
        header=Header(
            superior_body=organization.superior_header_name, issuing_body=organization.header_name,
            number_symbol=None, draft_symbol=f"BC/{organization.body_code}",
            place_and_date=place_and_date(organization.place_name, timezone.localdate()),
        ),
        type_name="BÁO CÁO",
        summary=f"tiếp thu, giải trình ý kiến góp ý đối với {draft.title}",
        blocks=blocks,
        signature=Signature(authority=f"T/M {organization.signing_authority}" if organization.signing_authority
                            else (), position=signer_position, name=signer_name),
        recipients=("Như trên,", "Lưu Văn phòng."),
        appendix=[Heading(1, "PHỤ LỤC: BẢNG TỔNG HỢP TIẾP THU, GIẢI TRÌNH Ý KIẾN GÓP Ý"), table],
    )  # fmt: skip


def _by_section(consultation: Consultation) -> list[Paragraph]:
    headings = (
        Block.objects.filter(version_id=consultation.version_id)
        .exclude(kind="paragraph")
        .order_by("position")
    )
    counts: dict[str, dict[str, Any]] = {
        row["section_uid"]: dict(row)
        for row in Comment.objects.filter(consultation=consultation, status=CommentStatus.ACTIVE)
        .values("section_uid")
        .annotate(n=Count("id"), **{s.value: Count("id", filter=Q(stance=s.value)) for s in Stance})
    }
    result = []
    for heading in headings:
        row = counts.get(heading.uid)
        if row:
            result.append(Paragraph(
                f"{heading.label} {heading.text}: {row['n']} ý kiến (tán thành {row[Stance.AGREE]}, không tán thành "
                f"{row[Stance.DISAGREE]}, đề nghị sửa đổi {row[Stance.PROPOSE]}).", style="bullet",
            ))  # fmt: skip
    general = counts.get("")
    if general:
        result.append(Paragraph(f"Góp ý chung cho toàn văn: {general['n']} ý kiến.", style="bullet"))
    return result or [Paragraph("Không có ý kiến góp ý.")]


def _decisions(consultation: Consultation) -> list[Paragraph]:
    groups = [
        ("1.", "Các ý kiến được tiếp thu", (Decision.ACCEPTED, Decision.PARTLY)),
        ("2.", "Các ý kiến không tiếp thu và lý do", (Decision.REJECTED, Decision.COVERED)),
        ("3.", "Các ý kiến bảo lưu, nghiên cứu sau", (Decision.LATER,)),
    ]
    result = []
    for number, title, decisions in groups:
        handled = (
            Disposition.objects.filter(consultation=consultation, decision__in=decisions)
            .annotate(n=Count("comments"))
            .filter(n__gt=0)
            .order_by("pk")
        )
        result.append(Paragraph(f"{title}:", number=number))
        lines = [Paragraph(f"{d.explanation} ({d.n} ý kiến)", style="bullet") for d in handled]
        result.extend(lines or [Paragraph("Không có.", style="bullet")])
    return result

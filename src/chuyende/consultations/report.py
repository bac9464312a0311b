"""The report on the handling of comments ("Báo cáo tiếp thu, giải trình ý kiến góp ý"), built as a
document model (domain.md §4) and rendered to DOCX and PDF by the documents engine.

Structure: I. how the consultation ran; II. summary of comments by section; III. accepted comments
and the edits, rejected comments with the reason, comments kept for later; IV. recommendations;
appendix table TT | Nội dung dự thảo | Ý kiến góp ý | Tiếp thu / Không tiếp thu | Giải trình. One
appendix row per disposition (a group handled once is one row), with the number of comments it
covers, so the table matches the handled comments exactly.
"""

from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q
from django.utils import timezone

from chuyende.common.dates import place_and_date, vietnamese_date
from chuyende.common.text import fold
from chuyende.documents.models import DocumentType
from chuyende.documents.rendering.model import Block as RenderBlock
from chuyende.documents.rendering.model import Document, Header, Heading, Paragraph, Signature, Table
from chuyende.documents.rendering.typography import quoted
from chuyende.orgs.domain.signing import SignatureBlock, authority_lines, signers_for

from .enums import Channel, CommentStatus, Decision, Stance
from .models import Block, Comment, Consultation, Disposition
from .structure import printed_label

ROW_NAMES = 3  # commenters named in an appendix row before "và n ý kiến khác"


def _block_text(blocks: dict[str, Block], uid: str) -> str:
    block = blocks.get(uid)
    return f"{printed_label(block.label)} {block.text}".strip() if block else "Toàn văn dự thảo"


@dataclass(frozen=True)
class Handled:
    """One disposition as the report prints it: where, what was said, by whom, what was decided."""

    decision: str
    draft_text: str
    comment: str
    who: str
    decision_label: str
    explanation: str
    changed_to: str
    count: int

    @property
    def handling(self) -> str:
        """The explanation and, when the text was changed, the new wording."""
        if not self.changed_to:
            return self.explanation
        return f"{self.explanation.rstrip()} Sửa thành: {quoted(self.changed_to)}".strip()


def handled(consultation: Consultation) -> list[Handled]:
    """Every disposition covering at least one active comment, in the order it was decided."""
    blocks = {b.uid: b for b in Block.objects.filter(version_id=consultation.version_id)}
    dispositions = (
        Disposition.objects.filter(consultation=consultation)
        .annotate(n=Count("comments", filter=Q(comments__status=CommentStatus.ACTIVE)))
        .filter(n__gt=0)
        .select_related("changed_version", "group")
        .order_by("pk")
    )
    result = []
    for disposition in dispositions:
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
        changed = (
            Block.objects.filter(
                version=disposition.changed_version, uid=disposition.changed_block_uid
            ).first()
            if disposition.changed_block_uid
            else None
        )
        result.append(Handled(
            decision=disposition.decision, draft_text=_block_text(blocks, sample[0].block_uid), comment=text.strip(),
            who="; ".join(w for w in who if w), decision_label=disposition.get_decision_display(),
            explanation=disposition.explanation.strip(), changed_to=changed.text if changed else "",
            count=disposition.n,
        ))  # fmt: skip
    return result


def appendix_rows(
    consultation: Consultation, items: list[Handled] | None = None
) -> list[tuple[str, str, str, str, str, int]]:
    """(TT, draft text, comments, decision, explanation, comment count) for each disposition."""
    items = handled(consultation) if items is None else items
    return [
        (str(index), item.draft_text, f"{item.comment} ({item.who})" if item.who else item.comment,
         item.decision_label, item.handling, item.count)
        for index, item in enumerate(items, start=1)
    ]  # fmt: skip


def build_report(consultation: Consultation, *, signer: SignatureBlock | None = None) -> Document:
    """The BC report. It is signed by `signer` (one of `signers_for(organization)`, chosen on the
    handling page) or, when none is chosen, by the organization's secretary of the day; the
    clerk who downloads it never signs it."""
    organization = consultation.organization
    if signer is None:
        signer = next(iter(signers_for(organization)), None)
    draft = consultation.version.draft
    active = Comment.objects.filter(consultation=consultation, status=CommentStatus.ACTIVE)
    totals = active.aggregate(
        total=Count("id"),
        **{c.value: Count("id", filter=Q(channel=c.value)) for c in Channel},
        handled=Count("id", filter=Q(disposition__isnull=False)),
    )
    audience = ", ".join(o.name for o in consultation.audience_organizations.order_by("path"))
    named = consultation.audience_members.count()
    items = handled(consultation)
    rows = appendix_rows(consultation, items)
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
        *_decisions(items),
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
        marks=("DỰ THẢO",),  # the report carries no number of the register: printed as a draft
        type_name="BÁO CÁO",
        summary=f"tiếp thu, giải trình ý kiến góp ý đối với {draft.title}",
        blocks=blocks,
        signature=Signature(authority=signer.authority, position=signer.position, name=signer.member.full_name)
        if signer else Signature(authority=authority_lines(organization, "T/M"), position="BÍ THƯ", name=""),
        # The report is addressed to no "Kính gửi", so "Như trên" would point at nothing.
        recipients=DocumentType.objects.get(code="BC").default_recipients,
        appendix=[Heading(1, "PHỤ LỤC", centred=True),
                  Heading(1, "BẢNG TỔNG HỢP TIẾP THU, GIẢI TRÌNH Ý KIẾN GÓP Ý", centred=True), table],
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
                f"{printed_label(heading.label)} {heading.text}: {row['n']} ý kiến (tán thành {row[Stance.AGREE]}, không tán thành "
                f"{row[Stance.DISAGREE]}, đề nghị sửa đổi {row[Stance.PROPOSE]}).", style="bullet",
            ))  # fmt: skip
    general = counts.get("")
    if general:
        result.append(Paragraph(f"Góp ý chung cho toàn văn: {general['n']} ý kiến.", style="bullet"))
    return result or [Paragraph("Không có ý kiến góp ý.")]


def _decision_and_handling(item: Handled) -> str:
    """ "Tiếp thu: đã chỉnh sửa …", without repeating the decision when the explanation opens with it."""
    handling = item.handling
    if not handling:
        return f"{item.decision_label}."
    if fold(handling).startswith(fold(item.decision_label)):
        return handling
    return f"{item.decision_label}: {handling}"


def _decisions(items: list[Handled]) -> list[Paragraph]:
    """Section III: each handled comment with what it said, who said it and how it was handled."""
    groups = [
        ("1.", "Các ý kiến được tiếp thu", (Decision.ACCEPTED, Decision.PARTLY)),
        ("2.", "Các ý kiến không tiếp thu và lý do", (Decision.REJECTED, Decision.COVERED)),
        ("3.", "Các ý kiến bảo lưu, nghiên cứu sau", (Decision.LATER,)),
    ]
    result = []
    for number, title, decisions in groups:
        result.append(Paragraph(f"{title}:", number=number))
        lines = []
        for item in (item for item in items if item.decision in decisions):
            who = f"{item.who}; " if item.who else ""
            line = f"{item.draft_text} — ý kiến: {quoted(item.comment)} ({who}{item.count} ý kiến). "
            line += _decision_and_handling(item)
            lines.append(Paragraph(line, style="bullet"))
        result.extend(lines or [Paragraph("Không có.", style="bullet")])
    return result

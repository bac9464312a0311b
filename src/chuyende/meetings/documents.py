"""The papers of the lifecycle built as document data (documents.rendering.model): the minutes
(BB) of a meeting, with the structure of domain.md §4, and the plan (KH)."""

from django.utils import timezone

from chuyende.common.dates import place_and_date, vietnamese_date
from chuyende.documents.rendering.model import Block, Document, Header, Heading, Paragraph, Signature, Table
from chuyende.documents.rendering.typography import quoted

from .domain.attendance import attendance_summary
from .domain.minutes import current_minutes, legacy_draft_lines
from .enums import ATTENDED, AttendanceStatus, MeetingKind, MinutesState
from .models import Meeting, Minutes, Plan

DRAFT_MARK = "DỰ THẢO"  # a paper without its number and date is printed as a draft
LEAD_SUMMARY_CHARS = 600  # a summary, not the paper: the volume and the paper page hold the whole text


def _clock(moment) -> str:
    local = timezone.localtime(moment)
    return f"{local.hour:02d} giờ {local.minute:02d} phút"


def _person(user) -> str:
    if user is None:
        return ""
    member = getattr(user, "member", None)
    return member.full_name if member else (user.get_full_name() or user.get_username())


def _names(rows) -> str:
    return ", ".join(member.full_name for member, _ in rows) or "không"


def _presenters(meeting: Meeting, minutes: Minutes) -> str:
    """Who presented the lead paper: the assignment's presenters, else the paper's authors, else
    the first speaker of the proceedings; said plainly when nobody is recorded."""
    names: list[str] = []
    if meeting.assignment is not None:
        names = [p.full_name for p in meeting.assignment.presenters.all()]
        if not names:
            paper = meeting.assignment.papers.order_by("pk").first()
            names = [a.full_name for a in paper.authors.all()] if paper else []
    if not names and minutes.proceedings:
        names = [minutes.proceedings[0]["speaker"]]
    if not names:
        return "chưa ghi người trình bày"
    return ("đồng chí " if len(names) == 1 else "các đồng chí ") + ", ".join(names)


def _clip(text: str, limit: int) -> str:
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    return cut[: cut.rindex(" ")].rstrip(",;:") + "…" if " " in cut else cut + "…"


def _lead_paper_summary(meeting: Meeting) -> str:
    """ "Tóm tắt bài tham luận “…”: …" from the cell's paper on the meeting's topic: its opening
    paragraphs, causes and solutions, clipped to a summary's length."""
    if meeting.assignment is None:
        return ""
    paper = (
        meeting.assignment.papers.filter(organization=meeting.organization)
        .select_related("current_version")
        .order_by("pk")
        .first()
    )
    if paper is None:
        return ""
    parts = []
    if paper.current_version is not None:
        parts += [
            p.text for p in paper.current_version.paragraphs.filter(kind="paragraph").order_by("position")[:2]
        ]
    if paper.causes.strip():
        parts.append(f"Nguyên nhân: {paper.causes.strip()}")
    if paper.solutions.strip():
        parts.append(f"Giải pháp: {paper.solutions.strip()}")
    body = _clip(" ".join(parts), LEAD_SUMMARY_CHARS) if parts else "chưa có nội dung."
    return f"Tóm tắt bài tham luận {quoted(paper.title)}: {body}"


def minutes_document(meeting: Meeting, minutes: Minutes | None = None) -> Document:
    """The BB document of the meeting's minutes (the current version unless one is given): time,
    place, attendance with names and reasons, guests and the attending superior member, chair and
    secretary, content, proceedings, conclusion, vote, grade, closing and signatures."""
    minutes = minutes or current_minutes(meeting)
    if minutes is None:
        raise ValueError("meeting has no minutes")
    org = meeting.organization
    start = timezone.localtime(meeting.starts_at)
    summary = attendance_summary(meeting)
    thematic = meeting.kind != MeetingKind.REGULAR
    title = meeting.assignment.topic if meeting.assignment is not None else meeting.title
    subject = (
        f"sinh hoạt chuyên đề {quoted(title)}"
        if thematic
        else f"sinh hoạt chi bộ tháng {start.month} năm {start.year}"
    )
    absences = [
        (m, a) for m, a in summary.rows if a is not None and a.status not in ATTENDED and a.status != "exempt"
    ]
    blocks: list[Block] = [
        Paragraph(f"Thời gian: bắt đầu lúc {_clock(meeting.starts_at)}, {vietnamese_date(start.date())}."),
        Paragraph(f"Địa điểm: {meeting.place or org.name}."),
        Heading(1, "THÀNH PHẦN", number="I."),
        Paragraph(
            f"Tổng số đảng viên của chi bộ: {summary.total}; miễn sinh hoạt: {summary.exempt}"
            f" ({_names(summary.by_status.get(AttendanceStatus.EXEMPT, []))}); số phải dự: {summary.required}.",
            number="1.",
        ),
        Paragraph(
            f"Có mặt: {summary.attended} đồng chí"
            + (f", tỷ lệ {summary.rate:g}%".replace(".", ",") if summary.rate is not None else "")
            + f"; trong đó đến muộn: {summary.count(AttendanceStatus.LATE)}"
            f" ({_names(summary.by_status.get(AttendanceStatus.LATE, []))}).",
            number="2.",
        ),
        Paragraph(
            f"Vắng: {summary.absent} đồng chí; có lý do: {summary.count(AttendanceStatus.EXCUSED)},"
            f" không có lý do: {summary.count(AttendanceStatus.UNEXCUSED)}.",
            number="3.",
        ),
    ]
    if absences:
        blocks.append(
            Table(
                columns=("TT", "Họ và tên", "Tình trạng", "Lý do"),
                rows=[
                    [str(i), m.full_name, str(AttendanceStatus(a.status).label), a.reason or "—"]
                    for i, (m, a) in enumerate(absences, start=1)
                ],
            )
        )
    blocks += [
        Paragraph(f"Khách mời: {meeting.guests or 'không'}.", number="4."),
        Paragraph(f"Đồng chí cấp uỷ cấp trên dự: {_person(meeting.supervisor) or 'không'}.", number="5."),
        Paragraph(
            f"Chủ trì: đồng chí {meeting.chair.full_name if meeting.chair else '…'};"
            f" thư ký: đồng chí {meeting.secretary.full_name if meeting.secretary else '…'}.",
            number="6.",
        ),
        Heading(1, "NỘI DUNG", number="II."),
    ]
    blocks += [Paragraph(item, number=f"{i}.") for i, item in enumerate(meeting.agenda, start=1)]
    if thematic:
        blocks.append(Paragraph(f"Chuyên đề: {quoted(title)}."))
        blocks.append(Paragraph(f"Người trình bày: {_presenters(meeting, minutes)}."))
        lead = _lead_paper_summary(meeting)
        if lead:
            blocks.append(Paragraph(lead))
    if minutes.content:
        skip = legacy_draft_lines(meeting)
        blocks += [
            Paragraph(line)
            for line in minutes.content.splitlines()
            if line.strip() and line.strip() not in skip
        ]
    blocks.append(Heading(1, "DIỄN BIẾN", number="III."))
    blocks += [
        Paragraph(f"Đồng chí {e['speaker']}: {e['text']}", style="bullet") for e in minutes.proceedings
    ]
    blocks += [
        Heading(1, "KẾT LUẬN", number="IV."),
        Paragraph(minutes.conclusion or "…"),
        Heading(1, "BIỂU QUYẾT", number="V."),
        Paragraph(
            f"Tán thành: {minutes.votes_agree}; không tán thành: {minutes.votes_disagree};"
            f" ý kiến khác: {minutes.votes_other}."
        ),
    ]
    # No grade here: the grade is confirmed later, as its own dated record (Evaluation), and must
    # not change the approved minutes, which are frozen as bytes on approval.
    closing = minutes.closed_at or meeting.ends_at
    blocks.append(
        Paragraph(
            f"Buổi sinh hoạt kết thúc lúc {_clock(closing)} cùng ngày. Biên bản đã được đọc lại"
            " cho toàn thể đảng viên dự họp nghe và thông qua."
        )
    )
    if minutes.corrects_id:
        blocks.append(
            Paragraph(f"Biên bản đính chính (lần {minutes.number - 1}). Lý do: {minutes.correction_reason}")
        )
    return Document(
        header=Header(
            superior_body=org.superior_header_name,
            issuing_body=org.header_name,
            number_symbol=minutes.number_symbol or None,
            draft_symbol=f"BB/{org.body_code}",
            place_and_date=place_and_date(org.place_name, start.date()),
        ),
        marks=() if minutes.state != MinutesState.DRAFT else (DRAFT_MARK,),  # not yet read back and approved
        type_name="BIÊN BẢN",
        summary=subject,
        blocks=blocks,
        signature=Signature(position="CHỦ TRÌ", name=meeting.chair.full_name if meeting.chair else ""),
        secondary_signature=Signature(
            position="THƯ KÝ", name=meeting.secretary.full_name if meeting.secretary else ""
        ),
    )


def plan_document(plan: Plan, signer_name: str = "") -> Document:
    """The KH document of a plan: purpose and requirements, content with the table of cell
    topics and due dates, organization of implementation. Numbered when issued (docs engine)."""
    org = plan.organization
    assignments = (
        plan.assignments.select_related("cell").prefetch_related("presenters").order_by("cell__path")
    )
    blocks: list[Block] = []
    if plan.basis:
        blocks.append(Paragraph(f"Căn cứ {plan.basis}, {org.name} xây dựng kế hoạch như sau:"))
    # Purpose and requirements are optional on the form: an issued KH never prints a placeholder
    # ("2. …") for an empty one; without either, the section is left out and the others move up.
    aims = [text for text in (plan.purpose.strip(), plan.requirements.strip()) if text]
    sections = iter(("I.", "II.", "III.") if aims else ("", "I.", "II."))
    if aims:
        blocks.append(Heading(1, "MỤC ĐÍCH, YÊU CẦU", number=next(sections)))
        blocks += [Paragraph(text, number=f"{i}.") for i, text in enumerate(aims, start=1)]
    else:
        next(sections)
    blocks += [
        Heading(1, "NỘI DUNG", number=next(sections)),
        Paragraph(
            f"Các chi bộ tổ chức sinh hoạt chuyên đề trước {vietnamese_date(plan.cell_sessions_before)},"
            " theo chủ đề Đảng uỷ phân công:",
            number="1.",
        ),
        Table(
            columns=("TT", "Chi bộ", "Chủ đề", "Thời hạn", "Người chuẩn bị tham luận"),
            rows=[
                [
                    str(i),
                    a.cell.name,
                    a.topic,
                    a.due_on.strftime("%d/%m/%Y"),
                    ", ".join(p.full_name for p in a.presenters.all()) or "—",
                ]
                for i, a in enumerate(assignments, start=1)
            ],  # fmt: skip
        ),
    ]
    if plan.committee_session_on:
        blocks.append(
            Paragraph(
                f"Đảng uỷ tổ chức sinh hoạt chuyên đề toàn Đảng bộ {vietnamese_date(plan.committee_session_on)};"
                " mỗi chi bộ trình bày bài tham luận.",
                number="2.",
            )
        )
    blocks += [
        Heading(1, "TỔ CHỨC THỰC HIỆN", number=next(sections)),
        Paragraph("Văn phòng Đảng uỷ theo dõi, tổng hợp, báo cáo kết quả.", style="bullet"),
        Paragraph(
            f"Buổi sinh hoạt của chi bộ đạt dưới {plan.pass_score} điểm phải tổ chức lại.", style="bullet"
        ),
    ]
    day = timezone.localdate(plan.published_at) if plan.published_at else timezone.localdate()
    return Document(
        header=Header(
            superior_body=org.superior_header_name,
            issuing_body=org.header_name,
            number_symbol=None,
            draft_symbol=f"KH/{org.body_code}",
            place_and_date=place_and_date(org.place_name, day),
        ),
        marks=(DRAFT_MARK,),  # the issued plan is served from its KH document's stored files
        type_name="KẾ HOẠCH",
        summary=f"tổ chức sinh hoạt chuyên đề {quoted(plan.theme)}",
        blocks=blocks,
        signature=Signature(
            authority=f"T/M {org.signing_authority or 'ĐẢNG UỶ'}", position="BÍ THƯ", name=signer_name
        ),
        recipients=("Các chi bộ trực thuộc,", "Lưu Văn phòng Đảng uỷ."),
    )


def minutes_bytes(meeting: Meeting, kind: str = "pdf", minutes: Minutes | None = None) -> bytes:
    """The minutes as a reader gets them: the bytes stored on approval (never rendered again), or a
    fresh rendering of a draft. `kind` is "pdf" or "docx"."""
    from chuyende.documents.rendering.docx import render_docx
    from chuyende.documents.rendering.pdf import render_pdf

    minutes = minutes or current_minutes(meeting)
    if minutes is None:
        raise ValueError("meeting has no minutes")
    stored = minutes.docx_file if kind == "docx" else minutes.pdf_file
    if stored:
        with stored.open("rb") as handle:
            return handle.read()
    document = minutes_document(meeting, minutes)
    return render_docx(document) if kind == "docx" else render_pdf(document)

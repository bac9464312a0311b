"""Comments on papers: online by members, aloud at the session (recorded by the secretary), and
the authors' answers. A retried submission (same author, same idempotency key) is stored once."""

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from chuyende.common.errors import DomainError, NotAllowed
from chuyende.common.limits import COMMENT_MAX_CHARS, check_length
from chuyende.meetings.enums import MeetingKind
from chuyende.meetings.models import Meeting
from chuyende.orgs.models import Member
from chuyende.orgs.rules import member_of

from ..enums import COMMENTABLE_STATES, AnchorStatus, CommentChannel, CommentTarget, Disposition
from ..models import PaperComment, PaperParagraph, PositionPaper
from ..rules import can_answer_comment, can_comment_on_paper, can_record_session_comment, committee_of
from ._common import ensure_not_finalized, record

MAX_KEY_LENGTH = 64


def _anchor_paragraph(paper: PositionPaper, anchor: str) -> PaperParagraph:
    paragraph = PaperParagraph.objects.filter(version_id=paper.current_version_id, anchor=anchor).first()
    if paragraph is None:
        raise DomainError(_("Không tìm thấy đoạn văn được góp ý trong phiên bản hiện tại."))
    return paragraph


def check_can_record_session_comment(actor, meeting: Meeting) -> None:
    if not can_record_session_comment(actor, meeting):
        raise NotAllowed(_("Chỉ thư ký hội nghị ghi ý kiến phát biểu tại hội nghị."))


def check_can_answer_comment(actor, paper: PositionPaper) -> None:
    if not can_answer_comment(actor, paper):
        raise NotAllowed(_("Chỉ tác giả và bí thư chi bộ trả lời góp ý cho bài này."))


def add_comment(
    *,
    actor,
    paper: PositionPaper,
    text: str,
    idempotency_key: str,
    target: str = CommentTarget.PAPER,
    anchor: str = "",
    on_behalf_of: Member | None = None,
    meeting: Meeting | None = None,
) -> PaperComment:
    """Stores a comment on the paper, one of its paragraphs (anchored to the paragraph's stable id
    and quoting its text in the current version) or on the cell as a whole.

    Online, the author is the actor's member record. With `meeting` (a committee-level session)
    the comment was made aloud: the session's secretary records it for `on_behalf_of`, channel
    "tại hội nghị". A second call with the same author and key returns the first comment.
    """
    if meeting is None:
        author = member_of(actor)
        if author is None or not can_comment_on_paper(actor, paper):
            raise NotAllowed(_("Bạn không thể góp ý cho bài tham luận này."))
        channel = CommentChannel.ONLINE
    else:
        check_can_record_session_comment(actor, meeting)
        if meeting.kind != MeetingKind.COMMITTEE or not meeting.paper_agenda.filter(paper=paper).exists():
            raise DomainError(_("Bài tham luận này không có trong chương trình hội nghị."))
        if on_behalf_of is None or not on_behalf_of.cell.path.startswith(committee_of(paper).path):
            raise DomainError(_("Hãy chọn đảng viên của Đảng bộ đã phát biểu ý kiến."))
        author, channel = on_behalf_of, CommentChannel.AT_SESSION
    key = (idempotency_key or "").strip()
    if not key or len(key) > MAX_KEY_LENGTH:
        raise DomainError(_("Thiếu mã gửi góp ý (idempotency key) hoặc mã quá dài."))
    existing = PaperComment.objects.filter(author=author, idempotency_key=key).first()
    if existing is not None:
        return existing
    ensure_not_finalized(paper)
    if paper.state not in COMMENTABLE_STATES:
        raise DomainError(_("Chỉ góp ý khi bài tham luận đã được gửi Đảng uỷ hoặc đang hoàn thiện."))
    if target not in CommentTarget.values:
        raise DomainError(_("Đối tượng góp ý không hợp lệ."))
    if not text.strip():
        raise DomainError(_("Nội dung góp ý không được để trống."))
    check_length(text, COMMENT_MAX_CHARS, _("Nội dung góp ý"))
    quoted = ""
    if target == CommentTarget.PARAGRAPH:
        quoted = _anchor_paragraph(paper, anchor).text
    else:
        anchor = ""
    try:
        with transaction.atomic():
            comment = PaperComment.objects.create(
                paper=paper,
                version_id=paper.current_version_id,
                target=target,
                anchor=anchor,
                quoted_text=quoted,
                author=author,
                channel=channel,
                meeting=meeting,
                text=text.strip(),
                idempotency_key=key,
                recorded_by=actor if getattr(actor, "is_authenticated", False) else None,
            )
            record(
                "paper.comment",
                comment,
                actor=actor,
                paper=paper,
                changes={"paper": paper.pk, "target": target, "anchor": anchor, "channel": channel},
            )
    except IntegrityError:
        # A concurrent retry won the race on the unique (author, key): return what it stored.
        return PaperComment.objects.get(author=author, idempotency_key=key)
    return comment


def answer_comment(*, actor, comment: PaperComment, disposition: str, answer: str = "") -> PaperComment:
    """Records whether the authors took the comment into account (tiếp thu / không tiếp thu) and
    their short answer; may be changed until the paper is finalized. Not taking a comment into
    account needs a reason."""
    paper = comment.paper
    check_can_answer_comment(actor, paper)
    ensure_not_finalized(paper)
    if disposition not in (Disposition.ACCEPTED, Disposition.REJECTED):
        raise DomainError(_("Hãy chọn tiếp thu hoặc không tiếp thu."))
    if disposition == Disposition.REJECTED and not answer.strip():
        raise DomainError(_("Không tiếp thu góp ý thì cần nêu lý do."))
    check_length(answer, COMMENT_MAX_CHARS, _("Câu trả lời góp ý"))
    with transaction.atomic():
        comment.disposition = disposition
        comment.answer = answer.strip()
        comment.answered_by = actor if getattr(actor, "is_authenticated", False) else None
        comment.answered_at = timezone.now()
        comment.save(update_fields=["disposition", "answer", "answered_by", "answered_at"])
        record(
            "paper.comment_answer",
            comment,
            actor=actor,
            paper=paper,
            changes={"disposition": disposition, "answer": comment.answer},
        )
    return comment


def anchor_statuses(paper: PositionPaper, comments) -> dict[int, AnchorStatus]:
    """For each paragraph comment: is its paragraph (same stable id) in the paper's current
    version unchanged, changed or deleted? One query for the current paragraphs."""
    current = dict(
        PaperParagraph.objects.filter(version_id=paper.current_version_id).values_list("anchor", "text")
    )
    statuses = {}
    for comment in comments:
        if comment.target != CommentTarget.PARAGRAPH:
            continue
        if comment.anchor not in current:
            statuses[comment.pk] = AnchorStatus.DELETED
        elif current[comment.anchor] != comment.quoted_text:
            statuses[comment.pk] = AnchorStatus.CHANGED
        else:
            statuses[comment.pk] = AnchorStatus.UNCHANGED
    return statuses

"""The paper lifecycle: one function owns every state change; versions are snapshots of it."""

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from chuyende.common.errors import DomainError, NotAllowed

from ..enums import PAPER_TRANSITIONS, PaperState, SourceKind
from ..models import PaperParagraph, PaperVersion, PositionPaper
from ..rules import can_edit_paper, can_present
from ._common import claim_version, ensure_not_finalized, record


def _same_as_current(paper: PositionPaper) -> bool:
    current = paper.current_version
    if current is None:
        return False
    stored = list(current.paragraphs.values_list("anchor", "kind", "level", "label", "text"))
    working = [(b["id"], b["kind"], b.get("level", 0), b.get("label", ""), b["text"]) for b in paper.draft]
    return stored == working and current.title == paper.title


def _snapshot(actor, paper: PositionPaper) -> PaperVersion:
    """Stores the working text as the next immutable version and makes it current."""
    if not paper.draft:
        raise DomainError(_("Bài tham luận chưa có nội dung."))
    number = (paper.versions.aggregate(n=Max("number"))["n"] or 0) + 1
    source = paper.draft_source
    version = PaperVersion.objects.create(
        paper=paper,
        number=number,
        title=paper.title,
        source=source.kind if source else SourceKind.BROWSER,
        source_file=source,
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    PaperParagraph.objects.bulk_create(
        PaperParagraph(
            version=version,
            anchor=block["id"],
            position=position,
            kind=block["kind"],
            level=block.get("level") or 0,
            label=block.get("label") or "",
            text=block["text"],
        )
        for position, block in enumerate(paper.draft, start=1)
    )
    paper.current_version = version
    return version


def check_can_move_paper(actor, paper: PositionPaper) -> None:
    """Permission first, so that someone who may not act learns nothing about the paper's state:
    who makes a step depends on the state, so anyone who could make no step is refused here."""
    if not (can_edit_paper(actor, paper) or can_present(actor, paper)):
        raise NotAllowed(_("Bạn không có quyền chuyển trạng thái bài tham luận này."))


def set_paper_state(*, actor, paper: PositionPaper, state: str, version: int | None = None) -> PositionPaper:
    """Moves the paper to `state`, checking the transition and who may make it.

    Side effects: submitting (draft → submitted) stores the working text as a new version;
    finalizing (presented → finalized) stores the revised text as a new version when it differs
    from the current one and stamps `finalized_at`, after which nothing about the paper changes.
    Submitted → presented and submitted → draft (returned to the cell) are made by the committee's
    leaders; the other transitions by the authors and the cell's secretary.
    """
    check_can_move_paper(actor, paper)
    if state not in PaperState.values:
        raise DomainError(_("Trạng thái không hợp lệ."))
    ensure_not_finalized(paper)
    if state not in PAPER_TRANSITIONS[paper.state]:
        raise DomainError(
            _("Không thể chuyển bài tham luận từ “%(old)s” sang “%(new)s”.")
            % {"old": PaperState(paper.state).label, "new": PaperState(state).label}
        )
    committee_step = paper.state == PaperState.SUBMITTED
    allowed = can_present(actor, paper) if committee_step else can_edit_paper(actor, paper)
    if not allowed:
        raise NotAllowed(_("Bạn không có quyền chuyển trạng thái bài tham luận này."))
    before = paper.state
    with transaction.atomic():
        claim_version(paper, version)
        changes: dict = {"state": [before, state]}
        if state == PaperState.SUBMITTED or (state == PaperState.FINALIZED and not _same_as_current(paper)):
            changes["version"] = _snapshot(actor, paper).number
        if state == PaperState.FINALIZED:
            paper.finalized_at = timezone.now()
        paper.state = state
        paper.save(update_fields=["state", "current_version", "finalized_at", "version", "updated_at"])
        record("paper.state", paper, actor=actor, paper=paper, changes=changes)
    return paper


def submit_revision(*, actor, paper: PositionPaper, version: int | None = None) -> PaperVersion:
    """After the session, stores the revised working text as a new version (state unchanged) so
    members can see what changed before the paper is finalized."""
    if not can_edit_paper(actor, paper):
        raise NotAllowed(_("Chỉ tác giả và bí thư chi bộ được sửa bài tham luận này."))
    ensure_not_finalized(paper)
    if paper.state != PaperState.PRESENTED:
        raise DomainError(_("Chỉ lưu phiên bản chỉnh sửa sau khi bài đã được trình bày."))
    if _same_as_current(paper):
        raise DomainError(_("Nội dung chưa thay đổi so với phiên bản hiện tại."))
    with transaction.atomic():
        claim_version(paper, version)
        snapshot = _snapshot(actor, paper)
        paper.save(update_fields=["current_version", "version", "updated_at"])
        record("paper.revision", paper, actor=actor, paper=paper, changes={"version": snapshot.number})
    return snapshot

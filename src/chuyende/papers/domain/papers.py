"""Writing a paper: create it, edit its working text and metadata, import DOCX or PDF."""

from pathlib import PurePath

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _

from chuyende.common.archives import check_office_file
from chuyende.common.errors import DomainError, NotAllowed
from chuyende.common.limits import PAPER_MAX_CHARS, check_length
from chuyende.meetings.models import TopicAssignment
from chuyende.orgs.models import Member, Organization
from chuyende.orgs.rules import member_of

from .. import importing
from ..blocks import assign_ids, blocks_from_text
from ..enums import EDITABLE_STATES, SourceKind
from ..models import Manifestation, PaperFile, PositionPaper
from ..rules import can_edit_paper, can_write_papers_for
from ._common import claim_version, ensure_not_finalized, record

TEXT_FIELDS = ["title", "topic", "causes", "solutions", "commitments"]
UPLOAD_KINDS = {".docx": SourceKind.DOCX, ".pdf": SourceKind.PDF}


def _check_authors(cell: Organization, authors: list[Member]) -> None:
    for author in authors:
        if author.cell_id != cell.pk:
            raise DomainError(
                _("%(member)s không sinh hoạt tại %(organization)s.")
                % {"member": author.full_name, "organization": cell.name}
            )


def check_can_write_paper(actor, cell: Organization) -> None:
    """Refuses (NotAllowed) whoever may not start a paper of `cell`; the page asks before its form."""
    if not can_write_papers_for(actor, cell):
        raise NotAllowed(_("Bạn không có quyền viết bài tham luận cho chi bộ này."))


def create_paper(
    *,
    actor,
    cell: Organization,
    title: str,
    topic: str = "",
    assignment: TopicAssignment | None = None,
    authors: list[Member] | None = None,
    text: str = "",
) -> PositionPaper:
    """Creates a draft paper of `cell`. Without authors, the actor (a member of the cell) is the
    author; the topic defaults to the assignment's sub-topic."""
    check_can_write_paper(actor, cell)
    if not cell.is_cell:
        raise DomainError(_("Bài tham luận phải thuộc một chi bộ."))
    if not title.strip():
        raise DomainError(_("Tên bài tham luận không được để trống."))
    check_length(text, PAPER_MAX_CHARS, _("Nội dung bài tham luận"))
    if assignment is not None and assignment.cell_id != cell.pk:
        raise DomainError(_("Chuyên đề này được phân công cho chi bộ khác."))
    if not authors:
        own = member_of(actor)
        authors = [own] if own is not None and own.cell_id == cell.pk else []
    _check_authors(cell, authors)
    with transaction.atomic():
        paper = PositionPaper.objects.create(
            organization=cell,
            assignment=assignment,
            title=title.strip(),
            topic=(topic or (assignment.topic if assignment else "")).strip(),
            draft=assign_ids([], blocks_from_text(text)),
            created_by=actor if getattr(actor, "is_authenticated", False) else None,
        )
        paper.authors.set(authors)
        record(
            "paper.create",
            paper,
            actor=actor,
            paper=paper,
            changes={"cell": cell.pk, "title": paper.title, "authors": [a.pk for a in authors]},
        )
    return paper


def check_can_edit_paper(actor, paper: PositionPaper) -> None:
    """Refuses (NotAllowed) whoever may not change `paper` (its text, its files), whatever its state."""
    if not can_edit_paper(actor, paper):
        raise NotAllowed(_("Chỉ tác giả và bí thư chi bộ được sửa bài tham luận này."))


def _check_editable(actor, paper: PositionPaper) -> None:
    check_can_edit_paper(actor, paper)
    ensure_not_finalized(paper)
    if paper.state not in EDITABLE_STATES:
        raise DomainError(
            _("Bài đã gửi Đảng uỷ: chỉ sửa được khi được trả lại, hoặc sau khi đã trình bày tại hội nghị.")
        )


def _check_lengths(text: str | None, blocks: list[dict] | None, fields: dict) -> None:
    check_length(text, PAPER_MAX_CHARS, _("Nội dung bài tham luận"))
    if blocks is not None:
        joined = "".join(str(b.get("text", "")) for b in blocks)
        check_length(joined, PAPER_MAX_CHARS, _("Nội dung bài tham luận"))
    for name in ("causes", "solutions", "commitments"):
        check_length(fields.get(name), PAPER_MAX_CHARS, _("Phần nguyên nhân, giải pháp, cam kết"))


def update_paper(
    *,
    actor,
    paper: PositionPaper,
    version: int,
    text: str | None = None,
    blocks: list[dict] | None = None,
    authors: list[Member] | None = None,
    manifestations: list[Manifestation] | None = None,
    **fields,
) -> PositionPaper:
    """Changes the working text (`text` in editor form, or `blocks`), authors, tagged
    manifestations and the text fields of a draft or presented paper. Paragraph ids carry over
    from the previous working text. Refused when `version` is stale."""
    unknown = set(fields) - set(TEXT_FIELDS)
    if unknown:
        raise TypeError(f"unknown paper fields: {sorted(unknown)}")
    _check_editable(actor, paper)
    if "title" in fields and not fields["title"].strip():
        raise DomainError(_("Tên bài tham luận không được để trống."))
    _check_lengths(text, blocks, fields)
    if authors is not None:
        if not authors:
            raise DomainError(_("Bài tham luận phải có ít nhất một tác giả."))
        _check_authors(paper.organization, authors)
    changes: dict = {}
    with transaction.atomic():
        claim_version(paper, version)
        for field, value in fields.items():
            value = value.strip()
            if getattr(paper, field) != value:
                changes[field] = value
                setattr(paper, field, value)
        if text is not None:
            blocks = blocks_from_text(text)
        if blocks is not None:
            paper.draft = assign_ids(paper.draft, blocks)
            paper.draft_source = None
            changes["paragraphs"] = len(paper.draft)
        paper.save()
        if authors is not None:
            paper.authors.set(authors)
            changes["authors"] = [a.pk for a in authors]
        if manifestations is not None:
            paper.manifestations.set(manifestations)
            changes["manifestations"] = sorted(m.code for m in manifestations)
        record("paper.update", paper, actor=actor, paper=paper, changes=changes)
    return paper


def import_file(*, actor, paper: PositionPaper, version: int, upload) -> PaperFile:
    """Keeps the uploaded DOCX or PDF as is and replaces the working text with the text extracted
    from it (DOCX: headings and numbered paragraphs; PDF: paragraphs of the extracted text)."""
    _check_editable(actor, paper)
    name = PurePath(upload.name or "").name
    kind = UPLOAD_KINDS.get(PurePath(name).suffix.lower())
    if kind is None:
        raise DomainError(
            _("Không nhận tệp “%(name)s”: chỉ nhận tệp Word (.docx) hoặc PDF (.pdf).") % {"name": name}
        )
    if upload.size == 0:
        raise DomainError(_("Tệp “%(name)s” rỗng.") % {"name": name})
    limit = settings.CHUYENDE_MAX_UPLOAD_BYTES
    if upload.size > limit:
        raise DomainError(
            _("Tệp “%(name)s” quá lớn: tối đa %(megabytes)s MB.")
            % {"name": name, "megabytes": limit // (1024 * 1024)}
        )
    upload.seek(0)
    if kind == SourceKind.DOCX:
        check_office_file(upload.read(), name)  # sizes and ratios before python-docx opens it
        upload.seek(0)
    try:
        if kind == SourceKind.DOCX:
            blocks = importing.blocks_from_docx(upload)
            extracted = "\n\n".join(b["text"] for b in blocks)
        else:
            extracted = importing.text_from_pdf(upload)
            blocks = importing.blocks_from_plain_text(extracted)
    except importing.ImportFailed:
        raise DomainError(
            _("Không đọc được nội dung tệp “%(name)s”. Tệp có thể bị hỏng.") % {"name": name}
        ) from None
    if not blocks:
        raise DomainError(_("Tệp “%(name)s” không có nội dung văn bản đọc được.") % {"name": name})
    check_length(extracted, PAPER_MAX_CHARS, _("Nội dung bài tham luận"))
    upload.seek(0)
    with transaction.atomic():
        claim_version(paper, version)
        stored = PaperFile.objects.create(
            paper=paper,
            file=upload,
            name=name,
            kind=kind,
            size=upload.size,
            extracted_text=extracted,
            uploaded_by=actor if getattr(actor, "is_authenticated", False) else None,
        )
        paper.draft = assign_ids(paper.draft, blocks)
        paper.draft_source = stored
        paper.save(update_fields=["draft", "draft_source", "version", "updated_at"])
        record(
            "paper.import",
            paper,
            actor=actor,
            paper=paper,
            changes={"file": name, "kind": kind, "size": upload.size, "paragraphs": len(blocks)},
        )
    return stored

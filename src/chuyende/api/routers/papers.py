"""Position papers, versions, comments, manifestation statistics and the session agenda.
Endpoints parse, call the domain, serialize."""

from datetime import datetime
from typing import Any

from django.utils.translation import gettext as _
from ninja import File, Form, Router, Schema, Status
from ninja.files import UploadedFile
from ninja.pagination import paginate

from chuyende.api.schemas import BoundedPageNumberPagination, InputSchema, VersionNumber, stale, stale_schema
from chuyende.common.downloads import download_name, stored_file_response
from chuyende.common.errors import ConflictError, NotFound
from chuyende.meetings.access import get_assignment_for, get_meeting_for
from chuyende.orgs.access import get_member_for, get_organization_for
from chuyende.orgs.models import Member
from chuyende.papers import domain, rules
from chuyende.papers.access import get_comment_for, get_paper_file_for, get_paper_for, papers_for
from chuyende.papers.diffing import diff_paragraphs

router = Router(tags=["papers"])


class PaperIn(InputSchema):
    cell_id: int
    title: str
    topic: str = ""
    assignment_id: int | None = None
    author_ids: list[int] = []
    text: str = ""


class BlockIn(InputSchema):
    kind: str = "paragraph"
    level: int = 0
    label: str = ""
    text: str


class PaperUpdateIn(InputSchema):
    version: int
    title: str | None = None
    topic: str | None = None
    text: str | None = None
    blocks: list[BlockIn] | None = None
    causes: str | None = None
    solutions: str | None = None
    commitments: str | None = None
    author_ids: list[int] | None = None
    manifestation_codes: list[str] | None = None


class PaperOut(Schema):
    id: int
    organization_id: int
    assignment_id: int | None
    title: str
    topic: str
    state: str
    version: int
    current_version_id: int | None
    causes: str
    solutions: str
    commitments: str
    draft: list[dict]

    @staticmethod
    def resolve_draft(obj, context) -> list[dict]:
        # The working copy is the authors' unsubmitted text: only those who may edit the paper
        # see it; readers of a submitted paper get its versions instead.
        request = context["request"] if context else None
        if request is None or not rules.can_edit_paper(request.user, obj):
            return []
        return obj.draft


class PaperCurrent(PaperOut):
    """A paper as stored, for the side-by-side view of a stale save."""

    updated_at: datetime


PaperStale = stale_schema("PaperStale", PaperCurrent)


def _paper_current(request, paper_id: int):
    return get_paper_for(request.user, paper_id)


class PaperStateIn(InputSchema):
    state: str
    version: int | None = None


class ParagraphOut(Schema):
    anchor: str
    position: int
    kind: str
    level: int
    label: str
    text: str


class PaperVersionOut(Schema):
    id: int
    number: int
    title: str
    source: str
    created_at: datetime
    paragraphs: list[ParagraphOut]


class PaperCommentIn(InputSchema):
    text: str
    idempotency_key: str
    target: str = "paper"
    anchor: str = ""


class PaperCommentOut(Schema):
    id: int
    paper_id: int
    version_id: int | None
    target: str
    anchor: str
    quoted_text: str
    author_id: int
    channel: str
    meeting_id: int | None
    text: str
    disposition: str
    answer: str
    created_at: datetime
    anchor_status: str | None = None


class AnswerIn(InputSchema):
    disposition: str
    answer: str = ""


class CountOut(Schema):
    code: str
    short_label: str
    group_label: str
    total: int
    by_cell: dict[str, int]


class AgendaItemIn(InputSchema):
    paper_id: int
    presenter_id: int | None = None
    minutes: int = 10
    starts_at: datetime | None = None


class AgendaItemOut(Schema):
    position: int
    paper_id: int
    presenter_id: int | None
    starts_at: datetime | None
    minutes: int


class SessionCommentIn(PaperCommentIn):
    paper_id: int
    on_behalf_of_id: int


def _members(user, ids: list[int]) -> list[Member]:
    return [get_member_for(user, pk) for pk in ids]


@router.get("/", response=list[PaperOut])
@paginate(BoundedPageNumberPagination, page_size=50)
def list_papers(request, organization_id: int | None = None):
    papers = papers_for(request.user)
    if organization_id is not None:
        papers = papers.filter(organization=get_organization_for(request.user, organization_id))
    return papers.order_by("organization__path", "pk")


@router.post("/", response={201: PaperOut})
def create_paper(request, payload: PaperIn):
    cell = get_organization_for(request.user, payload.cell_id)
    assignment = None
    if payload.assignment_id is not None:
        assignment = get_assignment_for(request.user, payload.assignment_id, organization=cell)
    paper = domain.create_paper(actor=request.user, cell=cell, title=payload.title, topic=payload.topic,
                                assignment=assignment, authors=_members(request.user, payload.author_ids),
                                text=payload.text)  # fmt: skip
    return Status(201, paper)


@router.get("/{paper_id}", response=PaperOut)
def get_paper(request, paper_id: int):
    return get_paper_for(request.user, paper_id)


@router.patch("/{paper_id}", response={200: PaperOut, 409: PaperStale})
def update_paper(request, paper_id: int, payload: PaperUpdateIn):
    """Saves the working copy; 409 when someone saved since `version`, with the paper as stored now
    (`current`, its working copy included for those who may edit it)."""
    paper = get_paper_for(request.user, paper_id)
    data = payload.dict(exclude_none=True)
    kwargs: dict[str, Any] = {
        k: data.pop(k) for k in ("title", "topic", "causes", "solutions", "commitments") if k in data
    }
    if "author_ids" in data:
        kwargs["authors"] = _members(request.user, data.pop("author_ids"))
    if "manifestation_codes" in data:
        kwargs["manifestations"] = domain.manifestations_by_code(data.pop("manifestation_codes"))
    try:
        return domain.update_paper(actor=request.user, paper=paper, version=data["version"],
                                   text=data.get("text"), blocks=data.get("blocks"), **kwargs)  # fmt: skip
    except ConflictError as error:
        return stale(error, _paper_current(request, paper_id))


@router.post("/{paper_id}/upload", response={201: PaperOut, 409: PaperStale})
def upload_paper(request, paper_id: int, version: Form[int], file: File[UploadedFile]):
    """Replaces the working copy with the text of a DOCX/PDF file; 409 as for saving."""
    paper = get_paper_for(request.user, paper_id)
    try:
        domain.import_file(actor=request.user, paper=paper, version=version, upload=file)
    except ConflictError as error:
        return stale(error, _paper_current(request, paper_id))
    paper.refresh_from_db()
    return Status(201, paper)


@router.post("/{paper_id}/state", response={200: PaperOut, 409: PaperStale})
def set_state(request, paper_id: int, payload: PaperStateIn):
    """Moves the paper (or stores a revision); with `version`, 409 as for saving."""
    paper = get_paper_for(request.user, paper_id)
    try:
        if payload.state == "revision":
            domain.submit_revision(actor=request.user, paper=paper, version=payload.version)
            return paper
        return domain.set_paper_state(
            actor=request.user, paper=paper, state=payload.state, version=payload.version
        )
    except ConflictError as error:
        return stale(error, _paper_current(request, paper_id))


@router.get("/{paper_id}/versions", response=list[PaperVersionOut])
def list_versions(request, paper_id: int):
    paper = get_paper_for(request.user, paper_id)
    return paper.versions.prefetch_related("paragraphs").order_by("number")


@router.get("/{paper_id}/diff")
def diff_versions(request, paper_id: int, old: VersionNumber, new: VersionNumber):
    """Paragraph rows (same / changed / added / removed) with word segments for changed ones."""
    paper = get_paper_for(request.user, paper_id)
    versions = {v.number: v for v in paper.versions.filter(number__in=[old, new])}
    if old not in versions or new not in versions:
        raise NotFound(_("Không có phiên bản này."))
    rows = diff_paragraphs(*(list(versions[n].paragraphs.values_list("anchor", "text")) for n in (old, new)))
    return [row.__dict__ for row in rows]


@router.get("/{paper_id}/comments", response=list[PaperCommentOut])
def list_comments(request, paper_id: int):
    paper = get_paper_for(request.user, paper_id)
    comments = list(paper.comments.order_by("created_at", "pk"))
    statuses = domain.anchor_statuses(paper, comments)
    for comment in comments:
        comment.anchor_status = statuses.get(comment.pk)  # type: ignore[attr-defined]  # read by CommentOut
    return comments


@router.post("/{paper_id}/comments", response={201: PaperCommentOut})
def add_comment(request, paper_id: int, payload: PaperCommentIn):
    paper = get_paper_for(request.user, paper_id)
    return Status(201, domain.add_comment(actor=request.user, paper=paper, **payload.dict()))


@router.post("/comments/{comment_id}/answer", response=PaperCommentOut)
def answer_comment(request, comment_id: int, payload: AnswerIn):
    comment = get_comment_for(request.user, comment_id)
    return domain.answer_comment(actor=request.user, comment=comment, **payload.dict())


@router.get("/statistics/{organization_id}", response=list[CountOut])
def statistics(request, organization_id: int):
    organization = get_organization_for(request.user, organization_id)
    return [
        {"code": c.manifestation.code, "short_label": c.manifestation.short_label,
         "group_label": c.manifestation.group_label, "total": c.total,
         "by_cell": {str(k): v for k, v in c.by_cell.items()}}
        for c in domain.manifestation_counts(organization)
    ]  # fmt: skip


@router.get("/sessions/{meeting_id}/agenda", response=list[AgendaItemOut])
def get_agenda(request, meeting_id: int):
    return get_meeting_for(request.user, meeting_id).paper_agenda.all()


@router.put("/sessions/{meeting_id}/agenda", response=list[AgendaItemOut])
def set_agenda(request, meeting_id: int, payload: list[AgendaItemIn]):
    meeting = get_meeting_for(request.user, meeting_id)
    items = [
        {"paper": get_paper_for(request.user, item.paper_id), "minutes": item.minutes, "starts_at": item.starts_at,
         "presenter": get_member_for(request.user, item.presenter_id) if item.presenter_id else None}
        for item in payload
    ]  # fmt: skip
    return domain.set_session_agenda(actor=request.user, meeting=meeting, items=items)


@router.post("/sessions/{meeting_id}/comments", response={201: PaperCommentOut})
def add_session_comment(request, meeting_id: int, payload: SessionCommentIn):
    meeting = get_meeting_for(request.user, meeting_id)
    paper = get_paper_for(request.user, payload.paper_id)
    data = payload.dict()
    author = get_member_for(request.user, data.pop("on_behalf_of_id"))
    data.pop("paper_id")
    comment = domain.add_comment(
        actor=request.user, paper=paper, meeting=meeting, on_behalf_of=author, **data
    )
    return Status(201, comment)


@router.post("/sessions/{meeting_id}/presented")
def mark_presented(request, meeting_id: int):
    meeting = get_meeting_for(request.user, meeting_id)
    return {"presented": domain.mark_agenda_presented(actor=request.user, meeting=meeting)}


@router.get("/files/{file_id}", response={200: None})
def download_paper_file(request, file_id: int):
    """An imported original of a paper, for whoever may open the paper."""
    stored = get_paper_file_for(request.user, file_id)
    return stored_file_response(stored.file, download_name(stored.name, stored.file.name or ""))

"""Consultations API: drafts, comments (idempotent submission), handling and synthesis."""

import time

from django.utils.translation import gettext as _
from ninja import File, Query, Router, Status
from ninja.files import UploadedFile
from ninja.pagination import paginate

from chuyende.api.auth import AUTH, TokenAuth
from chuyende.api.schemas import MAX_PAGE, BoundedPageNumberPagination, stale
from chuyende.common.errors import ConflictError, NotFound
from chuyende.common.models import ApiToken
from chuyende.consultations import domain
from chuyende.consultations.access import (
    consultation_not_found,
    consultations_for,
    get_comment_of,
    get_consultation_for,
    get_draft_for,
    get_group_of,
    get_office_consultation_for,
    get_own_comment,
    get_version_for,
)
from chuyende.consultations.diff import diff_versions
from chuyende.consultations.enums import CommentStatus
from chuyende.consultations.models import (
    Block,
    Comment,
    CommentGroup,
    Consultation,
    DraftVersion,
    SynthesisRun,
)
from chuyende.consultations.report import build_report
from chuyende.consultations.rules import can_handle_comments
from chuyende.consultations.structure import analyse_lines, block_depths, parse_lines
from chuyende.consultations.synthesis.counts import comment_counts
from chuyende.documents.rendering.docx import render_docx
from chuyende.documents.rendering.pdf import render_pdf
from chuyende.orgs.access import get_member_for, get_organization_for
from chuyende.orgs.domain.signing import signature_block
from chuyende.orgs.models import Term

from .consultation_schemas import (
    BlockEdit,
    BlockOut,
    CommentEdit,
    CommentRefIn,
    CommentStale,
    ConsultationCommentIn,
    ConsultationCommentOut,
    ConsultationIn,
    ConsultationIssueIn,
    ConsultationOut,
    DiffOut,
    DispositionIn,
    DispositionOut,
    DraftIn,
    DraftOut,
    DraftVersionOut,
    DraftVersionStale,
    GroupCommentsPage,
    GroupPage,
    GroupRef,
    IssuedOut,
    LinkIn,
    MergeIn,
    MoveIn,
    PlaceIn,
    PlacementOut,
    PreviewIn,
    PreviewOut,
    RunOut,
    SeenIn,
    SplitIn,
    StepOut,
)

router = Router(tags=["consultations"])
HOT_PATH_TTL = 30.0
_TOKENS: dict[str, tuple[float, object]] = {}
_CONSULTATIONS: dict[int, tuple[float, Consultation]] = {}


class CachedTokenAuth(TokenAuth):
    """Bearer auth for the comment hot path: a token checked by `TokenAuth` is trusted for
    HOT_PATH_TTL seconds in this process, saving two queries per submission (a revoked token
    stops working within that delay)."""

    def authenticate(self, request, token):
        key, now = ApiToken.hash_key(token), time.monotonic()
        cached = _TOKENS.get(key)
        if cached is not None and cached[0] > now:
            request.user = cached[1]
            return cached[1]
        user = super().authenticate(request, token)
        if user is not None:
            if len(_TOKENS) > 100_000:
                _TOKENS.clear()
            _TOKENS[key] = (now + HOT_PATH_TTL, user)
        return user


def _consultation_for_comments(consultation_id: int) -> Consultation:
    """The consultation, cached for a few seconds: its window and audience never change once
    open, and the domain re-checks the window against the clock on every submission."""
    now = time.monotonic()
    cached = _CONSULTATIONS.get(consultation_id)
    if cached is not None and cached[0] > now:
        return cached[1]
    consultation = Consultation.objects.filter(pk=consultation_id).first()
    if consultation is None:  # the words of a consultation outside the audience (the domain's)
        raise consultation_not_found()
    if len(_CONSULTATIONS) > 1000:
        _CONSULTATIONS.clear()
    _CONSULTATIONS[consultation_id] = (now + 5.0, consultation)
    return consultation


def _version_out(version: DraftVersion) -> dict:
    blocks = version.blocks.order_by("position").values("uid", "kind", "label", "text", "section_uid")
    return {
        "id": version.pk, "number": version.number, "revision": version.revision,
        "published": version.is_published, "blocks": list(blocks),
    }  # fmt: skip


def _draft_out(draft) -> dict:
    versions = [_version_out(v) for v in draft.versions.order_by("number")]
    return {
        "id": draft.pk,
        "title": draft.title,
        "organization_id": draft.organization_id,
        "versions": versions,
    }


def _office_consultation(user, consultation_id) -> Consultation:
    return get_office_consultation_for(user, consultation_id)


def _office_group(user, consultation_id: int, group_id: int) -> tuple[Consultation, CommentGroup]:
    """The consultation the office corrects and one of its groups (404 outside it)."""
    consultation = _office_consultation(user, consultation_id)
    return consultation, get_group_of(consultation, group_id)


def _version_of(draft, version_id) -> DraftVersion:
    version = draft.versions.filter(pk=version_id).first()
    if version is None:
        raise NotFound(_("Không tìm thấy phiên bản này."))
    return version


# --- drafts ---------------------------------------------------------------------------------------
@router.post("/drafts", response={201: DraftOut})
def create_draft(request, payload: DraftIn):
    """A draft from lines of text; Phần/Mục/Điều and numbered paragraphs are detected."""
    organization = get_organization_for(request.user, payload.organization_id)
    lines = payload.lines or payload.text.splitlines()
    draft = domain.create_draft(
        actor=request.user, organization=organization, title=payload.title, blocks=parse_lines(lines)
    )
    return Status(201, _draft_out(draft))


@router.post("/drafts/preview", response=PreviewOut)
def preview_draft(request, payload: PreviewIn):
    """The structure a pasted text would get, before anything is stored: the commentable blocks
    with their outline depth, and the frame lines left out (letterhead, signature, recipients)."""
    analysis = analyse_lines(payload.text.splitlines())
    depths = block_depths(analysis.blocks)
    blocks = [{**b.__dict__, "depth": d} for b, d in zip(analysis.blocks, depths, strict=True)]
    return {"blocks": blocks, "frame": [f.__dict__ for f in analysis.frame]}


@router.post("/drafts/import", response={201: DraftOut})
def import_draft(request, organization_id: int, title: str, file: File[UploadedFile]):
    organization = get_organization_for(request.user, organization_id)
    draft = domain.import_docx(
        actor=request.user, organization=organization, title=title, content=file.read()
    )
    return Status(201, _draft_out(draft))


@router.get("/drafts/{draft_id}", response=DraftOut)
def get_draft(request, draft_id: int):
    return _draft_out(get_draft_for(request.user, draft_id))


@router.patch(
    "/drafts/{draft_id}/versions/{version_id}/blocks/{uid}", response={200: BlockOut, 409: DraftVersionStale}
)
def edit_block(request, draft_id: int, version_id: int, uid: str, payload: BlockEdit):
    """Edits one block; 409 when someone saved since `expected_revision` was read, with the working
    version as stored now (`current`: its `revision` and every block)."""
    version = _version_of(get_draft_for(request.user, draft_id), version_id)
    try:
        return domain.edit_block(
            actor=request.user,
            version=version,
            uid=uid,
            text=payload.text,
            expected_revision=payload.expected_revision,
        )
    except ConflictError as error:
        version.refresh_from_db()
        return stale(error, _version_out(version))


@router.post("/drafts/{draft_id}/versions/{version_id}/publish", response=DraftVersionOut)
def publish(request, draft_id: int, version_id: int):
    version = _version_of(get_draft_for(request.user, draft_id), version_id)
    return _version_out(domain.publish_version(actor=request.user, version=version))


@router.post("/drafts/{draft_id}/versions", response={201: DraftVersionOut})
def next_version(request, draft_id: int):
    version = domain.start_next_version(actor=request.user, draft=get_draft_for(request.user, draft_id))
    return Status(201, _version_out(version))


@router.get("/drafts/{draft_id}/diff", response=list[DiffOut])
def diff(request, draft_id: int, old: int, new: int):
    """Paragraph-by-paragraph and word-by-word difference between two versions."""
    draft = get_draft_for(request.user, draft_id)
    return [d.__dict__ for d in diff_versions(_version_of(draft, old), _version_of(draft, new))]


# --- consultations and comments -------------------------------------------------------------------
@router.post("", response={201: ConsultationOut})
def open_consultation(request, payload: ConsultationIn):
    version = get_version_for(request.user, payload.version_id)
    consultation = domain.open_consultation(
        actor=request.user, version=version, title=payload.title, opens_at=payload.opens_at,
        closes_at=payload.closes_at,
        organizations=[get_organization_for(request.user, pk) for pk in payload.organization_ids],
        members=[get_member_for(request.user, pk) for pk in payload.member_ids],
    )  # fmt: skip
    return Status(201, consultation)


@router.get("", response=list[ConsultationOut])
@paginate(BoundedPageNumberPagination, page_size=50)
def list_consultations(request):
    return consultations_for(request.user).order_by("-opens_at", "-pk")


@router.get("/{consultation_id}", response=ConsultationOut)
def get_consultation(request, consultation_id: int):
    return get_consultation_for(request.user, consultation_id)


@router.get("/{consultation_id}/draft", response=list[BlockOut])
def consulted_text(request, consultation_id: int):
    consultation = get_consultation_for(request.user, consultation_id)
    return Block.objects.filter(version_id=consultation.version_id).order_by("position")


@router.post(
    "/{consultation_id}/comments",
    response={200: ConsultationCommentOut, 201: ConsultationCommentOut},
    auth=[CachedTokenAuth(), *AUTH[1:]],
)
def submit_comment(request, consultation_id: int, payload: ConsultationCommentIn):
    """Submits a comment. A retry with the same `idempotency_key` returns the stored comment with
    200 instead of 201 and stores nothing. The audience check is the domain's (hot path: no scoped
    listing query here). Bearer-token calls usually arrive through `api.fast_comments`, which
    calls `submit_comment_as` below without the rest of the stack."""
    return Status(*submit_comment_as(request.user, consultation_id, payload))


def submit_comment_as(user, consultation_id: int, payload: ConsultationCommentIn) -> tuple[int, dict]:
    """(status, body) of a submission by `user`: 201 stored, 200 a retry of a stored one."""
    if payload.cell_id:
        # On behalf of a cell (not the hot path): the scoped lookup first, so that looking up the
        # cell cannot answer differently for a hidden consultation and a missing one.
        consultation = get_consultation_for(user, consultation_id)
        cell = get_organization_for(user, payload.cell_id)
    else:
        consultation, cell = _consultation_for_comments(consultation_id), None
    comment, created = domain.submit_comment(
        actor=user, consultation=consultation, cell=cell, **payload.dict(exclude={"cell_id"})
    )
    return 201 if created else 200, _comment_out(comment)


_COMMENT_FIELDS = list(ConsultationCommentOut.model_fields)


def _comment_out(comment: Comment) -> dict:
    """A plain dict: validating it is several times cheaper than reading a model through Ninja's
    attribute getter, which matters on the hot path."""
    return {name: getattr(comment, name) for name in _COMMENT_FIELDS}


@router.get("/{consultation_id}/comments", response=list[ConsultationCommentOut])
@paginate(BoundedPageNumberPagination, page_size=100)
def list_comments(request, consultation_id: int, mine: bool = False, unhandled: bool = False):
    """The office sees every comment; anyone else only their own."""
    consultation = get_consultation_for(request.user, consultation_id)
    comments = Comment.objects.filter(consultation=consultation).order_by("pk")
    if mine or not can_handle_comments(request.user, consultation):
        comments = comments.filter(author=request.user)
    if unhandled:
        comments = comments.filter(status=CommentStatus.ACTIVE, disposition__isnull=True)
    return comments


@router.patch("/comments/{comment_id}", response={200: ConsultationCommentOut, 409: CommentStale})
def edit_comment(request, comment_id: int, payload: CommentEdit):
    """Changes one's own comment; 409 when it was changed since `expected_revision` (in another tab
    or on the phone), with the comment as stored now (`current`)."""
    comment = get_own_comment(request.user, comment_id)
    try:
        return domain.edit_comment(actor=request.user, comment=comment, **payload.dict())
    except ConflictError as error:
        return stale(error, get_own_comment(request.user, comment_id))


@router.post("/comments/{comment_id}/withdraw", response=ConsultationCommentOut)
def withdraw_comment(request, comment_id: int):
    return domain.withdraw_comment(actor=request.user, comment=get_own_comment(request.user, comment_id))


# --- handling and synthesis -----------------------------------------------------------------------
@router.get("/{consultation_id}/summary", response=dict)
def summary(request, consultation_id: int):
    """Counts by paragraph, section, channel, cell and stance, and how many comments are unhandled."""
    consultation = _office_consultation(request.user, consultation_id)
    return {**comment_counts(consultation), "unhandled": domain.unhandled_count(consultation)}


@router.get("/{consultation_id}/groups", response=GroupPage)
def list_groups(request, consultation_id: int, page: int = Query(1, ge=1, le=MAX_PAGE), page_size: int = 100):
    """The grouping, largest groups first: each group with its comment ids, target, stance and
    representative (`page_size` up to 500; `groups.jsonl` streams them all)."""
    from chuyende.consultations.synthesis.export import group_page

    consultation = _office_consultation(request.user, consultation_id)
    return group_page(consultation, page, min(max(page_size, 1), 500))


@router.get("/{consultation_id}/groups.jsonl", response={200: None})
def stream_groups(request, consultation_id: int):
    """Every group as one JSON object a line, streamed (for consultations of millions)."""
    from django.http import StreamingHttpResponse

    from chuyende.consultations.synthesis.export import iter_jsonl

    consultation = _office_consultation(request.user, consultation_id)
    return StreamingHttpResponse(iter_jsonl(consultation), content_type="application/x-ndjson")


@router.get("/{consultation_id}/groups.xlsx", response={200: None})
def groups_workbook(request, consultation_id: int):
    """The grouping as an XLSX workbook for the office (a sheet of groups, a sheet of comments)."""
    from django.http import HttpResponse

    from chuyende.consultations.synthesis.export import groups_xlsx

    consultation = _office_consultation(request.user, consultation_id)
    response = HttpResponse(
        groups_xlsx(consultation),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = 'attachment; filename="nhom-y-kien.xlsx"'
    return response


# --- corrections of the synthesis (the office) ------------------------------------------------------
@router.get("/{consultation_id}/groups/{group_id}/comments", response=GroupCommentsPage)
def group_comments_page(
    request, consultation_id: int, group_id: int, page: int = Query(1, ge=1, le=MAX_PAGE), page_size: int = 50
):
    """The comments of one group, oldest first, paged (`page_size` up to 200)."""
    _, group = _office_group(request.user, consultation_id, group_id)
    size = min(max(page_size, 1), 200)
    comments = group.comments.filter(status=CommentStatus.ACTIVE).order_by("pk")
    start = (max(page, 1) - 1) * size
    return {"count": comments.count(), "items": list(comments[start : start + size])}


@router.post("/{consultation_id}/groups/{group_id}/merge", response=GroupRef)
def merge_groups(request, consultation_id: int, group_id: int, payload: MergeIn):
    consultation, group = _office_group(request.user, consultation_id, group_id)
    other = get_group_of(consultation, payload.other_id)
    return domain.merge_groups(actor=request.user, group=group, other=other)


@router.post("/{consultation_id}/groups/{group_id}/split", response=GroupRef)
def split_group(request, consultation_id: int, group_id: int, payload: SplitIn):
    """Takes the listed comments into a new group; returns the new group."""
    _, group = _office_group(request.user, consultation_id, group_id)
    return domain.split_group(actor=request.user, group=group, comment_ids=payload.comment_ids)


@router.post("/{consultation_id}/groups/{group_id}/representative", response=GroupRef)
def choose_representative(request, consultation_id: int, group_id: int, payload: CommentRefIn):
    consultation, group = _office_group(request.user, consultation_id, group_id)
    comment = get_comment_of(consultation, payload.comment_id)
    return domain.choose_representative(actor=request.user, group=group, comment=comment)


@router.post("/{consultation_id}/groups/{group_id}/seen", response=GroupRef)
def mark_seen(request, consultation_id: int, group_id: int, payload: SeenIn):
    _, group = _office_group(request.user, consultation_id, group_id)
    return domain.mark_seen(actor=request.user, group=group, seen=payload.seen)


@router.post("/{consultation_id}/comments/{comment_id}/move", response=GroupRef)
def move_comment(request, consultation_id: int, comment_id: int, payload: MoveIn):
    consultation = _office_consultation(request.user, consultation_id)
    comment = get_comment_of(consultation, comment_id)
    return domain.move_comment(
        actor=request.user, comment=comment, group=get_group_of(consultation, payload.group_id)
    )


@router.post("/{consultation_id}/comments/{comment_id}/place", response=PlacementOut)
def place_comment(request, consultation_id: int, comment_id: int, payload: PlaceIn):
    """Confirms or changes the paragraph a whole-draft comment belongs to."""
    consultation = _office_consultation(request.user, consultation_id)
    comment = get_comment_of(consultation, comment_id)
    group = get_group_of(consultation, payload.group_id) if payload.group_id is not None else None
    comment = domain.place_comment(
        actor=request.user, comment=comment, block_uid=payload.block_uid, group=group
    )
    comment.refresh_from_db()
    return comment


@router.post("/{consultation_id}/dispositions", response={201: DispositionOut})
def dispose(request, consultation_id: int, payload: DispositionIn):
    """Handles comments and/or a whole group with one decision and explanation."""
    consultation = _office_consultation(request.user, consultation_id)
    group = None
    if payload.group_id is not None:
        group = CommentGroup.objects.filter(pk=payload.group_id, consultation=consultation).first()
        if group is None:
            raise NotFound(_("Không tìm thấy nhóm ý kiến này."))
    changed_version = None
    if payload.changed_version_id is not None:
        changed_version = _version_of(consultation.version.draft, payload.changed_version_id)
    disposition = domain.dispose(
        actor=request.user, consultation=consultation, decision=payload.decision,
        explanation=payload.explanation, comment_ids=payload.comment_ids, group=group,
        changed_version=changed_version, changed_block_uid=payload.changed_block_uid,
    )  # fmt: skip
    return Status(201, {**disposition.__dict__, "comments": disposition.comments.count()})


@router.get("/{consultation_id}/steps", response=list[StepOut])
def steps(request, consultation_id: int):
    """Close early, finish, issue: whether each can be taken now and what blocks it."""
    consultation = _office_consultation(request.user, consultation_id)
    return [
        {"action": s.action, "allowed": s.allowed, "blockers": s.blockers}
        for s in domain.next_steps(consultation).values()
    ]


@router.post("/{consultation_id}/close", response=ConsultationOut)
def close_early(request, consultation_id: int):
    """Stops taking comments now, before the planned end of the window."""
    consultation = _office_consultation(request.user, consultation_id)
    return domain.close_early(actor=request.user, consultation=consultation)


@router.post("/{consultation_id}/dispositions/{disposition_id}/link", response=DispositionOut)
def link_disposition(request, consultation_id: int, disposition_id: int, payload: LinkIn):
    """Links an accepted disposition to the paragraph of the new version that changed."""
    consultation = _office_consultation(request.user, consultation_id)
    disposition = consultation.dispositions.filter(pk=disposition_id).first()
    if disposition is None:
        raise NotFound(_("Không tìm thấy kết quả xử lý này."))
    version = _version_of(consultation.version.draft, payload.changed_version_id)
    disposition = domain.link_changed_block(
        actor=request.user, disposition=disposition, changed_version=version,
        changed_block_uid=payload.changed_block_uid,
    )  # fmt: skip
    return {**disposition.__dict__, "comments": disposition.comments.count()}


@router.post("/{consultation_id}/finish", response=ConsultationOut)
def finish(request, consultation_id: int):
    consultation = _office_consultation(request.user, consultation_id)
    return domain.finish_consultation(actor=request.user, consultation=consultation)


@router.post("/{consultation_id}/issue", response={201: IssuedOut})
def issue(request, consultation_id: int, payload: ConsultationIssueIn):
    """Issues the final version as a numbered resolution (NQ) and disseminates it to the subtree."""

    consultation = _office_consultation(request.user, consultation_id)
    term = Term.objects.filter(pk=payload.term_id, organization=consultation.organization).first()
    if term is None:
        raise NotFound(_("Không tìm thấy nhiệm kỳ này."))
    document = domain.issue_resolution(
        actor=request.user, consultation=consultation, term=term,
        signer=get_member_for(request.user, payload.signer_member_id), issued_on=payload.issued_on,
    )  # fmt: skip
    return Status(201, {"document_id": document.pk, "number_symbol": document.number_symbol})


@router.post("/{consultation_id}/synthesis", response={202: RunOut})
def start_synthesis(request, consultation_id: int):
    run = domain.start_synthesis(
        actor=request.user, consultation=_office_consultation(request.user, consultation_id)
    )
    run.refresh_from_db()
    return Status(202, run)


def _run_for(user, run_id) -> SynthesisRun:
    run = SynthesisRun.objects.select_related("consultation__organization").filter(pk=run_id).first()
    if run is None or not can_handle_comments(user, run.consultation):
        raise NotFound(_("Không tìm thấy lần tổng hợp này."))
    return run


@router.get("/synthesis-runs/{run_id}", response=RunOut)
def get_run(request, run_id: int):
    return _run_for(request.user, run_id)


@router.post("/synthesis-runs/{run_id}/cancel", response=RunOut)
def cancel_run(request, run_id: int):
    return domain.cancel_synthesis(actor=request.user, run=_run_for(request.user, run_id))


@router.get("/{consultation_id}/report.{kind}", response={200: None})
def report(request, consultation_id: int, kind: str, signer_member_id: int | None = None):
    """The handling report (Báo cáo tiếp thu, giải trình ý kiến góp ý) as `docx` or `pdf`, signed
    by `signer_member_id` (who must hold a signing role) or else the organization's secretary."""
    from django.http import HttpResponse

    consultation = _office_consultation(request.user, consultation_id)
    signer = None
    if signer_member_id is not None:
        signer = signature_block(consultation.organization, get_member_for(request.user, signer_member_id))
    document = build_report(consultation, signer=signer)
    if kind == "docx":
        mime = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
        return HttpResponse(render_docx(document), content_type=mime)
    if kind == "pdf":
        return HttpResponse(render_pdf(document), content_type="application/pdf")
    raise NotFound(_("Chỉ có báo cáo dạng docx hoặc pdf."))

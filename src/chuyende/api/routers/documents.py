"""Official documents: drafts, issuing, files, dissemination, acknowledgement, roll-up, outbox."""

from datetime import date, datetime

from django.http import HttpResponse
from django.utils.translation import gettext as _
from ninja import Router, Schema, Status
from ninja.pagination import paginate

from chuyende.api.schemas import BoundedPageNumberPagination, InputSchema, changes_of, stale, stale_schema
from chuyende.common.errors import ConflictError, NotAllowed, NotFound
from chuyende.common.models import OutboxMessage
from chuyende.common.outbox import messages_for, release
from chuyende.common.tasks import send_outbox
from chuyende.documents.access import documents_for, get_document_for, rollup_scope
from chuyende.documents.domain import (
    acknowledge,
    acknowledgement_rollup,
    create_document,
    disseminate,
    issue_document,
    pending_recipients,
    prepare_reminders,
    replace_document,
    update_draft,
    withdraw_document,
)
from chuyende.documents.enums import FileFormat
from chuyende.documents.models import DocumentType, OfficialDocument
from chuyende.documents.output import document_file, document_html
from chuyende.orgs.access import get_member_for, get_organization_for
from chuyende.orgs.models import Organization, Term
from chuyende.orgs.rules import can_oversee_organization

router = Router(tags=["documents"])


class DocumentTypeOut(Schema):
    code: str
    name: str
    signing_form: str
    signer_position: str
    default_recipients: list[str]
    template: list[dict]


class DocumentOut(Schema):
    id: int
    organization_id: int
    type_code: str
    term_id: int
    summary: str
    body: list[dict]
    marks: list[str]
    recipients: list[str]
    signer_id: int | None
    signing_form: str
    signer_position: str
    state: str
    number: int | None
    number_symbol: str
    issued_on: date | None
    replaced_by_id: int | None
    version: int


class DocumentCurrent(DocumentOut):
    """A document as stored, for the side-by-side view of a stale save."""

    updated_at: datetime


DocumentStale = stale_schema("DocumentStale", DocumentCurrent)


class DocumentIn(InputSchema):
    organization_id: int
    type_code: str
    term_id: int
    summary: str
    body: list[dict] | None = None
    marks: list[str] = []
    recipients: list[str] | None = None
    signer_id: int | None = None
    signing_form: str | None = None
    signer_position: str | None = None


class DocumentPatch(InputSchema):
    expected_version: int
    summary: str | None = None
    body: list[dict] | None = None
    marks: list[str] | None = None
    recipients: list[str] | None = None
    signer_id: int | None = None
    signing_form: str | None = None
    signer_position: str | None = None


class DocumentIssueIn(InputSchema):
    issued_on: date | None = None
    signer_id: int | None = None
    expected_version: int | None = None


class WithdrawIn(InputSchema):
    reason: str
    expected_version: int | None = None


class ReplaceIn(InputSchema):
    replacement_id: int
    expected_version: int | None = None


class DisseminateIn(InputSchema):
    audience: str
    cell_ids: list[int] = []
    member_ids: list[int] = []


class DisseminationOut(Schema):
    id: int
    audience: str
    recipient_count: int


class AcknowledgementOut(Schema):
    member_id: int
    acknowledged_at: datetime | None


class OrgRateOut(Schema):
    organization_id: int | None
    name: str
    path: str
    is_cell: bool
    total: int
    done: int
    percent: float


class AcknowledgementRollupOut(Schema):
    total: int
    done: int
    percent: float
    rows: list[OrgRateOut]


class PendingOut(Schema):
    member_id: int
    full_name: str


class OutboxOut(Schema):
    id: int
    organization_id: int
    to_email: str
    subject: str
    body: str
    status: str
    topic: str


class ReleaseIn(InputSchema):
    organization_id: int
    message_ids: list[int]


def _out(document) -> dict:
    return {
        **{field: getattr(document, field) for field in DocumentOut.model_fields if hasattr(document, field)},
        "type_code": document.document_type.code,
    }


def _current(request, document_id: int) -> dict:
    document = get_document_for(request.user, document_id)
    return {**_out(document), "updated_at": document.updated_at}


def _people(request, data: dict) -> dict:
    if data.get("signer_id") is not None:
        data["signer"] = get_member_for(request.user, data.pop("signer_id"))
    else:
        data.pop("signer_id", None)
    return {key: value for key, value in data.items() if value is not None}


@router.get("/document-types", response=list[DocumentTypeOut])
def list_document_types(request):
    return DocumentType.objects.filter(is_active=True)


@router.get("/documents", response=list[DocumentOut])
@paginate(BoundedPageNumberPagination, page_size=50)
def list_documents(request, state: str | None = None, organization_id: int | None = None):
    """Documents the caller may open, newest first."""
    documents = documents_for(request.user).select_related("document_type")
    if state:
        documents = documents.filter(state=state)
    if organization_id is not None:
        documents = documents.filter(organization_id=organization_id)
    return [_out(d) for d in documents]


@router.post("/documents", response={201: DocumentOut})
def add_document(request, payload: DocumentIn):
    organization = get_organization_for(request.user, payload.organization_id)
    try:
        document_type = DocumentType.objects.get(code=payload.type_code, is_active=True)
        term = Term.objects.get(pk=payload.term_id, organization=organization)
    except (DocumentType.DoesNotExist, Term.DoesNotExist):
        raise NotFound(_("Không tìm thấy loại văn bản hoặc nhiệm kỳ.")) from None
    data = _people(
        request, payload.dict(exclude={"organization_id", "type_code", "term_id", "summary", "body"})
    )
    document = create_document(
        actor=request.user,
        organization=organization,
        document_type=document_type,
        term=term,
        summary=payload.summary,
        body=payload.body,
        **data,
    )
    return Status(201, _out(document))


@router.get("/documents/{document_id}", response=DocumentOut)
def get_document(request, document_id: int):
    return _out(get_document_for(request.user, document_id))


@router.patch("/documents/{document_id}", response={200: DocumentOut, 409: DocumentStale})
def change_document(request, document_id: int, payload: DocumentPatch):
    """Edits a draft; `expected_version` must be the version read (409 when someone saved since, with
    the document as stored now in `current`)."""
    document = get_document_for(request.user, document_id)
    data = _people(request, changes_of(payload, OfficialDocument, exclude={"expected_version"}))
    try:
        return _out(
            update_draft(
                actor=request.user, document=document, expected_version=payload.expected_version, **data
            )
        )
    except ConflictError as error:
        return stale(error, _current(request, document_id))


@router.post("/documents/{document_id}/issue", response={200: DocumentOut, 409: DocumentStale})
def issue(request, document_id: int, payload: DocumentIssueIn):
    """Issues a draft; with `expected_version`, 409 as for editing."""
    document = get_document_for(request.user, document_id)
    signer = get_member_for(request.user, payload.signer_id) if payload.signer_id else None
    try:
        return _out(
            issue_document(
                actor=request.user,
                document=document,
                issued_on=payload.issued_on,
                signer=signer,
                expected_version=payload.expected_version,
            )
        )
    except ConflictError as error:
        return stale(error, _current(request, document_id))


@router.post("/documents/{document_id}/withdraw", response={200: DocumentOut, 409: DocumentStale})
def withdraw(request, document_id: int, payload: WithdrawIn):
    """Withdraws an issued document; with `expected_version`, 409 as for editing."""
    document = get_document_for(request.user, document_id)
    try:
        return _out(
            withdraw_document(
                actor=request.user,
                document=document,
                reason=payload.reason,
                expected_version=payload.expected_version,
            )
        )
    except ConflictError as error:
        return stale(error, _current(request, document_id))


@router.post("/documents/{document_id}/replace", response={200: DocumentOut, 409: DocumentStale})
def replace(request, document_id: int, payload: ReplaceIn):
    """Marks a document replaced; with `expected_version`, 409 as for editing."""
    document = get_document_for(request.user, document_id)
    replacement = get_document_for(request.user, payload.replacement_id)
    try:
        return _out(
            replace_document(
                actor=request.user,
                document=document,
                replacement=replacement,
                expected_version=payload.expected_version,
            )
        )
    except ConflictError as error:
        return stale(error, _current(request, document_id))


@router.get("/documents/{document_id}/file/{fmt}", response={200: None})
def download(request, document_id: int, fmt: FileFormat):
    """The PDF or DOCX file: the stored bytes of an issued document, a fresh rendering of a draft."""
    output = document_file(get_document_for(request.user, document_id), fmt)
    response = HttpResponse(output.content, content_type=output.content_type)
    response["Content-Disposition"] = f'attachment; filename="{output.file_name}"'
    return response


@router.get("/documents/{document_id}/html", response={200: None})
def view_html(request, document_id: int):
    return HttpResponse(document_html(get_document_for(request.user, document_id)))


@router.post("/documents/{document_id}/disseminations", response={201: DisseminationOut})
def add_dissemination(request, document_id: int, payload: DisseminateIn):
    document = get_document_for(request.user, document_id)
    cells = [get_organization_for(request.user, pk) for pk in payload.cell_ids]
    members = [get_member_for(request.user, pk) for pk in payload.member_ids]
    dissemination = disseminate(
        actor=request.user, document=document, audience=payload.audience, cells=cells, members=members
    )
    return Status(201, dissemination)


@router.post("/documents/{document_id}/acknowledge", response=AcknowledgementOut)
def acknowledge_document(request, document_id: int):
    """The caller acknowledges ("Đã nghiên cứu, quán triệt"); repeating it changes nothing."""
    recipient = acknowledge(actor=request.user, document=get_document_for(request.user, document_id))
    return {"member_id": recipient.member_id, "acknowledged_at": recipient.acknowledged_at}


@router.get("/documents/{document_id}/acknowledgements", response=AcknowledgementRollupOut)
def rollup(request, document_id: int, organization_id: int | None = None):
    """Acknowledgement rate of each direct child organization (its whole subtree) and in total,
    over the subtrees the caller oversees; `organization_id` drills down into one organization
    inside them (a committee whose children are cells gives the per-cell table)."""
    document = get_document_for(request.user, document_id)
    roots = rollup_scope(request.user, document, organization_id)
    if not roots:
        raise NotAllowed(_("Bạn không theo dõi việc nghiên cứu văn bản này."))
    result = acknowledgement_rollup(document, roots)
    orgs = {
        o.path: o
        for o in Organization.objects.filter(path__in=[r.path for r in result.rows]).only(
            "pk", "name", "path", "kind"
        )
    }
    rows = []
    for r in result.rows:
        org = orgs.get(r.path)
        rows.append(
            {
                "organization_id": org.pk if org else None,
                "name": org.name if org else "",
                "path": r.path,
                "is_cell": bool(org and org.is_cell),
                "total": r.total,
                "done": r.done,
                "percent": r.percent,
            }
        )
    return {"total": result.total, "done": result.done, "percent": result.percent, "rows": rows}


@router.get("/documents/{document_id}/acknowledgements/cells/{cell_id}/pending", response=list[PendingOut])
def pending(request, document_id: int, cell_id: int):
    """Members of a cell who have not acknowledged yet (for its secretary and those above)."""
    document = get_document_for(request.user, document_id)
    cell = get_organization_for(request.user, cell_id)
    if not can_oversee_organization(request.user, cell):
        raise NotAllowed(_("Bạn không theo dõi chi bộ này."))
    return [
        {"member_id": r.member_id, "full_name": r.member.full_name}
        for r in pending_recipients(document, cell)
    ]


@router.post("/documents/{document_id}/disseminations/{dissemination_id}/reminders", response={201: dict})
def reminders(request, document_id: int, dissemination_id: int):
    """Prepares reminders (not sent until released) for members who have not acknowledged."""
    document = get_document_for(request.user, document_id)
    dissemination = document.disseminations.filter(pk=dissemination_id).first()
    if dissemination is None:
        raise NotFound(_("Không tìm thấy đợt phổ biến này."))
    return Status(201, {"prepared": prepare_reminders(actor=request.user, dissemination=dissemination)})


@router.get("/outbox", response=list[OutboxOut])
@paginate(BoundedPageNumberPagination, page_size=100)
def list_outbox(request, organization_id: int, status: str = "prepared"):
    organization = get_organization_for(request.user, organization_id)
    return messages_for(request.user, organization, status=status)


@router.post("/outbox/release", response=dict)
def release_outbox(request, payload: ReleaseIn):
    """Releases prepared messages, then queues sending (inline when no worker runs)."""
    organization = get_organization_for(request.user, payload.organization_id)
    messages = OutboxMessage.objects.filter(pk__in=payload.message_ids)
    released = release(actor=request.user, organization=organization, messages=messages)
    send_outbox.enqueue()
    return {"released": released}

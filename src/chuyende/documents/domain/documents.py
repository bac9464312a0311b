from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from chuyende.common import audit
from chuyende.common.errors import ConflictError, DomainError, NotAllowed
from chuyende.orgs.domain.organizations import audit_partition
from chuyende.orgs.models import Member, Organization, Term

from ..compose import validate_body
from ..enums import DocumentState, SigningForm
from ..models import DocumentType, OfficialDocument
from ..rules import can_manage_documents

FROZEN_MESSAGE = gettext_lazy(
    "Văn bản đã ban hành, không thể sửa. Muốn thay đổi, hãy soạn và ban hành văn bản thay thế."
)
EDITABLE_FIELDS = [
    "summary", "body", "marks", "recipients", "signer", "signing_form", "signer_position", "term",
]  # fmt: skip


def _check_fields(organization: Organization, fields: dict) -> None:
    if "summary" in fields and not str(fields["summary"]).strip():
        raise DomainError(_("Trích yếu không được để trống."))
    if "body" in fields:
        validate_body(fields["body"])
    for key in ("marks", "recipients"):
        if key in fields and not (
            isinstance(fields[key], list) and all(isinstance(line, str) for line in fields[key])
        ):
            raise DomainError(_("Dấu mức độ và nơi nhận phải là danh sách dòng chữ."))
    if "signing_form" in fields and fields["signing_form"] not in SigningForm.values:
        raise DomainError(_("Thể thức ký không hợp lệ."))
    term = fields.get("term")
    if term is not None and term.organization_id != organization.pk:
        raise DomainError(_("Nhiệm kỳ không thuộc cơ quan ban hành."))
    signer = fields.get("signer")
    if signer is not None and not isinstance(signer, Member):
        raise TypeError("signer must be a Member")


def check_can_write_document(actor, organization: Organization) -> None:
    """Refuses (NotAllowed) whoever may not draft documents of `organization`."""
    if not can_manage_documents(actor, organization):
        raise NotAllowed(_("Bạn không có quyền soạn văn bản của tổ chức này."))


def check_can_edit_document(actor, document: OfficialDocument) -> None:
    """Refuses (NotAllowed) whoever may not change `document`, whatever its state."""
    if not can_manage_documents(actor, document.organization):
        raise NotAllowed(_("Bạn không có quyền sửa văn bản này."))


def create_document(
    *,
    actor,
    organization: Organization,
    document_type: DocumentType,
    term: Term,
    summary: str,
    body: list[dict] | None = None,
    **fields,
) -> OfficialDocument:
    """Creates a draft of `organization`. Without a body the type's template is used, without
    recipients the type's default recipients, and the type's signing form and position."""
    check_can_write_document(actor, organization)
    unknown = set(fields) - set(EDITABLE_FIELDS)
    if unknown:
        raise TypeError(f"unknown document fields: {sorted(unknown)}")
    values = {
        "summary": summary,
        "body": body if body is not None else list(document_type.template),
        "recipients": list(document_type.default_recipients),
        "signing_form": document_type.signing_form,
        "signer_position": document_type.signer_position,
        "term": term,
        **fields,
    }
    _check_fields(organization, values)
    with transaction.atomic():
        document = OfficialDocument.objects.create(
            organization=organization,
            document_type=document_type,
            created_by=actor if getattr(actor, "is_authenticated", False) else None,
            **values,
        )
        audit.record(
            "document.create",
            document,
            actor=actor,
            partition=audit_partition(organization),
            changes={"type": document_type.code, "summary": summary, "term": term.pk},
        )
    return document


def update_draft(*, actor, document: OfficialDocument, expected_version: int, **changes) -> OfficialDocument:
    """Changes the content of a draft and bumps its version.

    `expected_version` is the version the editor started from: if someone saved in between, the
    change is refused with ConflictError instead of overwriting theirs. An issued document is
    frozen: any change is refused.
    """
    check_can_edit_document(actor, document)
    unknown = set(changes) - set(EDITABLE_FIELDS)
    if unknown:
        raise TypeError(f"unknown document fields: {sorted(unknown)}")
    if document.state != DocumentState.DRAFT:
        raise DomainError(str(FROZEN_MESSAGE))
    _check_fields(document.organization, changes)
    before = {field: getattr(document, field) for field in EDITABLE_FIELDS}
    with transaction.atomic():
        # The compare-and-set is one UPDATE: two editors saving at once cannot both win.
        updated = OfficialDocument.objects.filter(
            pk=document.pk, version=expected_version, state=DocumentState.DRAFT
        ).update(version=F("version") + 1, **changes)
        if not updated:
            current = OfficialDocument.objects.get(pk=document.pk)
            if current.state != DocumentState.DRAFT:
                raise DomainError(str(FROZEN_MESSAGE))
            raise ConflictError(
                _(
                    "Văn bản vừa được người khác sửa (phiên bản %(current)s, bạn đang sửa phiên bản %(expected)s). "
                    "Hãy tải lại trang để xem thay đổi rồi sửa tiếp."
                )
                % {"current": current.version, "expected": expected_version}
            )
        document.refresh_from_db()
        audit.record(
            "document.update",
            document,
            actor=actor,
            partition=audit_partition(document.organization),
            changes={"version": document.version, **audit.diff(document, before, list(changes))},
        )
    return document

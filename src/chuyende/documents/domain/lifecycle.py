"""The lifecycle of an official document: draft → issued → withdrawn | replaced.

`transition` owns every state change; the use-case functions below prepare what each move needs
(a number, files, a reason) and call it.
"""

from datetime import date

from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from chuyende.common import audit
from chuyende.common.errors import ConflictError, DomainError, NotAllowed
from chuyende.common.text import fold
from chuyende.orgs.domain.organizations import audit_partition
from chuyende.orgs.domain.signing import signature_block
from chuyende.orgs.models import Member

from ..compose import to_render_model
from ..enums import TRANSITIONS, DocumentState
from ..models import OfficialDocument
from ..rendering.docx import render_docx
from ..rendering.model import format_number_symbol
from ..rendering.pdf import render_pdf
from ..rules import can_manage_documents
from .numbering import allocate_number


def file_stem(document: OfficialDocument) -> str:
    """ASCII-safe file name stem: "05-KH-DU" for "05-KH/ĐU", "du-thao-12" for a draft."""
    if not document.number_symbol:
        return f"du-thao-{document.pk}"
    return fold(document.number_symbol).replace("/", "-").upper().replace(" ", "")


def transition(
    *, actor, document: OfficialDocument, to: DocumentState, changes: dict | None = None
) -> OfficialDocument:
    """Moves `document` to state `to` and saves `changes` with it, in one transaction: bumps the
    version, refuses illegal moves with DomainError, writes the audit entry "document.<to>".
    Callers hold the row lock (see `_locked`)."""
    if to not in TRANSITIONS[document.state]:
        raise DomainError(
            _("Không thể chuyển văn bản từ trạng thái “%(old)s” sang “%(new)s”.")
            % {"old": DocumentState(document.state).label, "new": DocumentState(to).label}
        )
    changes = dict(changes or {})
    old_state = document.state
    with transaction.atomic():
        for field, value in changes.items():
            setattr(document, field, value)
        document.state = to
        document.version = F("version") + 1
        document.save(update_fields=["state", "version", "updated_at", *changes])
        document.refresh_from_db(fields=["version"])
        audit.record(
            f"document.{to}",
            document,
            actor=actor,
            partition=audit_partition(document.organization),
            changes={
                "state": [old_state, to],
                **{k: v for k, v in changes.items() if not k.endswith("_file")},
            },
        )
    return document


def _locked(document: OfficialDocument, expected_version: int | None) -> OfficialDocument:
    locked = (
        OfficialDocument.objects.select_for_update(of=("self",))
        .select_related("organization", "document_type", "term", "signer")
        .get(pk=document.pk)
    )
    if expected_version is not None and locked.version != expected_version:
        raise ConflictError(_("Văn bản vừa được người khác thay đổi. Hãy tải lại trang rồi thực hiện lại."))
    return locked


def check_can_issue_document(actor, document: OfficialDocument) -> None:
    """Refuses (NotAllowed) whoever may not issue `document`; its page asks before reading the form."""
    if not can_manage_documents(actor, document.organization):
        raise NotAllowed(_("Bạn không có quyền ban hành văn bản của tổ chức này."))


def check_can_withdraw_document(actor, document: OfficialDocument) -> None:
    if not can_manage_documents(actor, document.organization):
        raise NotAllowed(_("Bạn không có quyền thu hồi văn bản của tổ chức này."))


def issue_document(
    *,
    actor,
    document: OfficialDocument,
    issued_on: date | None = None,
    signer: Member | None = None,
    expected_version: int | None = None,
) -> OfficialDocument:
    """Issues a draft: takes the next number of its register, fixes the date and the signer,
    freezes the content and stores the rendered DOCX and PDF, so the issued bytes never change.

    The signer must hold a signing role on the issuing organization that day
    (`orgs.domain.signing`); their role sets the signature block ("T/M …", "K/T BÍ THƯ", the
    position). The actor (a clerk acting on the signer's instruction) is recorded separately.

    Everything happens in one transaction; if rendering fails nothing is issued and the number
    goes back to the register.
    """
    check_can_issue_document(actor, document)
    issued_on = issued_on or timezone.localdate()
    with transaction.atomic():
        locked = _locked(document, expected_version)
        if locked.state != DocumentState.DRAFT:
            raise DomainError(_("Văn bản đã được ban hành trước đó."))
        locked.signer = signer or locked.signer
        block = signature_block(locked.organization, locked.signer, on=issued_on)
        locked.signing_form, locked.signer_position = block.signing_form, block.position
        if not locked.term.covers(issued_on):
            raise DomainError(
                _("Ngày ban hành không thuộc nhiệm kỳ “%(term)s” của văn bản.") % {"term": locked.term.name}
            )
        number = allocate_number(
            organization=locked.organization, document_type=locked.document_type, term=locked.term
        )
        locked.number = number
        locked.number_symbol = format_number_symbol(
            number, locked.document_type.code, locked.organization.body_code
        )
        locked.issued_on = issued_on
        locked.state = DocumentState.ISSUED  # rendered as issued: no "DỰ THẢO", real number
        model = to_render_model(locked)
        locked.state = DocumentState.DRAFT
        stem = file_stem(locked)
        locked.pdf_file.save(f"{stem}.pdf", ContentFile(render_pdf(model)), save=False)
        locked.docx_file.save(f"{stem}.docx", ContentFile(render_docx(model)), save=False)
        transition(
            actor=actor,
            document=locked,
            to=DocumentState.ISSUED,
            changes={
                "number": number,
                "number_symbol": locked.number_symbol,
                "issued_on": issued_on,
                "issued_at": timezone.now(),
                "signer": locked.signer,
                "signing_form": locked.signing_form,
                "signer_position": locked.signer_position,
                "pdf_file": locked.pdf_file,
                "docx_file": locked.docx_file,
            },
        )
    return locked


def withdraw_document(
    *, actor, document: OfficialDocument, reason: str, expected_version: int | None = None
) -> OfficialDocument:
    """Withdraws an issued document. It keeps its number, which is never handed out again."""
    check_can_withdraw_document(actor, document)
    if not reason.strip():
        raise DomainError(_("Hãy ghi lý do thu hồi."))
    with transaction.atomic():
        locked = _locked(document, expected_version)
        return transition(
            actor=actor,
            document=locked,
            to=DocumentState.WITHDRAWN,
            changes={"withdrawn_at": timezone.now(), "withdrawal_reason": reason.strip()},
        )


def replace_document(
    *, actor, document: OfficialDocument, replacement: OfficialDocument, expected_version: int | None = None
) -> OfficialDocument:
    """Marks an issued document as replaced by a later issued document of the same organization."""
    if not can_manage_documents(actor, document.organization):
        raise NotAllowed(_("Bạn không có quyền thay thế văn bản của tổ chức này."))
    if replacement.pk == document.pk:
        raise DomainError(_("Văn bản không thể thay thế chính nó."))
    if replacement.organization_id != document.organization_id:
        raise DomainError(_("Văn bản thay thế phải do cùng cơ quan ban hành."))
    if replacement.state != DocumentState.ISSUED:
        raise DomainError(_("Văn bản thay thế phải đã được ban hành."))
    with transaction.atomic():
        locked = _locked(document, expected_version)
        return transition(
            actor=actor, document=locked, to=DocumentState.REPLACED, changes={"replaced_by": replacement}
        )

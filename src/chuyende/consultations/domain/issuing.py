"""Issuing the resolution: the final published version becomes an official NQ document, numbered,
issued and disseminated by the documents engine."""

from datetime import date

from django.db import transaction
from django.utils.translation import gettext as _

from chuyende.common import audit
from chuyende.common.errors import DomainError, NotAllowed
from chuyende.common.text import fold
from chuyende.documents.domain import create_document, disseminate, issue_document
from chuyende.documents.enums import Audience
from chuyende.documents.models import DocumentType, OfficialDocument
from chuyende.orgs.models import Member, Term

from ..enums import BlockKind, ConsultationStatus
from ..models import Block, Consultation
from ..rules import can_handle_comments
from ..structure import printed_label
from .drafts import audit_partition, latest_published

_HEADING_LEVEL = {BlockKind.PART: 1, BlockKind.SECTION: 1, BlockKind.ARTICLE: 2}


def resolution_body(blocks: list[Block]) -> list[dict]:
    """The document engine's body blocks for a version: parts and sections are level-1 headings,
    articles level-2 headings, paragraphs keep their numbers."""
    body: list[dict[str, object]] = []
    for block in blocks:
        if block.kind in _HEADING_LEVEL:
            level = _HEADING_LEVEL[BlockKind(block.kind)]
            number = printed_label(block.label) or None  # "Điều 1." with its dot
            body.append({"type": "heading", "level": level, "number": number, "text": block.text})
        else:
            body.append(
                {
                    "type": "paragraph",
                    "text": block.text,
                    "number": printed_label(block.label) or None,
                    "style": "body",
                }
            )
    return body


def issue_resolution(
    *, actor, consultation: Consultation, term: Term, signer: Member, issued_on: date | None = None
) -> OfficialDocument:
    """Issues the latest published version of the consulted draft as a resolution (NQ) of the
    consultation's organization, disseminates it to the organization's whole subtree and links it
    to the consultation. Only after every comment was handled and the consultation finished."""
    if not can_handle_comments(actor, consultation):
        raise NotAllowed(_("Chỉ văn phòng của tổ chức mới được ban hành nghị quyết."))
    if consultation.status != ConsultationStatus.HANDLED:
        raise DomainError(_("Phải tiếp thu, giải trình xong và kết thúc đợt lấy ý kiến trước khi ban hành."))
    if consultation.issued_document_id is not None:
        raise DomainError(_("Nghị quyết của đợt lấy ý kiến này đã được ban hành."))
    final = latest_published(consultation.version.draft)
    if final is None or final.number <= consultation.version.number:
        raise DomainError(_("Chưa có phiên bản hoàn chỉnh sau khi tiếp thu ý kiến."))
    blocks = list(final.blocks.order_by("position"))
    with transaction.atomic():
        document = create_document(
            actor=actor, organization=consultation.organization, document_type=DocumentType.objects.get(code="NQ"),
            term=term, summary=resolution_summary(final.draft.title), body=resolution_body(blocks),
        )  # fmt: skip
        document = issue_document(actor=actor, document=document, issued_on=issued_on, signer=signer)
        disseminate(actor=actor, document=document, audience=Audience.SUBTREE)
        Consultation.objects.filter(pk=consultation.pk).update(issued_document=document)
        consultation.issued_document = document
        audit.record(
            "consultation.issue", consultation, actor=actor, partition=audit_partition(consultation.organization),
            changes={"document": document.pk, "number": document.number_symbol, "version": final.number},
        )  # fmt: skip
    return document


def resolution_summary(draft_title: str) -> str:
    """The summary line under "NGHỊ QUYẾT": the draft's title without its leading "Dự thảo" and
    "Nghị quyết" words, which the issued document must not carry."""
    words = draft_title.split()
    for leading in (("du", "thao"), ("nghi", "quyet")):
        if len(words) >= 2 and tuple(fold(w) for w in words[:2]) == leading:
            words = words[2:]
    return " ".join(words) or draft_title

"""Issuing a plan as a KH document through the documents engine (number register, rendering,
dissemination): the meetings step only builds the content and keeps the link."""

from datetime import date

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from chuyende.common.errors import DomainError, NeedsConfirmation, NotAllowed
from chuyende.documents.domain import create_document, disseminate, issue_document
from chuyende.documents.enums import Audience
from chuyende.documents.models import DocumentType, OfficialDocument
from chuyende.documents.rendering.model import Heading, Paragraph, Table
from chuyende.documents.rendering.typography import quoted
from chuyende.orgs.domain.organizations import current_term
from chuyende.orgs.models import Member

from ..enums import PlanState
from ..models import Plan
from ..rules import can_manage_plan
from ._common import record
from .plans import set_plan_state


def _body(plan: Plan) -> list[dict]:
    from ..documents import plan_document  # the document builder imports domain modules

    blocks: list[dict[str, object]] = []
    for block in plan_document(plan).blocks:
        if isinstance(block, Heading):
            blocks.append(
                {"type": "heading", "level": block.level, "number": block.number or "", "text": block.text}
            )
        elif isinstance(block, Paragraph):
            text = "".join(run.text for run in block.runs)
            blocks.append(
                {"type": "paragraph", "text": text, "number": block.number or "", "style": block.style}
            )
        elif isinstance(block, Table):
            blocks.append({"type": "table", "columns": list(block.columns), "rows": [list(r) for r in block.rows],
                           "widths": list(block.widths) if block.widths else None})  # fmt: skip
    return blocks


def check_can_issue_plan(actor, plan: Plan) -> None:
    """Refuses (NotAllowed) whoever may not issue `plan` (prepare its KH, issue it)."""
    if not can_manage_plan(actor, plan.organization):
        raise NotAllowed(_("Bạn không có quyền ban hành kế hoạch này."))


def draft_plan_document(*, actor, plan: Plan, on: date | None = None) -> OfficialDocument:
    """Creates (once) the draft KH document of the plan from its content and links it to the plan."""
    check_can_issue_plan(actor, plan)
    if plan.document is not None:
        return plan.document
    if not plan.assignments.exists():
        raise DomainError(_("Kế hoạch chưa phân công chuyên đề cho chi bộ nào."))
    on = on or timezone.localdate()
    term = current_term(plan.organization, on)
    if term is None:
        raise DomainError(
            _("Chưa khai báo nhiệm kỳ của Đảng bộ cho ngày ban hành; không lấy được số văn bản.")
        )
    with transaction.atomic():
        document = create_document(
            actor=actor,
            organization=plan.organization,
            document_type=DocumentType.objects.get(code="KH"),
            term=term,
            summary=f"tổ chức sinh hoạt chuyên đề {quoted(plan.theme)}",
            body=_body(plan),
        )
        plan.document = document
        plan.save(update_fields=["document"])
        record("plan.draft_document", plan, actor=actor, organization=plan.organization,
               changes={"document": document.pk})  # fmt: skip
    return document


# How many late cells the warning names; the rest are counted (a committee may have hundreds).
NAMED_LATE_CELLS = 5


def late_assignments_warning(plan: Plan, issued_on: date) -> str | None:
    """The cells whose deadline falls before the issue date: they would be late on the day they
    learn of their topic. Said before issuing, as every other date warning is, because the plan
    cannot be changed once issued."""
    late = plan.assignments.filter(due_on__lt=issued_on)
    named = list(late.select_related("cell").order_by("due_on", "cell__path")[:NAMED_LATE_CELLS])
    if not named:
        return None
    cells = ", ".join(f"{a.cell.name} ({a.due_on:%d/%m/%Y})" for a in named)
    more = late.count() - len(named)
    if more > 0:
        cells += " " + _("và %(n)s chi bộ khác") % {"n": more}
    return _(
        "Hạn sinh hoạt của %(cells)s trước ngày ban hành kế hoạch (%(issued)s): các chi bộ này nhận kế hoạch khi đã quá hạn và sẽ bị tính là chậm. Hãy sửa hạn trong kế hoạch, hoặc xác nhận nếu đúng là vậy."
    ) % {"cells": cells, "issued": f"{issued_on:%d/%m/%Y}"}


def issue_plan(
    *,
    actor,
    plan: Plan,
    signer: Member | None = None,
    issued_on: date | None = None,
    confirm_dates: bool = False,
) -> Plan:
    """Issues the plan as a numbered KH document signed by `signer` (who must hold a signing role
    on the committee that day, see `orgs.domain.signing`; the actor may be the clerk acting on
    their instruction), disseminates it to every member of the committee's subtree and
    publishes the plan (draft → published). A cell deadline before the issue date needs
    `confirm_dates` (nothing is issued until then)."""
    check_can_issue_plan(actor, plan)
    if plan.state != PlanState.DRAFT:
        raise DomainError(_("Kế hoạch đã được ban hành."))
    issued_on = issued_on or timezone.localdate()
    if not confirm_dates and (warning := late_assignments_warning(plan, issued_on)) is not None:
        raise NeedsConfirmation(warning)
    with transaction.atomic():
        document = draft_plan_document(actor=actor, plan=plan, on=issued_on)
        document = issue_document(actor=actor, document=document, issued_on=issued_on, signer=signer)
        disseminate(actor=actor, document=document, audience=Audience.SUBTREE)
        set_plan_state(actor=actor, plan=plan, state=PlanState.PUBLISHED)
    return plan


def attach_plan_document(*, actor, plan: Plan, document: OfficialDocument) -> Plan:
    """Links a KH document already drafted or issued in the documents pages to the plan."""
    if not can_manage_plan(actor, plan.organization):
        raise NotAllowed(_("Bạn không có quyền sửa kế hoạch này."))
    if document.organization_id != plan.organization_id or document.document_type.code != "KH":
        raise DomainError(_("Chỉ gắn được kế hoạch (KH) do chính Đảng uỷ này ban hành."))
    with transaction.atomic():
        plan.document = document
        plan.save(update_fields=["document"])
        record("plan.attach_document", plan, actor=actor, organization=plan.organization,
               changes={"document": document.pk})  # fmt: skip
    return plan


def plan_issue_preview(plan: Plan, on: date | None = None) -> tuple[str | None, int]:
    """What `issue_plan` would do now, for the confirmation before it: the KH number it would take
    (None when the committee has no current term, which issuing then refuses) and how many active
    members the dissemination to the whole subtree reaches. Reads only."""
    from chuyende.documents.domain import peek_number_symbol
    from chuyende.orgs.rules import subtree_q

    term = current_term(plan.organization, on or timezone.localdate())
    number = None
    if term is not None:
        number = peek_number_symbol(
            organization=plan.organization, document_type=DocumentType.objects.get(code="KH"), term=term
        )
    audience = Member.objects.filter(subtree_q([plan.organization.path], field="cell__path"), is_active=True)
    return number, audience.count()

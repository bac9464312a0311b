"""Drafting, approving and revising commitments. Each function checks permission, validates,
saves, updates the roll-up counters and writes the audit entry in one transaction."""

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db import transaction
from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext as _

from chuyende.common import audit
from chuyende.common.errors import ConflictError, DomainError, NeedsConfirmation, NotAllowed
from chuyende.orgs.domain.organizations import audit_partition
from chuyende.orgs.models import Member, Organization
from chuyende.orgs.rules import in_any_subtree
from chuyende.papers.models import Manifestation

from .. import rules
from ..enums import CommitmentState, Frequency
from ..models import Commitment, CommitmentItem, CommitmentRevision, ReportingCadence
from .counters import counted, shift

EDITABLE = (CommitmentState.DRAFT, CommitmentState.RETURNED)


@dataclass(frozen=True)
class ItemInput:
    shortcoming: str
    remedy: str
    sign_of_done: str
    deadline: date
    responsible: Member | None = None
    manifestations: Sequence[Manifestation] = field(default_factory=tuple)
    id: int | None = None


def _validate_items(items: Sequence[ItemInput], cell: Organization) -> None:
    if not items:
        raise DomainError(_("Cam kết phải có ít nhất một nội dung."))
    for number, item in enumerate(items, start=1):
        if not (item.shortcoming.strip() and item.remedy.strip() and item.sign_of_done.strip()):
            raise DomainError(
                _("Nội dung %(n)d: cần ghi hạn chế, biện pháp khắc phục và kết quả đo được.") % {"n": number}
            )
        if item.responsible is not None and item.responsible.cell_id != cell.pk:
            raise DomainError(_("Nội dung %(n)d: người chịu trách nhiệm phải thuộc chi bộ.") % {"n": number})


def check_deadlines(items: Sequence[ItemInput], today: date, *, saved: dict[int, date] | None = None) -> None:
    """The rule "a deadline lies ahead": raises NeedsConfirmation naming the items whose deadline
    is already past. `saved` (item id → stored deadline) spares an existing item whose deadline
    was not touched: an overdue item kept as it was is not a typo to warn about."""
    saved = saved or {}
    past = [
        str(n)
        for n, item in enumerate(items, start=1)
        if item.deadline < today and not (item.id is not None and saved.get(item.id) == item.deadline)
    ]
    if past:
        raise NeedsConfirmation(
            _(
                "Thời hạn của nội dung %(numbers)s đã qua (trước ngày %(today)s). Hãy kiểm tra lại năm, hoặc xác nhận nếu đúng là vậy."
            )
            % {"numbers": ", ".join(past), "today": today.strftime("%d/%m/%Y")}
        )


def _snapshot(commitment: Commitment) -> list[dict]:
    return [
        {
            "id": i.pk,
            "shortcoming": i.shortcoming,
            "manifestation_codes": [m.code for m in i.manifestations.all()],
            "remedy": i.remedy,
            "sign_of_done": i.sign_of_done,
            "deadline": i.deadline.isoformat(),
            "responsible": i.responsible_id,
            "withdrawn": i.withdrawn,
        }
        for i in commitment.items.order_by("position", "pk").prefetch_related(
            Prefetch("manifestations", Manifestation.objects.order_by("order"))
        )
    ]


def _write_items(commitment: Commitment, items: Sequence[ItemInput], *, keep_withdrawn: bool) -> None:
    """Creates, updates and (drafts) deletes or (approved) withdraws items to match `items`."""
    approved = commitment.is_approved
    existing = {i.pk: i for i in commitment.items.select_related("commitment")}
    changes = []
    kept = set()
    for position, data in enumerate(items, start=1):
        item = existing.get(data.id) if data.id else None
        if data.id and item is None:
            raise DomainError(_("Nội dung cam kết không thuộc cam kết này."))
        before = counted(item, approved=approved) if item else None
        item = item or CommitmentItem(commitment=commitment, cell_path=commitment.cell_path)
        item.position = position
        item.shortcoming, item.remedy, item.sign_of_done = data.shortcoming, data.remedy, data.sign_of_done
        item.deadline, item.responsible = data.deadline, data.responsible
        item.withdrawn = False
        item.save()
        item.manifestations.set(data.manifestations)
        kept.add(item.pk)
        changes.append((before, counted(item, approved=approved)))
    for pk, item in existing.items():
        if pk in kept or item.withdrawn:
            continue
        if keep_withdrawn:
            before = counted(item, approved=approved)
            item.withdrawn = True
            item.save(update_fields=["withdrawn"])
            changes.append((before, None))
        else:
            item.delete()
    shift(changes)


def check_can_draft_commitment(actor, cell: Organization, owner_member: Member | None) -> None:
    """Refuses (NotAllowed) whoever may not draft the commitment of `owner_member` (or of `cell`
    when None); the drafting page asks before reading its form."""
    if not rules.can_edit_draft(actor, Commitment(cell=cell, owner_member=owner_member)):
        raise NotAllowed(_("Bạn không có quyền soạn cam kết này."))


def create_commitment(
    *,
    actor,
    cell: Organization,
    owner_member: Member | None,
    title: str,
    items: Sequence[ItemInput],
    plan=None,
    resolution=None,
    confirm_past_deadlines: bool = False,
    today: date | None = None,
) -> Commitment:
    """Creates a draft commitment of `owner_member` (or of `cell` when None) with its items.

    The commitment answers a plan of a committee above the cell, or an issued resolution of the
    cell or a committee above it; the page and the API both find those through
    `access.get_commitment_links_for` and come here.

    An item whose deadline is already past is usually a typo (a wrong year): it is saved only
    with `confirm_past_deadlines` (e.g. a commitment written down after the fact)."""
    check_can_draft_commitment(actor, cell, owner_member)
    if not cell.is_cell:
        raise DomainError(_("Cam kết thuộc về một chi bộ."))
    if owner_member is not None and owner_member.cell_id != cell.pk:
        raise DomainError(_("Đảng viên không thuộc chi bộ này."))
    if plan is None and resolution is None:
        raise DomainError(_("Cam kết phải gắn với một kế hoạch hoặc một nghị quyết đã ban hành."))
    if resolution is not None and resolution.issued_on is None:
        raise DomainError(_("Nghị quyết chưa được ban hành."))
    if plan is not None and not in_any_subtree(cell.path, [plan.organization.path]):
        raise DomainError(_("Kế hoạch không phải của cấp uỷ của chi bộ này."))
    if resolution is not None and resolution.organization_id not in cell.ancestor_ids():
        raise DomainError(_("Nghị quyết không phải của chi bộ hoặc cấp uỷ cấp trên của chi bộ này."))
    _validate_items(items, cell)
    if not confirm_past_deadlines:
        check_deadlines(items, today or timezone.localdate())
    frequency: str = Frequency.QUARTERLY
    if plan is not None:
        cadence = ReportingCadence.objects.filter(plan=plan).first()
        frequency = cadence.frequency if cadence else frequency
    with transaction.atomic():
        commitment = Commitment.objects.create(
            cell=cell,
            cell_path=cell.path,
            owner_member=owner_member,
            plan=plan,
            resolution=resolution,
            title=title.strip() or _("Cam kết khắc phục"),
            frequency=frequency,
            created_by=actor if getattr(actor, "is_authenticated", False) else None,
        )
        _write_items(commitment, items, keep_withdrawn=False)
        audit.record("commitment.create", commitment, actor=actor, partition=audit_partition(cell),
                     changes={"items": len(items)})  # fmt: skip
    return commitment


def _saved_deadlines(commitment: Commitment) -> dict[int, date]:
    return dict(commitment.items.filter(withdrawn=False).values_list("pk", "deadline"))


def update_draft(
    *,
    actor,
    commitment: Commitment,
    title: str,
    items: Sequence[ItemInput],
    version: int,
    confirm_past_deadlines: bool = False,
    today: date | None = None,
) -> Commitment:
    """Replaces the title and items of a draft (or returned) commitment; refuses a stale version.
    A new or changed deadline already past needs `confirm_past_deadlines`, as on creation."""
    if not rules.can_edit_draft(actor, commitment):
        raise NotAllowed(_("Bạn không có quyền sửa cam kết này."))
    if commitment.state not in EDITABLE:
        raise DomainError(_("Cam kết đã gửi hoặc đã duyệt; chỉ điều chỉnh được qua một lần điều chỉnh."))
    _validate_items(items, commitment.cell)
    if not confirm_past_deadlines:
        check_deadlines(items, today or timezone.localdate(), saved=_saved_deadlines(commitment))
    with transaction.atomic():
        locked = Commitment.objects.select_for_update().get(pk=commitment.pk)
        if locked.version != version:
            raise ConflictError(_("Cam kết vừa được người khác sửa; hãy tải lại trang."))
        commitment.title, commitment.version = title.strip() or commitment.title, version + 1
        commitment.save(update_fields=["title", "version"])
        _write_items(commitment, items, keep_withdrawn=False)
        audit.record("commitment.edit", commitment, actor=actor, partition=audit_partition(commitment.cell))
    return commitment


TRANSITIONS: dict[str, tuple[tuple[str, ...], Callable[[Any, Commitment], bool]]] = {
    CommitmentState.SUBMITTED: (EDITABLE, rules.can_edit_draft),
    CommitmentState.APPROVED: ((CommitmentState.SUBMITTED,), rules.can_approve),
    CommitmentState.RETURNED: ((CommitmentState.SUBMITTED,), rules.can_approve),
}


def check_can_set_state(actor, commitment: Commitment, state: str) -> None:
    """Refuses an unknown target state (DomainError) and whoever may not make that move
    (NotAllowed), before the commitment's own state is looked at."""
    if state not in TRANSITIONS:
        raise DomainError(_("Không thể chuyển cam kết sang trạng thái này."))
    if not TRANSITIONS[state][1](actor, commitment):
        raise NotAllowed(_("Bạn không có quyền thực hiện thao tác này với cam kết."))


def set_state(*, actor, commitment: Commitment, state: str, reason: str = "") -> Commitment:
    """The one transition function: draft/returned → submitted (owner); submitted → approved or
    returned (approver). Approval starts counting the items in the roll-up."""
    check_can_set_state(actor, commitment, state)
    sources, _permitted = TRANSITIONS[state]
    if commitment.state not in sources:
        raise DomainError(
            _("Cam kết đang ở trạng thái “%(state)s”, không thể thực hiện.")
            % {"state": commitment.get_state_display()}
        )
    if state == CommitmentState.RETURNED and not reason.strip():
        raise DomainError(_("Cần ghi lý do trả lại."))
    with transaction.atomic():
        before = commitment.state
        commitment.state = state
        commitment.return_reason = reason.strip() if state == CommitmentState.RETURNED else ""
        if state == CommitmentState.APPROVED:
            commitment.approved_by = actor if getattr(actor, "is_authenticated", False) else None
            commitment.approved_at = timezone.now()
        commitment.save(update_fields=["state", "return_reason", "approved_by", "approved_at"])
        if state == CommitmentState.APPROVED:
            items = list(commitment.items.filter(withdrawn=False))
            shift((None, counted(item, approved=True)) for item in items)
        audit.record("commitment.state", commitment, actor=actor, partition=audit_partition(commitment.cell),
                     changes={"state": [before, state], "reason": reason})  # fmt: skip
    return commitment


def revise_commitment(
    *,
    actor,
    commitment: Commitment,
    items: Sequence[ItemInput],
    reason: str,
    version: int,
    confirm_past_deadlines: bool = False,
    today: date | None = None,
) -> CommitmentRevision:
    """Changes an approved commitment through a recorded revision: stores the items before and
    after with the reason, withdraws (never deletes) dropped items, bumps the version and moves
    the roll-up counters. Only the approver may revise. A new or changed deadline already past
    needs `confirm_past_deadlines` (an overdue item left as it was does not)."""
    if not rules.can_approve(actor, commitment):
        raise NotAllowed(_("Bạn không có quyền điều chỉnh cam kết này."))
    if not commitment.is_approved:
        raise DomainError(_("Chỉ điều chỉnh cam kết đã được phê duyệt."))
    if not reason.strip():
        raise DomainError(_("Cần ghi lý do điều chỉnh."))
    _validate_items(items, commitment.cell)
    if not confirm_past_deadlines:
        check_deadlines(items, today or timezone.localdate(), saved=_saved_deadlines(commitment))
    with transaction.atomic():
        locked = Commitment.objects.select_for_update().get(pk=commitment.pk)
        if locked.version != version:
            raise ConflictError(_("Cam kết vừa được người khác điều chỉnh; hãy tải lại trang."))
        before = _snapshot(commitment)
        _write_items(commitment, items, keep_withdrawn=True)
        revision = CommitmentRevision.objects.create(
            commitment=commitment,
            from_version=version,
            reason=reason.strip(),
            before=before,
            after=_snapshot(commitment),
            created_by=actor if getattr(actor, "is_authenticated", False) else None,
        )
        commitment.version = version + 1
        commitment.save(update_fields=["version"])
        audit.record("commitment.revise", commitment, actor=actor, partition=audit_partition(commitment.cell),
                     changes={"version": [version, version + 1], "reason": reason})  # fmt: skip
    return revision

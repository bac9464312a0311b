from collections.abc import Callable, Sequence
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from chuyende.common import audit
from chuyende.common.errors import DomainError, NotAllowed
from chuyende.common.text import fold, name_sort_key

from ..enums import MemberStatus, OrganizationKind
from ..models import Member, Organization
from ..rules import can_manage_organization
from .organizations import audit_partition, line_message

# Apps further down the lifecycle keep data denormalized by cell (commitments copy the cell's
# path onto every item for the roll-up) and must follow a member who changes cell in the same
# transaction. orgs may not import them (dependencies point one way) and core workflow does not
# run on signals (style.md), so they register a handler here from their AppConfig.ready(). Each
# handler is called as handler(member=..., old_cell=..., new_cell=..., actor=...) inside the
# transaction of `update_member`; an exception rolls the move back.
MEMBER_MOVED_HANDLERS: list[Callable[..., None]] = []

EDITABLE_FIELDS = [
    "full_name",
    "party_card_number",
    "status",
    "cell",
    "position",
    "email",
    "phone",
    "is_active",
]


def _clean(fields: dict) -> dict:
    if "full_name" in fields:
        name = " ".join(str(fields["full_name"]).split())
        if not name:
            raise DomainError(_("Họ và tên không được để trống."))
        fields["full_name"] = name
    if fields.get("party_card_number") is not None:
        fields["party_card_number"] = str(fields["party_card_number"]).strip() or None
    if "status" in fields and fields["status"] not in MemberStatus.values:
        raise DomainError(_("Loại đảng viên phải là “Chính thức” hoặc “Dự bị”."))
    cell = fields.get("cell")
    if cell is not None and cell.kind != OrganizationKind.CELL:
        raise DomainError(_("Đảng viên phải thuộc một chi bộ."))
    return fields


def _set_derived(member: Member) -> None:
    member.sort_key = name_sort_key(member.full_name)
    member.name_folded = fold(member.full_name)


def _number_taken(number: str) -> DomainError:
    return DomainError(_("Số thẻ đảng viên %(number)s đã có trong hệ thống.") % {"number": number})


def _new_member(actor, cell: Organization, fields: dict) -> Member:
    """The unsaved member `create_member` writes, once the actor may add to `cell` and the fields
    are clean (the card number is checked by the caller: one query per row or per batch)."""
    if not can_manage_organization(actor, cell):
        raise NotAllowed(_("Bạn không có quyền thêm đảng viên vào chi bộ này."))
    member = Member(**_clean({**fields, "cell": cell}))
    _set_derived(member)
    return member


def create_member(*, actor, cell: Organization, full_name: str, login: bool = False, **fields) -> Member:
    """Adds a member to a cell. The actor must manage the cell (or a committee above it). With
    `login` (the member page, the API) the member also gets a login to activate, as the member
    import gives (`accounts.create_login`)."""
    member = _new_member(actor, cell, {"full_name": full_name, **fields})
    number = member.party_card_number
    if number and Member.objects.filter(party_card_number=number).exists():
        raise _number_taken(number)
    with transaction.atomic():
        member.save()
        audit.record(
            "member.create",
            member,
            actor=actor,
            partition=audit_partition(cell),
            changes={f: getattr(member, f) for f in EDITABLE_FIELDS},
        )
        if login:
            from .accounts import create_login

            create_login(actor=actor, member=member)
    return member


def check_can_edit_member(actor, member: Member) -> None:
    """Refuses (NotAllowed) whoever may not correct `member`'s record; the page asks first."""
    if not can_manage_organization(actor, member.cell):
        raise NotAllowed(_("Bạn không có quyền sửa thông tin đảng viên này."))


def _checked_changes(actor, member: Member, changes: dict) -> dict:
    """`changes` cleaned, once the actor may edit `member` (and move them where they go)."""
    check_can_edit_member(actor, member)
    new_cell = changes.get("cell")
    if (
        new_cell is not None
        and new_cell.pk != member.cell_id
        and not can_manage_organization(actor, new_cell)
    ):
        raise NotAllowed(_("Bạn không có quyền chuyển đảng viên sang chi bộ này."))
    unknown = set(changes) - set(EDITABLE_FIELDS)
    if unknown:
        raise TypeError(f"unknown member fields: {sorted(unknown)}")
    return _clean(dict(changes))


def _set_changes(member: Member, changes: dict) -> dict:
    """Sets `changes` on `member`; returns the audit diff (empty when nothing really changed)."""
    before = {field: getattr(member, field) for field in EDITABLE_FIELDS}
    for field, value in changes.items():
        setattr(member, field, value)
    changed = audit.diff(member, before, EDITABLE_FIELDS)
    if changed:
        _set_derived(member)
    return changed


def _moved(member: Member, old_cell: Organization, actor) -> None:
    if member.cell_id != old_cell.pk:
        for handler in MEMBER_MOVED_HANDLERS:
            handler(member=member, old_cell=old_cell, new_cell=member.cell, actor=actor)


def update_member(*, actor, member: Member, **changes) -> Member:
    """Changes a member's record; moving to another cell needs management rights over both."""
    changes = _checked_changes(actor, member, changes)
    number = changes.get("party_card_number")
    if number and Member.objects.filter(party_card_number=number).exclude(pk=member.pk).exists():
        raise _number_taken(number)
    old_cell = member.cell
    changed = _set_changes(member, changes)
    if not changed:
        return member
    with transaction.atomic():
        member.save()
        audit.record(
            "member.update", member, actor=actor, partition=audit_partition(member.cell), changes=changed
        )
        _moved(member, old_cell, actor)
    return member


@dataclass
class BatchRow:
    """One row of `write_members`: a new member (`member` None, `fields` with the cell) or the
    changes of an existing one. `line` names the row in an error."""

    line: int
    fields: dict
    member: Member | None = None


def write_members(*, actor, rows: Sequence[BatchRow]) -> tuple[list[Member], list[audit.Pending]]:
    """What `create_member` and `update_member` do for each row, for many rows at once (a chunk
    of the member import): the same permission checks, cleaning and card-number check — a
    refused row raises its error prefixed with its line, and nothing of the batch is written —
    then one insert for the new members and one update for the changed ones. Returns every
    member of the batch (saved, new ones with their id) and the audit entries to append (the
    caller appends them together with its own, in row order). Call inside a transaction."""
    prepared: list[tuple[BatchRow, Member, dict, Organization | None]] = []
    for row in rows:
        try:
            if row.member is None:
                fields = dict(row.fields)
                member = _new_member(actor, fields.pop("cell"), fields)
                prepared.append((row, member, {}, None))
            else:
                changes = _checked_changes(actor, row.member, row.fields)
                prepared.append((row, row.member, changes, row.member.cell))
        except DomainError as error:
            raise type(error)(line_message(row.line, error.message)) from error
    numbers: dict[str, tuple[BatchRow, int | None]] = {}
    for row, member, changes, _old in prepared:
        number = member.party_card_number if row.member is None else changes.get("party_card_number")
        if number:
            numbers.setdefault(number, (row, member.pk))
    holders = Member.objects.filter(party_card_number__in=list(numbers)).values_list(
        "party_card_number", "pk"
    )
    for held, pk in holders:
        row, own_pk = numbers[str(held)]
        if pk != own_pk:
            raise DomainError(line_message(row.line, _number_taken(str(held)).message))
    new = [member for row, member, _changes, _old in prepared if row.member is None]
    Member.objects.bulk_create(new, batch_size=500)
    pending: list[audit.Pending] = []
    changed_members: list[Member] = []
    changed_fields: set[str] = set()
    moved: list[tuple[Member, Organization]] = []
    now = timezone.now()
    for row, member, changes, old_cell in prepared:
        if row.member is None:
            pending.append(audit.Pending(
                "member.create", member, audit_partition(member.cell),
                {f: getattr(member, f) for f in EDITABLE_FIELDS},
            ))  # fmt: skip
            continue
        changed = _set_changes(member, changes)
        if changed:
            member.updated_at = now  # bulk_update does not touch auto_now fields
            changed_members.append(member)
            changed_fields.update(changed)
            pending.append(audit.Pending("member.update", member, audit_partition(member.cell), changed))
            if old_cell is not None and member.cell_id != old_cell.pk:
                moved.append((member, old_cell))
    if changed_members:
        written = sorted(changed_fields | {"sort_key", "name_folded", "updated_at"})
        Member.objects.bulk_update(changed_members, written, batch_size=500)
    for member, old_cell in moved:  # after the write, as `update_member` calls them
        _moved(member, old_cell, actor)
    return [member for _row, member, _changes, _old in prepared], pending


def link_user(*, actor, member: Member, user) -> Member:
    """Gives a member a login account (one account per member)."""
    if not can_manage_organization(actor, member.cell):
        raise NotAllowed(_("Bạn không có quyền cấp tài khoản cho đảng viên này."))
    if Member.objects.filter(user=user).exclude(pk=member.pk).exists():
        raise DomainError(_("Tài khoản này đã gắn với một đảng viên khác."))
    with transaction.atomic():
        member.user = user
        member.save(update_fields=["user"])
        audit.record(
            "member.link_user",
            member,
            actor=actor,
            partition=audit_partition(member.cell),
            changes={"user": user.get_username()},
        )
    return member

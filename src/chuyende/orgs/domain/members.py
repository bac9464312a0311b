from collections.abc import Callable

from django.db import transaction
from django.utils.translation import gettext as _

from chuyende.common import audit
from chuyende.common.errors import DomainError, NotAllowed
from chuyende.common.text import fold, name_sort_key

from ..enums import MemberStatus, OrganizationKind
from ..models import Member, Organization
from ..rules import can_manage_organization
from .organizations import audit_partition

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


def create_member(*, actor, cell: Organization, full_name: str, login: bool = False, **fields) -> Member:
    """Adds a member to a cell. The actor must manage the cell (or a committee above it). With
    `login` (the member page, the API) the member also gets a login to activate, as the member
    import gives (`accounts.create_login`)."""
    if not can_manage_organization(actor, cell):
        raise NotAllowed(_("Bạn không có quyền thêm đảng viên vào chi bộ này."))
    fields = _clean({"cell": cell, "full_name": full_name, **fields})
    number = fields.get("party_card_number")
    if number and Member.objects.filter(party_card_number=number).exists():
        raise DomainError(_("Số thẻ đảng viên %(number)s đã có trong hệ thống.") % {"number": number})
    member = Member(**fields)
    _set_derived(member)
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


def update_member(*, actor, member: Member, **changes) -> Member:
    """Changes a member's record; moving to another cell needs management rights over both."""
    if not can_manage_organization(actor, member.cell):
        raise NotAllowed(_("Bạn không có quyền sửa thông tin đảng viên này."))
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
    changes = _clean(dict(changes))
    number = changes.get("party_card_number")
    if number and Member.objects.filter(party_card_number=number).exclude(pk=member.pk).exists():
        raise DomainError(_("Số thẻ đảng viên %(number)s đã có trong hệ thống.") % {"number": number})
    before = {field: getattr(member, field) for field in EDITABLE_FIELDS}
    old_cell = member.cell
    for field, value in changes.items():
        setattr(member, field, value)
    changed = audit.diff(member, before, EDITABLE_FIELDS)
    if not changed:
        return member
    _set_derived(member)
    with transaction.atomic():
        member.save()
        audit.record(
            "member.update", member, actor=actor, partition=audit_partition(member.cell), changes=changed
        )
        if member.cell_id != old_cell.pk:
            for handler in MEMBER_MOVED_HANDLERS:
                handler(member=member, old_cell=old_cell, new_cell=member.cell, actor=actor)
    return member


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

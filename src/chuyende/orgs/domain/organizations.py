from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from django.db import transaction
from django.db.models import F, Max, Q, Value
from django.db.models.functions import Concat, Substr
from django.utils import timezone
from django.utils.translation import gettext as _

from chuyende.common import audit
from chuyende.common.errors import DomainError, NotAllowed
from chuyende.common.text import fold

from ..enums import OrganizationKind
from ..models import Member, Organization, Term
from ..models.organization import PATH_SEGMENT_WIDTH, path_segment
from ..rules import can_close_organization, can_manage_organization, subtree_q

EDITABLE_FIELDS = [
    "name", "short_name", "header_name", "superior_header_name", "body_code", "signing_authority",
    "place_name", "unit_name", "unit_function", "code", "is_active",
]  # fmt: skip
REQUIRED_FIELDS = {"name", "header_name", "body_code", "place_name"}
MAX_DEPTH = 255 // PATH_SEGMENT_WIDTH

# Later steps copy tree paths onto their rows (roll-ups without joins). Each registers here, at
# start-up, a check that returns why a subtree may not move (or None); orgs imports none of them.
ORGANIZATION_MOVE_GUARDS: list[Callable[[Organization], str | None]] = []


def audit_partition(organization: Organization) -> str:
    return "org:" + organization.grassroots_path


def _check_required(fields: dict) -> None:
    """Refuses an empty required field."""
    labels = {
        "name": _("Tên tổ chức"),
        "header_name": _("Tên in hoa trong văn bản"),
        "body_code": _("Ký hiệu cơ quan ban hành"),
        "place_name": _("Địa danh"),
    }
    for name in REQUIRED_FIELDS & set(fields):
        if not str(fields[name] or "").strip():
            raise DomainError(_("%(field)s không được để trống.") % {"field": labels[name]})


def _code_taken(code: str, other: Organization) -> DomainError:
    return DomainError(
        _("Mã “%(code)s” đã được dùng cho %(organization)s.") % {"code": code, "organization": other.name}
    )


def _check_fields(fields: dict, *, exclude_pk: int | None = None) -> None:
    """Refuses an empty required field and a code another organization already carries."""
    _check_required(fields)
    code = str(fields.get("code") or "").strip()
    if code:
        others = Organization.objects.filter(code__iexact=code)
        if exclude_pk is not None:
            others = others.exclude(pk=exclude_pk)
        other = others.first()
        if other is not None:
            raise _code_taken(code, other)


def default_fields(*, name: str, kind: str, parent: Organization | None) -> dict[str, str]:
    """What a new node gets when the office leaves a field empty: the letterhead name in capitals
    ("Đảng bộ Cơ quan Văn phòng" → "ĐẢNG UỶ CƠ QUAN VĂN PHÒNG"), ĐU/CB, the parent's place and
    letterhead as the superior line, T/M ĐẢNG UỶ or T/M CHI BỘ."""
    is_cell = kind == OrganizationKind.CELL
    header = name.upper()
    words = name.split(None, 2)
    if not is_cell and fold(name).startswith("dang bo ") and len(words) == 3:
        header = "ĐẢNG UỶ " + words[2].upper()
    defaults = {
        "header_name": header,
        "body_code": "CB" if is_cell else "ĐU",
        "signing_authority": "CHI BỘ" if is_cell else "ĐẢNG UỶ",
    }
    if parent is not None:
        defaults["place_name"] = parent.place_name
        defaults["superior_header_name"] = parent.header_name
    return defaults


def check_can_create_organization(actor, parent: Organization | None) -> None:
    """Refuses (NotAllowed) whoever may not add a node under `parent` (a root when None: a
    superuser only); the page asks before reading its form."""
    if parent is None and not getattr(actor, "is_superuser", False):
        raise NotAllowed(_("Chỉ quản trị hệ thống được tạo tổ chức cấp cao nhất."))
    if parent is not None and not can_manage_organization(actor, parent):
        raise NotAllowed(_("Bạn không có quyền tạo tổ chức trực thuộc đơn vị này."))


def _new_organization(actor, parent: Organization | None, kind: str, name: str, fields: dict) -> Organization:
    """The unsaved node `create_organization` writes (depth set, path not yet known), once the
    actor may create it there and its fields are complete (the code is checked by the caller:
    one query per node or per batch)."""
    check_can_create_organization(actor, parent)
    if parent is not None:
        if parent.kind == OrganizationKind.CELL:
            raise DomainError(_("Chi bộ không có tổ chức trực thuộc."))
        if parent.depth + 1 >= MAX_DEPTH:
            raise DomainError(_("Cây tổ chức đã đạt số cấp tối đa."))
    if kind not in OrganizationKind.values:
        raise DomainError(_("Loại tổ chức không hợp lệ."))
    unknown = set(fields) - set(EDITABLE_FIELDS)
    if unknown:
        raise TypeError(f"unknown organization fields: {sorted(unknown)}")
    if parent is not None and not parent.is_active:
        raise DomainError(_("Tổ chức cấp trên đã giải thể."))
    fields = {key: value.strip() if isinstance(value, str) else value for key, value in fields.items()}
    name = (name or "").strip()
    for key, value in default_fields(name=name, kind=kind, parent=parent).items():
        if not fields.get(key):
            fields[key] = value
    _check_required({"name": name, **fields})
    organization = Organization(parent=parent, kind=kind, name=name, **fields)
    organization.path = f"tmp-{id(organization)}"  # unique until the id gives the real one
    organization.depth = 0 if parent is None else parent.depth + 1
    return organization


def _created_changes(organization: Organization) -> dict:
    return {"name": organization.name, "kind": organization.kind, "parent": organization.parent_id}


def create_organization(
    *, actor, parent: Organization | None, kind: str, name: str, **fields
) -> Organization:
    """Creates a node under `parent` (a root when None) and fixes its materialized path. Empty
    letterhead fields get `default_fields`; a code must not be another node's.

    Only a superuser may create a root; otherwise the actor must manage the parent.
    """
    organization = _new_organization(actor, parent, kind, name, fields)
    _check_fields({"code": organization.code})
    with transaction.atomic():
        organization.save()
        organization.path = (parent.path if parent else "") + path_segment(organization.pk)
        Organization.objects.filter(pk=organization.pk).update(path=organization.path)
        audit.record(
            "organization.create",
            organization,
            actor=actor,
            partition=audit_partition(organization),
            changes=_created_changes(organization),
        )
    return organization


def check_can_edit_organization(actor, organization: Organization) -> None:
    if not can_manage_organization(actor, organization):
        raise NotAllowed(_("Bạn không có quyền sửa thông tin tổ chức này."))


def _checked_changes(actor, organization: Organization, changes: dict) -> dict:
    check_can_edit_organization(actor, organization)
    return {key: value.strip() if isinstance(value, str) else value for key, value in changes.items()}


def update_organization(*, actor, organization: Organization, **changes) -> Organization:
    """Changes the descriptive fields of a node (names, codes, unit); the tree position stays.
    `is_active` is not a plain field: turning it off closes the node today and turning it on
    reopens it, each with its own rules (`close_organization`, `reopen_organization`)."""
    active = changes.pop("is_active", None)
    changes = _checked_changes(actor, organization, changes)
    _check_fields(changes, exclude_pk=organization.pk)
    with transaction.atomic():
        if active is not None and active != organization.is_active:
            if active:
                reopen_organization(actor=actor, organization=organization)
            else:
                close_organization(actor=actor, organization=organization, closed_on=timezone.localdate())
        before = audit.set_fields(organization, changes, EDITABLE_FIELDS)
        changed = audit.diff(organization, before, EDITABLE_FIELDS)
        if changed:
            organization.save(update_fields=list(changed))
            audit.record(
                "organization.update",
                organization,
                actor=actor,
                partition=audit_partition(organization),
                changes=changed,
            )
    return organization


@dataclass
class OrganizationRow:
    """One row of `write_organizations`: a new node (`organization` None; `parent`, `kind`,
    `name` and the other fields) or the changes of an existing one. `line` names the row in an
    error."""

    line: int
    fields: dict
    kind: str = ""
    parent: Organization | None = None
    organization: Organization | None = None


def write_organizations(
    *, actor, rows: Sequence[OrganizationRow]
) -> tuple[list[Organization], list[audit.Pending]]:
    """What `create_organization` and `update_organization` do for each row, for many rows at
    once (a chunk of the tree import): the same checks, defaults and code check — a refused row
    raises its error prefixed with its line, and nothing of the batch is written — then one
    insert for the new nodes, one update of their paths (a path holds the node's own id) and one
    update for the changed ones. The parents must exist already (the tree import writes one
    depth at a time). Returns the rows' organizations in order and the audit entries for the
    caller to append. Call inside a transaction."""
    prepared: list[tuple[OrganizationRow, Organization, dict]] = []
    for row in rows:
        try:
            if row.organization is None:
                fields = dict(row.fields)
                name = fields.pop("name")
                prepared.append((row, _new_organization(actor, row.parent, row.kind, name, fields), {}))
            else:
                changes = _checked_changes(actor, row.organization, row.fields)
                _check_required(changes)
                prepared.append((row, row.organization, changes))
        except DomainError as error:
            raise type(error)(line_message(row.line, error.message)) from error
    _check_codes(prepared)
    new = [organization for row, organization, _changes in prepared if row.organization is None]
    Organization.objects.bulk_create(new, batch_size=500)
    for organization in new:
        organization.path = (organization.parent.path if organization.parent else "") + path_segment(
            organization.pk
        )
    Organization.objects.bulk_update(new, ["path"], batch_size=500)
    pending: list[audit.Pending] = []
    changed_nodes: list[Organization] = []
    changed_fields: set[str] = set()
    for row, organization, changes in prepared:
        if row.organization is None:
            pending.append(audit.Pending(
                "organization.create", organization, audit_partition(organization),
                _created_changes(organization),
            ))  # fmt: skip
            continue
        before = audit.set_fields(organization, changes, EDITABLE_FIELDS)
        changed = audit.diff(organization, before, EDITABLE_FIELDS)
        if changed:
            changed_nodes.append(organization)
            changed_fields.update(changed)
            pending.append(
                audit.Pending("organization.update", organization, audit_partition(organization), changed)
            )
    if changed_nodes:
        Organization.objects.bulk_update(changed_nodes, sorted(changed_fields), batch_size=500)
    return [organization for _row, organization, _changes in prepared], pending


def _check_codes(prepared: list[tuple[OrganizationRow, Organization, dict]]) -> None:
    """`_check_fields`'s code rule for a whole batch, in one query: the first row whose code
    another organization carries (compared as the database compares `iexact`) is refused."""
    wanted: list[tuple[OrganizationRow, str, int | None]] = []
    for row, organization, changes in prepared:
        code = str((organization.code if row.organization is None else changes.get("code")) or "").strip()
        if code:
            wanted.append((row, code, organization.pk))
    if not wanted:
        return
    condition = Q()
    for _row, code, _pk in wanted:
        condition |= Q(code__iexact=code)
    holders = list(Organization.objects.filter(condition).only("pk", "code", "name"))
    for row, code, own_pk in wanted:
        for other in holders:
            if other.pk != own_pk and other.code.casefold() == code.casefold():
                raise DomainError(line_message(row.line, _code_taken(code, other).message))


def line_message(line: int, message: str) -> str:
    """An error of a file's row, as the import page shows it: "Dòng 12: …"."""
    return _("Dòng %(line)s: %(message)s") % {"line": line, "message": message}


def check_can_move_organization(actor, organization: Organization) -> None:
    if not can_manage_organization(actor, organization):
        raise NotAllowed(_("Bạn không có quyền chuyển tổ chức này."))


def move_organization(*, actor, organization: Organization, new_parent: Organization | None) -> Organization:
    """Places `organization` and its whole subtree under `new_parent` (a root when None, superuser
    only): rewrites the materialized path and depth of every node below in one statement. The actor
    must manage the organization and the new parent. Refused into its own subtree (a cycle), under a
    cell, past the maximum depth, or when a later step has copied the subtree's paths onto its rows
    (`ORGANIZATION_MOVE_GUARDS`)."""
    check_can_move_organization(actor, organization)
    if new_parent is None:
        if not getattr(actor, "is_superuser", False):
            raise NotAllowed(_("Chỉ quản trị hệ thống được tạo tổ chức cấp cao nhất."))
    else:
        if not can_manage_organization(actor, new_parent):
            raise NotAllowed(_("Bạn không có quyền chuyển tổ chức vào đơn vị này."))
        if new_parent.path.startswith(organization.path):
            raise DomainError(_("Không thể chuyển một tổ chức vào chính nó hoặc vào tổ chức trực thuộc nó."))
        if new_parent.kind == OrganizationKind.CELL:
            raise DomainError(_("Chi bộ không có tổ chức trực thuộc."))
        if not new_parent.is_active:
            raise DomainError(_("Tổ chức cấp trên đã giải thể."))
    if (new_parent.pk if new_parent else None) == organization.parent_id:
        return organization
    for guard in ORGANIZATION_MOVE_GUARDS:
        reason = guard(organization)
        if reason:
            raise DomainError(reason)
    old_path = organization.path
    new_path = (new_parent.path if new_parent else "") + path_segment(organization.pk)
    shift = (new_parent.depth + 1 if new_parent else 0) - organization.depth
    subtree = Organization.objects.filter(subtree_q([old_path]))
    deepest = subtree.aggregate(deepest=Max("depth"))["deepest"] or organization.depth
    if deepest + shift >= MAX_DEPTH:
        raise DomainError(_("Cây tổ chức đã đạt số cấp tối đa."))
    old_parent_id = organization.parent_id
    old_partition = audit_partition(organization)
    with transaction.atomic():
        # Paths end with the node's own id, so no new path can equal another node's old one.
        subtree.update(
            path=Concat(Value(new_path), Substr("path", len(old_path) + 1)), depth=F("depth") + shift
        )
        Organization.objects.filter(pk=organization.pk).update(parent=new_parent)
        organization.refresh_from_db()
        changes = {
            "parent": [old_parent_id, new_parent.pk if new_parent else None],
            "path": [old_path, new_path],
        }
        for partition in dict.fromkeys([old_partition, audit_partition(organization)]):
            audit.record("organization.move", organization, actor=actor, partition=partition, changes=changes)
    return organization


def check_can_close_organization(actor, organization: Organization) -> None:
    if not can_close_organization(actor, organization):
        raise NotAllowed(_("Việc giải thể do cấp uỷ cấp trên quyết định; bạn không có quyền này."))


def check_can_reopen_organization(actor, organization: Organization) -> None:
    if not can_close_organization(actor, organization):
        raise NotAllowed(_("Việc mở lại tổ chức do cấp uỷ cấp trên quyết định; bạn không có quyền này."))


def close_organization(*, actor, organization: Organization, closed_on: date) -> Organization:
    """Closes (giải thể, sáp nhập) an organization on `closed_on`: it stops being active, keeps its
    history, and the roles held on it end that day. Decided by the level above: the actor must
    manage its parent (a root: a superuser). Refused while an active organization or member is
    still inside it (move them first), for a date in the future, or when already closed."""
    check_can_close_organization(actor, organization)
    if not organization.is_active:
        raise DomainError(_("Tổ chức này đã giải thể."))
    if closed_on > timezone.localdate():
        raise DomainError(_("Ngày giải thể không được sau ngày hôm nay."))
    inside = Organization.objects.filter(subtree_q([organization.path]), is_active=True).exclude(
        pk=organization.pk
    )
    if inside.exists():
        names = ", ".join(inside.order_by("path").values_list("name", flat=True)[:3])
        raise DomainError(
            _("Còn %(count)s tổ chức trực thuộc đang hoạt động (%(names)s). Hãy chuyển hoặc giải thể trước.")
            % {"count": inside.count(), "names": names}
        )
    members = Member.objects.filter(
        subtree_q([organization.path], field="cell__path"), is_active=True
    ).count()
    if members:
        raise DomainError(
            _("Còn %(count)s đảng viên đang sinh hoạt. Hãy chuyển sinh hoạt cho họ trước khi giải thể.")
            % {"count": members}
        )
    # roles imports this module (audit_partition), so it is imported on use.
    from .roles import end_role

    with transaction.atomic():
        organization.is_active = False
        organization.closed_on = closed_on
        organization.save(update_fields=["is_active", "closed_on"])
        for assignment in organization.role_assignments.filter(
            Q(ends_on__isnull=True) | Q(ends_on__gt=closed_on)
        ).select_related("user", "organization"):
            last_day = closed_on
            if assignment.starts_on is not None and assignment.starts_on > closed_on:
                last_day = assignment.starts_on - timedelta(days=1)
            end_role(actor=actor, assignment=assignment, ends_on=last_day)
        audit.record(
            "organization.close",
            organization,
            actor=actor,
            partition=audit_partition(organization),
            changes={"closed_on": closed_on},
        )
    return organization


def reopen_organization(*, actor, organization: Organization) -> Organization:
    """Undoes a closing (a mistake, or a merger that did not happen): the organization is active
    again and its closing date cleared. Decided by the same people who close it (the level above).
    The roles that ended on closing stay ended, as history: they are appointed again on purpose.
    Refused while the organization above is itself closed (reopen that first)."""
    check_can_reopen_organization(actor, organization)
    if organization.is_active:
        raise DomainError(_("Tổ chức này đang hoạt động."))
    if organization.parent is not None and not organization.parent.is_active:
        raise DomainError(_("Tổ chức cấp trên đã giải thể; hãy mở lại tổ chức cấp trên trước."))
    closed_on = organization.closed_on
    with transaction.atomic():
        organization.is_active = True
        organization.closed_on = None
        organization.save(update_fields=["is_active", "closed_on"])
        audit.record(
            "organization.reopen",
            organization,
            actor=actor,
            partition=audit_partition(organization),
            changes={"is_active": [False, True], "closed_on": [closed_on, None]},
        )
    return organization


def check_can_manage_terms(actor, organization: Organization) -> None:
    if not can_manage_organization(actor, organization):
        raise NotAllowed(_("Bạn không có quyền quản lý nhiệm kỳ của tổ chức này."))


def create_term(
    *, actor, organization: Organization, name: str, starts_on: date, ends_on: date | None = None
) -> Term:
    """Opens a term (nhiệm kỳ) of a committee. Terms of one committee never overlap."""
    check_can_manage_terms(actor, organization)
    if ends_on is not None and ends_on <= starts_on:
        raise DomainError(_("Ngày kết thúc nhiệm kỳ phải sau ngày bắt đầu."))
    with transaction.atomic():
        for term in Term.objects.select_for_update().filter(organization=organization):
            term_end = term.ends_on or date.max
            new_end = ends_on or date.max
            if term.starts_on <= new_end and starts_on <= term_end:
                raise DomainError(
                    _("Nhiệm kỳ mới trùng thời gian với nhiệm kỳ “%(name)s”.") % {"name": term.name}
                )
        term = Term.objects.create(organization=organization, name=name, starts_on=starts_on, ends_on=ends_on)
        audit.record(
            "term.create",
            term,
            actor=actor,
            partition=audit_partition(organization),
            changes={"name": name, "starts_on": starts_on, "ends_on": ends_on},
        )
    return term


def current_term(organization: Organization, day: date) -> Term | None:
    """The term of `organization` covering `day`, if one is recorded."""
    for term in organization.terms.all():
        if term.covers(day):
            return term
    return None

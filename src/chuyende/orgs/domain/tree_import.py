"""The organization tree from a spreadsheet (.xlsx or .csv), one row per organization.

`preview_organization_import` stores the file and reports, row by row and in Vietnamese, what
importing it would do: create, update, unchanged, or the error of the row (empty name, bad kind,
unknown parent, parent that is a cell, duplicate row, code of another organization, a cycle of
parents). `apply_organization_import` applies a previewed file once, parents before children,
through `write_organizations` (the checks, scope and audit of `create_organization` /
`update_organization`, a chunk of rows at a time).

Rows are matched to existing organizations by code, or by name under the same parent when the row
has no code, so importing the same file again creates nothing new. A parent is named by code or by
name: another row of the file, or an organization already inside the import's place. An empty
parent means the import's place itself (the organization whose page it was started from), or a root
when the import is for the whole site (superusers only).
"""

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from itertools import groupby

from django.db import transaction
from django.tasks import task
from django.utils.translation import gettext as _

from chuyende.common import audit
from chuyende.common.errors import DomainError, NotAllowed
from chuyende.common.text import fold

from ..enums import OrganizationKind
from ..models import Organization, OrganizationImport
from ..rules import can_manage_organization, subtree_q
from ..spreadsheets import map_header, read_rows
from .import_runs import finish_run, queue_run, run_queued, write_in_chunks
from .organizations import OrganizationRow, audit_partition, write_organizations

SITE_PARTITION = "org:site"
MAX_ROWS = 5000
APPLY_CHUNK = 250

# Header spellings seen in office spreadsheets, folded (no accents, lower case). The first
# spelling of each column is the header the downloadable template uses.
COLUMNS: dict[str, set[str]] = {
    "name": {"ten to chuc", "ten", "ten day du", "to chuc"},
    "kind": {"loai", "loai to chuc", "cap"},
    "parent": {"cap tren", "truc thuoc", "ten hoac ma cap tren", "to chuc cap tren"},
    "code": {"ma", "ma to chuc"},
    "short_name": {"ten ngan", "ten viet tat"},
    "header_name": {"ten in hoa", "ten in hoa trong van ban"},
    "superior_header_name": {"ten cap tren in hoa", "ten co quan cap tren in hoa", "co quan cap tren in hoa"},
    "body_code": {"ky hieu", "ky hieu co quan ban hanh"},
    "place_name": {"dia danh"},
    "unit_name": {"don vi", "don vi, phong ban", "co quan, don vi"},
    "unit_function": {"chuc nang, nhiem vu", "chuc nang nhiem vu", "mo ta don vi", "mo ta"},
}
OPTIONAL_FIELDS = (
    "short_name", "header_name", "superior_header_name", "body_code", "place_name", "unit_name", "unit_function",
)  # fmt: skip
KIND_WORDS = {
    "dang bo": OrganizationKind.COMMITTEE,
    "dang uy": OrganizationKind.COMMITTEE,
    "dang bo co so": OrganizationKind.COMMITTEE,
    "dang uy co so": OrganizationKind.COMMITTEE,
    "dang bo bo phan": OrganizationKind.COMMITTEE,
    "chi bo": OrganizationKind.CELL,
    "chi bo co so": OrganizationKind.CELL,
    "chi bo truc thuoc": OrganizationKind.CELL,
    "committee": OrganizationKind.COMMITTEE,
    "cell": OrganizationKind.CELL,
}


@dataclass
class TreeRow:
    line: int
    name: str
    kind: str
    parent: str
    code: str
    action: str = "error"  # create | update | unchanged | error
    errors: list[str] = field(default_factory=list)
    changes: list[str] = field(default_factory=list)
    depth: int = 0  # for the indented preview


@dataclass
class _Planned:
    row: TreeRow
    kind: str = ""
    fields: dict = field(default_factory=dict)
    existing: Organization | None = None
    parent_row: "_Planned | None" = None
    parent_org: Organization | None = None
    is_root: bool = False
    is_place: bool = False  # the row describes the import's place itself


def _scope(place: Organization | None) -> list[Organization]:
    """Existing organizations a row may name as its parent or match: the place's subtree."""
    queryset = (
        Organization.objects.all() if place is None else Organization.objects.filter(subtree_q([place.path]))
    )
    return list(queryset.order_by("path"))


def _plan(place: Organization | None, actor, rows: list[list[str]]) -> list[_Planned]:
    """Works out what each row would do, without writing anything."""
    non_empty = [(i + 1, r) for i, r in enumerate(rows) if any(c for c in r)]
    if not non_empty:
        raise DomainError(_("Tệp không có dữ liệu."))
    positions = map_header(non_empty[0][1], COLUMNS)
    for column, label in (("name", _("Tên tổ chức")), ("kind", _("Loại"))):
        if column not in positions:
            raise DomainError(
                _("Không tìm thấy cột “%(column)s” ở dòng đầu tiên của tệp. Hãy dùng tệp mẫu.")
                % {"column": label}
            )
    body = non_empty[1:]
    if not body:
        raise DomainError(_("Tệp không có dữ liệu."))
    if len(body) > MAX_ROWS:
        raise DomainError(
            _("Tệp có quá %(max_rows)s dòng. Vui lòng tách thành nhiều tệp.") % {"max_rows": MAX_ROWS}
        )

    existing = _scope(place)
    by_code = {fold(o.code): o for o in existing if o.code}
    by_name: dict[str, list[Organization]] = defaultdict(list)
    for organization in existing:
        by_name[fold(organization.name)].append(organization)
    is_superuser = getattr(actor, "is_superuser", False)
    lookups = _Lookups(place, existing)

    planned: list[_Planned] = []
    for line, raw in body:

        def value(column: str, raw: list[str] = raw) -> str:
            index = positions.get(column)
            return " ".join(raw[index].split()) if index is not None and index < len(raw) else ""

        row = TreeRow(
            line=line, name=value("name"), kind=value("kind"), parent=value("parent"), code=value("code")
        )
        item = _Planned(row=row)
        if not row.name:
            row.errors.append(_("Thiếu tên tổ chức."))
        kind = KIND_WORDS.get(fold(row.kind))
        if kind is None:
            row.errors.append(
                _("Loại tổ chức “%(kind)s” không hợp lệ (Đảng bộ hoặc Chi bộ).") % {"kind": row.kind}
                if row.kind
                else _("Thiếu loại tổ chức (Đảng bộ hoặc Chi bộ).")
            )
        else:
            item.kind = kind
        item.fields = {column: value(column) for column in OPTIONAL_FIELDS if value(column)}
        if row.code:
            item.fields["code"] = row.code
        planned.append(item)

    # Rows of the file by code and by name, to resolve parents named in the file itself.
    file_by_code: dict[str, _Planned] = {}
    file_by_name: dict[str, list[_Planned]] = defaultdict(list)
    for item in planned:
        if item.row.code:
            key = fold(item.row.code)
            if key in file_by_code:
                item.row.errors.append(
                    _("Mã “%(code)s” trùng với dòng %(row)s.")
                    % {"code": item.row.code, "row": file_by_code[key].row.line}
                )
            else:
                file_by_code[key] = item
        if item.row.name:
            file_by_name[fold(item.row.name)].append(item)

    for item in planned:
        row = item.row
        if not row.parent:
            same_code = bool(row.code) and fold(row.code) == fold(place.code) if place is not None else False
            if place is not None and (same_code or (not row.code and fold(row.name) == fold(place.name))):
                item.is_place, item.parent_org = True, place.parent
                item.is_root = place.parent is None
            elif place is None:
                item.is_root = True
                if not is_superuser:
                    row.errors.append(_("Chỉ quản trị hệ thống được tạo tổ chức cấp cao nhất."))
            else:
                item.parent_org = place
            continue
        key = fold(row.parent)
        if key in file_by_code:
            item.parent_row = file_by_code[key]
        elif key in by_code:
            item.parent_org = by_code[key]
        elif len(file_by_name.get(key, [])) == 1:
            item.parent_row = file_by_name[key][0]
        elif len(file_by_name.get(key, [])) > 1:
            lines = ", ".join(str(other.row.line) for other in file_by_name[key])
            row.errors.append(
                _("Có nhiều dòng tên “%(parent)s” (dòng %(lines)s); hãy ghi mã của cấp trên.")
                % {"parent": row.parent, "lines": lines}
            )
        elif len(by_name.get(key, [])) == 1:
            item.parent_org = by_name[key][0]
        elif len(by_name.get(key, [])) > 1:
            row.errors.append(
                _("Có nhiều tổ chức tên “%(parent)s”; hãy ghi mã của cấp trên.") % {"parent": row.parent}
            )
        else:
            row.errors.append(
                _("Không tìm thấy cấp trên “%(parent)s” trong tệp hoặc trong %(place)s.")
                % {"parent": row.parent, "place": place.name if place else _("cây tổ chức")}
            )
        if item.parent_row is item:
            item.parent_row = None
            row.errors.append(_("Tổ chức không thể là cấp trên của chính nó."))

    _mark_cycles(planned)

    for item in planned:
        row = item.row
        parent_kind = (
            item.parent_row.kind if item.parent_row else (item.parent_org.kind if item.parent_org else None)
        )
        if parent_kind == OrganizationKind.CELL:
            row.errors.append(
                _("Cấp trên “%(parent)s” là chi bộ; chi bộ không có tổ chức trực thuộc.")
                % {"parent": row.parent}
            )
        if item.parent_org is not None and not item.is_root and not item.is_place:
            if not lookups.may_manage(actor, item.parent_org):
                row.errors.append(
                    _("Bạn không có quyền tạo tổ chức trực thuộc %(parent)s.")
                    % {"parent": item.parent_org.name}
                )
            elif not item.parent_org.is_active:
                row.errors.append(_("Tổ chức cấp trên đã giải thể."))

    _set_depths(planned)
    _match_existing(sorted(planned, key=lambda item: item.row.depth), by_code, lookups)
    _mark_duplicates(planned)
    _propagate_parent_errors(planned)
    for item in planned:
        if item.row.errors:
            item.row.action = "error"
    return planned


def _mark_cycles(planned: list[_Planned]) -> None:
    """Rows whose chain of parents (inside the file) comes back to themselves."""
    for item in planned:
        seen: list[_Planned] = []
        current: _Planned | None = item
        while current is not None and current not in seen:
            seen.append(current)
            current = current.parent_row
        if current is item:
            chain = " → ".join(str(step.row.line) for step in [*seen, item])
            item.row.errors.append(_("Vòng lặp cấp trên: dòng %(chain)s.") % {"chain": chain})


class _Lookups:
    """What the preview needs beyond the place's subtree, loaded at most once each: every code of
    the site (a code taken outside the place), the children of a parent outside the subtree (the
    place's own siblings) and who may manage a parent. A 5,000-row file is a handful of queries,
    not one or two per row."""

    def __init__(self, place: Organization | None, scope: list[Organization]) -> None:
        self.place = place
        self.children: dict[int | None, list[Organization]] = defaultdict(list)
        for organization in scope:
            self.children[organization.parent_id].append(organization)
        # The subtree holds every child of its members; of the place's parent it holds one child.
        self.complete: set[int | None] = {o.pk for o in scope}
        if place is None:
            self.complete.add(None)
        self._codes: set[str] | None = None
        self._managed: dict[int, bool] = {}

    def code_taken(self, code: str) -> bool:
        if self._codes is None:
            self._codes = {
                c.lower() for c in Organization.objects.exclude(code="").values_list("code", flat=True)
            }
        return code.lower() in self._codes

    def children_of(self, parent_id: int | None) -> list[Organization]:
        if parent_id not in self.complete:
            queryset = (
                Organization.objects.filter(parent__isnull=True)
                if parent_id is None
                else Organization.objects.filter(parent_id=parent_id)
            )
            self.children[parent_id] = list(queryset)
            self.complete.add(parent_id)
        return self.children[parent_id]

    def may_manage(self, actor, organization: Organization) -> bool:
        if organization.pk not in self._managed:
            self._managed[organization.pk] = can_manage_organization(actor, organization)
        return self._managed[organization.pk]


def _match_existing(planned: list[_Planned], by_code: dict[str, Organization], lookups: _Lookups) -> None:
    """Finds the organization each row describes (by code, else by name under the same parent) and
    whether importing it creates, updates or changes nothing."""
    for item in planned:
        row = item.row
        if row.errors:
            continue
        existing = None
        if row.code:
            existing = by_code.get(fold(row.code))
            if existing is None and lookups.code_taken(row.code):
                row.errors.append(
                    _("Mã “%(code)s” đã thuộc một tổ chức ngoài phạm vi nhập của bạn.") % {"code": row.code}
                )
                continue
        else:
            parent = item.parent_row.existing if item.parent_row is not None else item.parent_org
            if parent is not None:
                siblings = lookups.children_of(parent.pk)
            elif item.is_root:
                siblings = lookups.children_of(None)
            else:  # the parent is a new row: nothing below it exists yet
                siblings = []
            matches = [o for o in siblings if fold(o.name) == fold(row.name)]
            existing = matches[0] if matches else None
        if existing is None:
            if item.is_root and not item.fields.get("place_name"):
                row.errors.append(_("Tổ chức cấp cao nhất cần cột “Địa danh” (ví dụ: Nha Trang)."))
                continue
            row.action = "create"
            continue
        item.existing = existing
        if existing.kind != item.kind:
            row.errors.append(
                _("%(name)s đã có với loại “%(kind)s”; không đổi loại tổ chức bằng tệp nhập.")
                % {"name": existing.name, "kind": existing.get_kind_display()}
            )
            continue
        expected_parent = item.parent_org.pk if item.parent_org else None
        if item.parent_row is not None:
            expected_parent = item.parent_row.existing.pk if item.parent_row.existing else -1
        if existing.parent_id != expected_parent:
            row.errors.append(
                _(
                    "%(name)s đang trực thuộc %(parent)s; hãy chuyển tổ chức trên trang của nó, không qua tệp nhập."
                )
                % {
                    "name": existing.name,
                    "parent": existing.parent.name if existing.parent else _("cấp cao nhất"),
                }
            )
            continue
        wanted = {"name": row.name, **item.fields}
        row.changes = [name for name, new in wanted.items() if (getattr(existing, name) or "") != new]
        row.action = "update" if row.changes else "unchanged"


def _mark_duplicates(planned: list[_Planned]) -> None:
    """Two rows for one organization: the same existing one, or the same new name under one parent."""
    seen: dict[object, int] = {}
    for item in planned:
        row = item.row
        if row.errors:
            continue
        if item.existing is not None:
            key: object = ("existing", item.existing.pk)
        else:
            parent_key = (
                id(item.parent_row) if item.parent_row else (item.parent_org.pk if item.parent_org else None)
            )
            key = ("new", parent_key, fold(row.name))
        if key in seen:
            row.errors.append(_("Trùng với dòng %(row)s.") % {"row": seen[key]})
        else:
            seen[key] = row.line


def _propagate_parent_errors(planned: list[_Planned]) -> None:
    changed = True
    while changed:
        changed = False
        for item in planned:
            parent = item.parent_row
            if parent is not None and parent.row.errors and not item.row.errors:
                item.row.errors.append(_("Dòng cấp trên (dòng %(row)s) có lỗi.") % {"row": parent.row.line})
                changed = True


def _set_depths(planned: list[_Planned]) -> None:
    for item in planned:
        depth, current = 0, item.parent_row
        while current is not None and depth < len(planned):
            depth, current = depth + 1, current.parent_row
        item.row.depth = depth


def _summarize(planned: list[_Planned]) -> dict:
    rows = [item.row for item in planned]
    counts = {
        action: sum(1 for r in rows if r.action == action)
        for action in ("create", "update", "unchanged", "error")
    }
    return {"counts": counts, "rows": [asdict(r) for r in rows]}


def _partition(place: Organization | None) -> str:
    return audit_partition(place) if place is not None else SITE_PARTITION


def can_import_tree(actor, place: Organization | None) -> bool:
    """Who may import a tree: a superuser anywhere (the whole site included), and whoever manages
    the place (a committee) for what goes inside it."""
    if place is None:
        return bool(getattr(actor, "is_superuser", False))
    return place.kind == OrganizationKind.COMMITTEE and can_manage_organization(actor, place)


def preview_organization_import(
    *, actor, place: Organization | None, file_name: str, content: bytes
) -> OrganizationImport:
    """Stores the uploaded tree and what importing it would do; writes no organization."""
    if not can_import_tree(actor, place):
        raise NotAllowed(_("Bạn không có quyền nhập cây tổ chức vào đây."))
    planned = _plan(place, actor, read_rows(file_name, content, columns=COLUMNS, required=("name", "kind")))
    with transaction.atomic():
        tree_import = OrganizationImport.objects.create(
            organization=place,
            uploaded_by=actor,
            file_name=file_name[:255],
            content=content,
            summary=_summarize(planned),
        )
        audit.record(
            "organization_import.preview",
            tree_import,
            actor=actor,
            partition=_partition(place),
            changes=tree_import.summary["counts"],
        )
    return tree_import


def start_organization_import(*, actor, tree_import: OrganizationImport) -> OrganizationImport:
    """Queues the application of a previewed tree as a background task (thousands of
    organizations do not fit in one request); with no worker it runs inline. The page polls
    `progress`. A second call while it runs, or after it is applied, changes nothing; a failed run
    may be started again and finishes the rest."""
    place = tree_import.organization
    if not can_import_tree(actor, place):
        raise NotAllowed(_("Bạn không có quyền nhập cây tổ chức vào đây."))
    return queue_run(
        OrganizationImport, tree_import.pk, actor=actor, action="organization_import.start",
        partition=_partition(place), enqueue=apply_organization_import_task.enqueue,
    )  # fmt: skip


def apply_organization_import(*, actor, tree_import: OrganizationImport) -> OrganizationImport:
    """Creates and updates the organizations of a previewed file with the rules of
    `create_organization` / `update_organization` (each audited once, see `_write_chunk`),
    parents before children; refused while any row
    has an error (the file is read and checked again, since the tree may have changed since the
    preview).

    Rows are written in chunks of `APPLY_CHUNK` in depth order, each chunk in its own transaction,
    with the percentage saved between chunks so the page can show it. A re-run after a failure
    (a killed worker) plans again: what was written matches by code, or by name under the same
    parent, and is unchanged, so only the rest is created. A second call after success changes
    nothing."""
    place = tree_import.organization
    if not can_import_tree(actor, place):
        raise NotAllowed(_("Bạn không có quyền nhập cây tổ chức vào đây."))
    locked = OrganizationImport.objects.get(pk=tree_import.pk)
    if locked.status == OrganizationImport.Status.APPLIED:
        return locked
    planned = _plan(
        place,
        actor,
        read_rows(locked.file_name, bytes(locked.content), columns=COLUMNS, required=("name", "kind")),
    )
    errors = sum(1 for item in planned if item.row.action == "error")
    if errors:
        raise DomainError(_("Còn %(count)s dòng lỗi. Hãy sửa tệp và tải lên lại.") % {"count": errors})
    ordered = sorted(planned, key=lambda item: item.row.depth)
    write_in_chunks(locked, ordered, lambda items: _write_chunk(actor, items), chunk=APPLY_CHUNK)
    return finish_run(
        locked, actor=actor, action="organization_import.apply", partition=_partition(place),
        summary=_summarize(planned),
    )  # fmt: skip


def _write_chunk(actor, items: Sequence[_Planned]) -> None:
    """One chunk of an applied tree in a few queries whatever its size (a row at a time cost a
    dozen queries a row): the chunk's rows of each depth together (`write_organizations`; a
    parent is written before its children, at the depth before), then every audit entry of the
    chunk appended in one go. A refused row raises its error with its line number; the chunk's
    transaction then writes none of it (earlier chunks stay, see `write_in_chunks`)."""
    entries: list[audit.Pending] = []
    for _depth, level in groupby(items, key=lambda item: item.row.depth):
        written = [item for item in level if item.row.action in ("create", "update")]
        organizations, pending = write_organizations(actor=actor, rows=[_batch_row(item) for item in written])
        for item, organization in zip(written, organizations, strict=True):
            item.existing = organization  # the parent of rows at the next depth
        entries += pending
    audit.record_many(entries, actor=actor)


def _batch_row(item: _Planned) -> OrganizationRow:
    row = item.row
    if row.action == "create":
        parent = item.parent_row.existing if item.parent_row else item.parent_org
        return OrganizationRow(row.line, {"name": row.name, **item.fields}, kind=item.kind, parent=parent)
    wanted = {"name": row.name, **item.fields}
    return OrganizationRow(row.line, {name: wanted[name] for name in row.changes}, organization=item.existing)


# The task sits beside the function it runs (the app's layers keep tasks above the domain).
@task
def apply_organization_import_task(import_id: int) -> dict:
    """Applies a tree started with `start_organization_import` (see `run_queued`)."""
    return run_queued(
        OrganizationImport, import_id, lambda actor, job: apply_organization_import(actor=actor, tree_import=job),
        task_name="apply_organization_import_task",
    )  # fmt: skip

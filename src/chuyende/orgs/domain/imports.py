"""Member lists from the spreadsheets offices already keep (.xlsx or .csv).

`preview_member_import` stores the file and reports, row by row, what would happen and what is
wrong, in Vietnamese. `apply_member_import` applies a previewed file once. Rows are matched to
existing members by party card number, or by name within the same cell when there is none, so
importing the same file again changes nothing.
"""

from dataclasses import asdict, dataclass, field

from django.db import transaction
from django.tasks import task
from django.utils.translation import gettext as _

from chuyende.common import audit
from chuyende.common.errors import DomainError, NotAllowed
from chuyende.common.text import fold

from ..enums import MemberStatus, OrganizationKind
from ..models import Member, MemberImport, Organization
from ..rules import can_import_members, subtree_q
from ..spreadsheets import map_header, read_rows
from .import_runs import finish_run, queue_run, run_queued, write_in_chunks
from .members import BatchRow, write_members
from .organizations import audit_partition

# Header spellings seen in office spreadsheets, folded (no accents, lower case).
COLUMNS = {
    "full_name": {"ho va ten", "ho ten", "ten dang vien", "ho va ten dang vien"},
    "party_card_number": {"so the dang vien", "so the", "ma dang vien", "so the dv"},
    "cell": {"chi bo", "ten chi bo"},
    "status": {"loai dang vien", "trang thai", "chinh thuc/du bi", "dang vien"},
    "position": {"chuc vu", "chuc danh"},
    "email": {"email", "thu dien tu", "e-mail"},
    "phone": {"dien thoai", "so dien thoai", "sdt"},
}
STATUS_WORDS = {"chinh thuc": MemberStatus.FULL, "du bi": MemberStatus.PROBATIONARY, "": MemberStatus.FULL}
MAX_ROWS = 20000


@dataclass
class RowResult:
    line: int
    full_name: str
    cell_name: str
    action: str  # create | update | unchanged | error
    errors: list[str] = field(default_factory=list)
    changes: list[str] = field(default_factory=list)


def _map_header(header: list[str]) -> dict[str, int]:
    positions = map_header(header, COLUMNS)
    if "full_name" not in positions:
        raise DomainError(_("Không tìm thấy cột “Họ và tên” ở dòng đầu tiên của tệp."))
    if "cell" not in positions:
        raise DomainError(_("Không tìm thấy cột “Chi bộ” ở dòng đầu tiên của tệp."))
    return positions


def _cells_by_name(organization: Organization) -> dict[str, Organization]:
    cells = Organization.objects.filter(subtree_q([organization.path]), kind=OrganizationKind.CELL)
    index: dict[str, Organization] = {}
    for cell in cells:
        for label in {cell.name, cell.short_name, cell.unit_name}:
            if label:
                index[fold(label)] = cell
                index[fold(label).removeprefix("chi bo ")] = cell
    return index


def _plan(organization: Organization, rows: list[list[str]]) -> list[tuple[RowResult, dict, Member | None]]:
    """Works out what each row would do, without writing anything."""
    non_empty = [(i + 1, r) for i, r in enumerate(rows) if any(c for c in r)]
    if not non_empty:
        raise DomainError(_("Tệp không có dữ liệu."))
    header_line, header = non_empty[0]
    positions = _map_header(header)
    body = non_empty[1:]
    if len(body) > MAX_ROWS:
        raise DomainError(
            _("Tệp có quá %(max_rows)s dòng. Vui lòng tách thành nhiều tệp.") % {"max_rows": MAX_ROWS}
        )
    cells = _cells_by_name(organization)
    by_number = {m.party_card_number: m for m in Member.objects.select_related("cell")
                 .filter(party_card_number__isnull=False)
                 .filter(subtree_q([organization.path], field="cell__path"))}  # fmt: skip
    by_name = {(m.cell_id, fold(m.full_name)): m for m in
               Member.objects.select_related("cell")
               .filter(subtree_q([organization.path], field="cell__path"))}  # fmt: skip
    # Card numbers of the file already held by a member anywhere (outside the scope included),
    # in one query per 2,000 numbers rather than one per row.
    file_numbers = sorted({" ".join(row[positions["party_card_number"]].split()) for _line, row in body
                           if "party_card_number" in positions and positions["party_card_number"] < len(row)}
                          - {""})  # fmt: skip
    taken_numbers: set[str | None] = set()
    for start in range(0, len(file_numbers), 2000):
        taken_numbers.update(
            Member.objects.filter(party_card_number__in=file_numbers[start : start + 2000]).values_list(
                "party_card_number", flat=True
            )
        )
    planned: list[tuple[RowResult, dict, Member | None]] = []
    seen_numbers: dict[str, int] = {}

    for line, row in body:

        def value(column: str, row: list[str] = row) -> str:
            index = positions.get(column)
            return " ".join(row[index].split()) if index is not None and index < len(row) else ""

        result = RowResult(line=line, full_name=value("full_name"), cell_name=value("cell"), action="error")
        fields: dict = {}
        if not result.full_name:
            result.errors.append(_("Thiếu họ và tên."))
        cell = cells.get(fold(result.cell_name)) or cells.get(fold(result.cell_name).removeprefix("chi bo "))
        if not result.cell_name:
            result.errors.append(_("Thiếu tên chi bộ."))
        elif cell is None:
            result.errors.append(
                _("Không có chi bộ “%(cell_name)s” trong %(organization)s.")
                % {"cell_name": result.cell_name, "organization": organization.name}
            )
        status_word = fold(value("status"))
        if status_word not in STATUS_WORDS:
            result.errors.append(
                _("Loại đảng viên “%(status)s” không hợp lệ (Chính thức hoặc Dự bị).")
                % {"status": value("status")}
            )
        number = value("party_card_number") or None
        if number:
            if number in seen_numbers:
                result.errors.append(
                    _("Số thẻ %(number)s trùng với dòng %(row)s.")
                    % {"number": number, "row": seen_numbers[number]}
                )
            seen_numbers[number] = line
        email = value("email")
        if email and ("@" not in email or " " in email):
            result.errors.append(_("Địa chỉ thư điện tử “%(email)s” không hợp lệ.") % {"email": email})
        if result.errors or cell is None:
            planned.append((result, fields, None))
            continue
        fields = {
            "full_name": result.full_name,
            "cell": cell,
            "status": STATUS_WORDS[status_word],
            "party_card_number": number,
        }
        for optional in ("position", "email", "phone"):
            if optional in positions:
                fields[optional] = value(optional)
        existing = by_number.get(number) if number else by_name.get((cell.pk, fold(result.full_name)))
        if existing is None and number and number in taken_numbers:
            result.errors.append(
                _("Số thẻ %(number)s đã thuộc một đảng viên ngoài phạm vi của bạn.") % {"number": number}
            )
            planned.append((result, {}, None))
            continue
        if existing is None:
            result.action = "create"
        else:
            result.changes = [
                name for name, new in fields.items()
                if (getattr(existing, name) or None) != (new or None)
            ]  # fmt: skip
            result.action = "update" if result.changes else "unchanged"
        planned.append((result, fields, existing))
    return planned


def _summarize(results: list[RowResult]) -> dict:
    counts = {
        action: sum(1 for r in results if r.action == action)
        for action in ("create", "update", "unchanged", "error")
    }
    return {"counts": counts, "rows": [asdict(r) for r in results]}


def check_can_import_members(actor, organization: Organization) -> None:
    """Refuses (NotAllowed) whoever may not import a member list into `organization`."""
    if not can_import_members(actor, organization):
        raise NotAllowed(_("Bạn không có quyền nhập danh sách đảng viên cho tổ chức này."))


def preview_member_import(
    *, actor, organization: Organization, file_name: str, content: bytes
) -> MemberImport:
    """Stores the uploaded list and what importing it would do; writes no member."""
    check_can_import_members(actor, organization)
    rows = read_rows(file_name, content, columns=COLUMNS, required=("full_name", "cell"))
    planned = _plan(organization, rows)
    with transaction.atomic():
        member_import = MemberImport.objects.create(
            organization=organization,
            uploaded_by=actor,
            file_name=file_name[:255],
            content=content,
            summary=_summarize([result for result, _fields, _existing in planned]),
        )
        audit.record(
            "member_import.preview",
            member_import,
            actor=actor,
            partition=audit_partition(organization),
            changes=member_import.summary["counts"],
        )
    return member_import


APPLY_CHUNK = 250


def start_member_import(*, actor, member_import: MemberImport) -> MemberImport:
    """Queues the application of a previewed list as a background task (thousands of members and
    their logins do not fit in one request); with no worker it runs inline. The page polls
    `progress`. A second call while it runs, or after it is applied, changes nothing; a failed
    run may be started again."""
    organization = member_import.organization
    check_can_import_members(actor, organization)
    return queue_run(
        MemberImport, member_import.pk, actor=actor, action="member_import.start",
        partition=audit_partition(organization), enqueue=apply_member_import_task.enqueue,
    )  # fmt: skip


def apply_member_import(*, actor, member_import: MemberImport) -> MemberImport:
    """Creates and updates the members of a previewed list and gives every member of the list a
    login (see `accounts.create_login`; the member activates it with a code).

    Refused while any row has an error. Rows are written in chunks of `APPLY_CHUNK`, each in its
    own transaction, with the percentage saved between chunks so the page can show it; matching
    rows by card number or name makes a re-run after a failure finish the rest and change
    nothing already written. A second call after success (a double-click) changes nothing.
    """
    organization = member_import.organization
    check_can_import_members(actor, organization)
    locked = MemberImport.objects.get(pk=member_import.pk)
    if locked.status == MemberImport.Status.APPLIED:
        return locked
    planned = _plan(
        organization,
        read_rows(locked.file_name, bytes(locked.content), columns=COLUMNS, required=("full_name", "cell")),
    )
    errors = [result for result, _fields, _existing in planned if result.action == "error"]
    if errors:
        raise DomainError(_("Còn %(count)s dòng lỗi. Hãy sửa tệp và tải lên lại.") % {"count": len(errors)})

    write_in_chunks(locked, planned, lambda rows: _write_chunk(actor, rows), chunk=APPLY_CHUNK)
    return finish_run(
        locked, actor=actor, action="member_import.apply", partition=audit_partition(organization),
        summary=_summarize([result for result, _fields, _existing in planned]),
    )  # fmt: skip


def _write_chunk(actor, rows) -> None:
    """One chunk of an applied list, in a few queries whatever its size (a row at a time cost ~19
    queries a row): the members created and updated together (`write_members`), the logins of
    those who have none together (`create_logins`), then every audit entry of the chunk appended
    in one go — per row, as before, its "member.create"/"member.update" entry then its
    "account.create" one. A refused row raises its error with its line number; the chunk's
    transaction then writes none of it (earlier chunks stay, see `write_in_chunks`)."""
    from .accounts import create_logins

    batch = [
        BatchRow(result.line, fields if result.action == "create" else {n: fields[n] for n in result.changes},
                 existing if result.action == "update" else None)
        for result, fields, existing in rows
        if result.action in ("create", "update")
    ]  # fmt: skip
    written, entries = write_members(actor=actor, rows=batch)
    # Every member of the chunk in row order: the written ones in the order they were given.
    written_in_order = iter(written)
    members = [
        next(written_in_order) if result.action in ("create", "update") else existing
        for result, _fields, existing in rows
        if existing is not None or result.action == "create"
    ]
    members = list({member.pk: member for member in members}.values())  # two rows, one member
    logins = create_logins(actor=actor, members=[m for m in members if m.user_id is None and m.is_active])
    entries_of: dict[int, list[audit.Pending]] = {}
    for entry in [*entries, *logins]:
        entries_of.setdefault(entry.obj.pk, []).append(entry)
    ordered = [entry for member in members for entry in entries_of.get(member.pk, [])]
    audit.record_many(ordered, actor=actor)


# The task sits beside the function it runs: the domain queues it (`start_member_import`) and the
# app's layers keep tasks above the domain, so it cannot live in orgs/tasks.py.
@task
def apply_member_import_task(import_id: int) -> dict:
    """Applies a member list started with `start_member_import` (see `run_queued`)."""
    return run_queued(
        MemberImport, import_id, lambda actor, job: apply_member_import(actor=actor, member_import=job),
        task_name="apply_member_import_task",
    )  # fmt: skip

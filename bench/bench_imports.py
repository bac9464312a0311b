"""Imports at an office's real size: a 5,000-row organization tree and a 5,000-member list, end to
end through the domain functions the pages and the API call (preview, then start → apply; with no
worker configured the task runs inline, so the time is the task's), into a SQLite file database
in bench/.work/.

Baseline in the same run: a bare `bulk_create` of 5,000 rows (organizations and members, no rules,
no audit); each import's apply is reported as a ratio to it. The 1-minute load average is recorded
at the start and the end (the machine is shared).

    .venv/bin/python -m bench.bench_imports   → bench/results/imports.json
"""

import time
from pathlib import Path

from bench.common import load_average, result, save, setup_django

WORK = Path(__file__).resolve().parent / ".work"
COMMITTEES = 50
CELLS_PER_COMMITTEE = 99  # 50 + 50 × 99 = 5,000 tree rows
MEMBERS = 5000
SURNAMES = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ"]
MIDDLE = ["Văn", "Thị", "Đức", "Minh", "Ngọc", "Thanh", "Quốc", "Hồng", "Thuỳ", "Kim"]
GIVEN = ["An", "Anh", "Ánh", "Bình", "Dung", "Dũng", "Hà", "Hải", "Hùng", "Lan", "Mai", "Nam", "Tâm"]


def _csv(rows: list[list[str]]) -> bytes:
    return "\n".join(",".join(f'"{cell}"' for cell in row) for row in rows).encode()


def _tree_rows() -> list[list[str]]:
    """Committees under the place, cells under them; half the cells by code, half by name."""
    rows = [["Tên tổ chức", "Loại", "Cấp trên", "Mã"]]
    for c in range(COMMITTEES):
        code = f"DB{c:03d}"
        rows.append([f"Đảng bộ bộ phận số {c}", "Đảng bộ", "", code])
        for k in range(CELLS_PER_COMMITTEE):
            rows.append([f"Chi bộ {c}-{k}", "Chi bộ", code, f"CB{c:03d}-{k:03d}" if k % 2 else ""])
    return rows


def _member_rows() -> list[list[str]]:
    rows = [["Họ và tên", "Chi bộ", "Số thẻ đảng viên", "Loại đảng viên", "Email"]]
    for n in range(MEMBERS):
        name = f"{SURNAMES[n % 12]} {MIDDLE[n // 12 % 10]} {GIVEN[n // 120 % 13]} {n}"
        cell = f"Chi bộ {n % COMMITTEES}-{n // COMMITTEES % CELLS_PER_COMMITTEE}"
        status = "Dự bị" if n % 10 == 0 else "Chính thức"
        rows.append([name, cell, f"{80000000 + n}", status, f"dv{n}@example.vn"])
    return rows


def _timed(action) -> tuple[float, object]:
    started = time.perf_counter()
    value = action()
    return round(time.perf_counter() - started, 2), value


def _baselines_s() -> tuple[float, float]:
    """A bare bulk_create of 5,000 organizations, then of 5,000 members, under a scratch
    committee, then removed: what writing the rows costs with no rules, checks or audit."""
    from django.db import transaction

    from chuyende.orgs.models import Member, Organization
    from chuyende.orgs.models.organization import path_segment

    scratch = Organization.objects.create(
        kind="committee", name="Nháp", path="tmp", depth=0, header_name="X", place_name="Nha Trang"
    )
    Organization.objects.filter(pk=scratch.pk).update(path=path_segment(scratch.pk))
    started = time.perf_counter()
    with transaction.atomic():
        cells = Organization.objects.bulk_create(
            [
                Organization(parent=scratch, kind="cell", name=f"Nháp {i}", path=f"nhap{i:06d}", depth=1)
                for i in range(CELLS_PER_COMMITTEE * COMMITTEES + COMMITTEES)
            ],
            batch_size=1000,
        )
    organizations_s = time.perf_counter() - started
    started = time.perf_counter()
    with transaction.atomic():
        Member.objects.bulk_create(
            [
                Member(cell=cells[i % len(cells)], full_name=f"Nháp {i}", sort_key=f"{i:09d}")
                for i in range(MEMBERS)
            ],
            batch_size=1000,
        )
    members_s = time.perf_counter() - started
    Member.objects.filter(cell__parent=scratch).delete()
    Organization.objects.filter(parent=scratch).delete()
    scratch.delete()
    return round(organizations_s, 3), round(members_s, 3)


def run() -> dict[str, object]:
    load_at_start = load_average()
    WORK.mkdir(exist_ok=True)
    database = WORK / "imports.sqlite3"
    for leftover in WORK.glob("imports.sqlite3*"):
        leftover.unlink()
    setup_django(str(database))
    from django.contrib.auth import get_user_model

    from chuyende.orgs.domain import create_organization, preview_member_import, start_member_import
    from chuyende.orgs.domain.tree_import import preview_organization_import, start_organization_import
    from chuyende.orgs.models import Member, MemberImport, Organization, OrganizationImport

    admin = get_user_model().objects.create_superuser("quantri", "quantri@example.vn", "mat-khau-quan-tri")
    place = create_organization(
        actor=admin,
        parent=None,
        kind="committee",
        name="Đảng bộ Tỉnh thử",
        code="DBT",
        place_name="Nha Trang",
    )
    baseline_orgs_s, baseline_members_s = _baselines_s()

    tree = _csv(_tree_rows())
    tree_preview_s, tree_import = _timed(
        lambda: preview_organization_import(actor=admin, place=place, file_name="cay.csv", content=tree)
    )
    assert tree_import.summary["counts"]["create"] == COMMITTEES * (CELLS_PER_COMMITTEE + 1), (
        tree_import.summary["counts"]
    )
    tree_apply_s, _started = _timed(lambda: start_organization_import(actor=admin, tree_import=tree_import))
    tree_import = OrganizationImport.objects.get(pk=tree_import.pk)
    assert tree_import.status == "applied", (tree_import.status, tree_import.error)
    organizations = Organization.objects.count()

    members = _csv(_member_rows())
    member_preview_s, member_import = _timed(
        lambda: preview_member_import(actor=admin, organization=place, file_name="ds.csv", content=members)
    )
    assert member_import.summary["counts"]["create"] == MEMBERS, member_import.summary["counts"]
    member_apply_s, _started = _timed(lambda: start_member_import(actor=admin, member_import=member_import))
    member_import = MemberImport.objects.get(pk=member_import.pk)
    assert member_import.status == "applied", (member_import.status, member_import.error)
    with_login = Member.objects.filter(user__isnull=False).count()

    # Importing the same files again changes nothing (what a retry after a crash relies on).
    rerun_tree_s, rerun_tree = _timed(
        lambda: preview_organization_import(actor=admin, place=place, file_name="cay.csv", content=tree)
    )
    rerun_members_s, rerun_members = _timed(
        lambda: preview_member_import(actor=admin, organization=place, file_name="ds.csv", content=members)
    )
    metrics: dict[str, object] = {
        "load_1min_at_start": load_at_start,
        "baseline_bulk_create_5000_orgs_s": baseline_orgs_s,
        "baseline_bulk_create_5000_members_s": baseline_members_s,
        "tree_import_5000_preview_s": tree_preview_s,
        "tree_import_5000_apply_s": tree_apply_s,
        "tree_organizations_created": organizations - 1,
        "member_import_5000_preview_s": member_preview_s,
        "member_import_5000_apply_s": member_apply_s,
        "members_with_login": with_login,
        "tree_reimport_preview_s": rerun_tree_s,
        "tree_reimport_unchanged": rerun_tree.summary["counts"]["unchanged"],
        "member_reimport_preview_s": rerun_members_s,
        "member_reimport_unchanged": rerun_members.summary["counts"]["unchanged"],
        "tree_apply_ratio_to_baseline": round(tree_apply_s / baseline_orgs_s, 1),
        "member_apply_ratio_to_baseline": round(member_apply_s / baseline_members_s, 1),
        "load_1min_at_end": load_average(),
    }
    return result("imports", metrics, database="sqlite")


if __name__ == "__main__":
    save(run())

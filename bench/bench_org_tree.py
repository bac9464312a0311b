"""The organization tree at national size: ~300,000 nodes (63 provinces → grassroots committees →
cells) and 1,000,000 members, generated straight into a throwaway SQLite database.

Measures what every scoped page does — the subtree of a node (a province, a grassroots committee)
as one range on the materialized path, the member count of a province through that range, a
member search by name without accents inside a province — p50/p99 over many runs, against a
baseline in the same run: a primary-key lookup.

    .venv/bin/python -m bench.bench_org_tree   → bench/results/org_tree.json
"""

import random
import tempfile
import time

from bench.common import load_average, percentile, result, save, setup_django, timings_ms

PROVINCES = 63
COMMITTEES_PER_PROVINCE = 600
CELLS_PER_COMMITTEE = 7  # 63 × 600 × 8 ≈ 302,000 nodes
MEMBERS = 1_000_000
RUNS = 200
SURNAMES = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ"]
MIDDLE = ["Văn", "Thị", "Đức", "Minh", "Ngọc", "Thanh", "Quốc", "Hồng", "Thuỳ", "Kim"]
GIVEN = [
    "An",
    "Anh",
    "Ánh",
    "Bình",
    "Dung",
    "Dũng",
    "Hà",
    "Hải",
    "Hùng",
    "Lan",
    "Mai",
    "Nam",
    "Tâm",
    "Thành",
    "Tuấn",
]


def _generate() -> tuple[list[str], list[str]]:
    """Bulk-inserts the tree (ids known in advance, so paths are written directly) and members."""
    from django.db import connection

    from chuyende.common.text import fold, name_sort_key
    from chuyende.orgs.models.organization import path_segment

    rows, provinces, committees, cells = [], [], [], []
    next_id = 1

    def node(parent_path: str, depth: int, kind: str) -> str:
        nonlocal next_id
        path = parent_path + path_segment(next_id)
        rows.append(
            (next_id, int(parent_path[-9:]) if parent_path else None, path, depth, kind, f"Tổ chức {next_id}")
        )
        next_id += 1
        return path

    for _ in range(PROVINCES):
        province = node("", 0, "committee")
        provinces.append(province)
        for _ in range(COMMITTEES_PER_PROVINCE):
            committee = node(province, 1, "committee")
            committees.append(committee)
            cells.extend(node(committee, 2, "cell") for _ in range(CELLS_PER_COMMITTEE))
    with connection.cursor() as cursor:
        cursor.executemany(
            "INSERT INTO orgs_organization (id, parent_id, path, depth, kind, name, short_name, header_name,"
            " superior_header_name, body_code, signing_authority, place_name, unit_name, unit_function,"
            " is_active, created_at) VALUES (%s, %s, %s, %s, %s, %s, '', 'X', '', 'ĐU', '', 'Hà Nội', '', '',"
            " 1, '2026-01-01')",
            rows,
        )
        rng = random.Random(7)
        cell_ids = [int(path[-9:]) for path in cells]
        batch = []
        for number in range(MEMBERS):
            name = f"{rng.choice(SURNAMES)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}"
            batch.append((name, name_sort_key(name), fold(name), "full", rng.choice(cell_ids), number))
            if len(batch) == 50_000:
                _insert_members(cursor, batch)
                batch = []
        _insert_members(cursor, batch)
        cursor.execute("ANALYZE")
    return provinces, committees


def _insert_members(cursor, batch) -> None:
    cursor.executemany(
        "INSERT INTO orgs_member (full_name, sort_key, name_folded, status, cell_id, party_card_number,"
        " position, email, phone, is_active, created_at, updated_at)"
        " VALUES (%s, %s, %s, %s, %s, %s, '', '', '', 1, '2026-01-01', '2026-01-01')",
        batch,
    )


def run() -> dict[str, object]:
    load_average_at_start = load_average()
    with tempfile.TemporaryDirectory() as directory:
        setup_django(f"{directory}/tree.sqlite3")
        from chuyende.orgs.domain.search import search_members
        from chuyende.orgs.models import Member, Organization
        from chuyende.orgs.rules import subtree_q

        started = time.perf_counter()
        provinces, committees = _generate()
        generate_s = time.perf_counter() - started
        rng = random.Random(11)

        def committee_subtree():
            return len(
                list(Organization.objects.filter(subtree_q([rng.choice(committees)])).values_list("pk"))
            )

        def province_member_count():
            return Member.objects.filter(subtree_q([rng.choice(provinces)], field="cell__path")).count()

        def province_search():
            members = Member.objects.filter(subtree_q([rng.choice(provinces)], field="cell__path"))
            return list(search_members(members, "nguyen thanh").order_by("sort_key")[:50])

        def baseline():
            return Organization.objects.filter(pk=rng.randint(1, 300_000)).first()

        base = timings_ms(baseline, RUNS)
        subtree = timings_ms(committee_subtree, RUNS)
        count = timings_ms(province_member_count, RUNS // 4)
        search = timings_ms(province_search, RUNS // 4)
        metrics = {
            "nodes": Organization.objects.count(),
            "members": MEMBERS,
            "generate_s": round(generate_s, 1),
            "baseline_pk_lookup_p50_ms": round(percentile(base, 0.5), 3),
            "committee_subtree_p50_ms": round(percentile(subtree, 0.5), 3),
            "committee_subtree_p99_ms": round(percentile(subtree, 0.99), 3),
            "province_member_count_p99_ms": round(percentile(count, 0.99), 2),
            "province_name_search_p99_ms": round(percentile(search, 0.99), 2),
            "committee_subtree_ratio_to_baseline": round(percentile(subtree, 0.5) / percentile(base, 0.5), 1),
        }
        return result("org_tree", metrics, database="sqlite", load_average_at_start=load_average_at_start)


if __name__ == "__main__":
    save(run())

"""Data generation for bench_pg_scale (issue 16), in SQL on the private PostgreSQL.

Runs inside a Django process whose DATABASE_URL names one database of the private cluster
(bench_pg_scale starts it as `python -m bench.pgscale_data <kind> …`). Bulk rows are written with
INSERT … SELECT generate_series in the database — not through Django, not row by row in Python —
with foreign-key triggers off for the session (`session_replication_role = replica`: the
generator writes consistent keys); the small objects (document, dissemination, term) go through
the ORM. Each generator ends by writing a row to `bench_meta`, so a rerun sees the database is
complete and keeps it.
"""

import json
import os
import sys
import time
from pathlib import Path

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "chuyende.settings")

SEG = 9  # PATH_SEGMENT_WIDTH


def _setup():
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def _meta(cursor, key: str, value: dict) -> None:
    cursor.execute("CREATE TABLE IF NOT EXISTS bench_meta (key text PRIMARY KEY, value text NOT NULL)")
    cursor.execute(
        "INSERT INTO bench_meta VALUES (%s, %s) ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value",
        [key, json.dumps(value)],
    )


def _seg(expression: str) -> str:
    return f"lpad(({expression})::text, {SEG}, '0')"


# --- 10,000,000 comments ---------------------------------------------------------------------------
def comments(world_path: str, count: int) -> dict:
    """Preloads `count` comments into the seeded consultation, spread over its 64 authors and 60
    paragraphs (the consultation the ingest then writes to: the worst case for its indexes)."""
    from django.db import connection

    world = json.loads(Path(world_path).read_text())
    started = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute("SET session_replication_role = replica")
        cursor.execute("SET synchronous_commit = off")
        cursor.execute(
            "SELECT u.id, m.id, m.cell_id FROM auth_user u JOIN orgs_member m ON m.user_id = u.id"
            " WHERE u.username LIKE 'bench%' ORDER BY u.id"
        )
        authors = cursor.fetchall()
        blocks = world["blocks"]
        cursor.execute("CREATE TEMP TABLE a (n int PRIMARY KEY, author int, member int, cell int)")
        cursor.executemany(
            "INSERT INTO a VALUES (%s, %s, %s, %s)", [(i, *row) for i, row in enumerate(authors)]
        )
        cursor.execute("CREATE TEMP TABLE b (n int PRIMARY KEY, uid text)")
        cursor.executemany("INSERT INTO b VALUES (%s, %s)", list(enumerate(blocks)))
        step = 1_000_000
        for first in range(1, count + 1, step):
            last = min(count, first + step - 1)
            cursor.execute(
                f"""
                INSERT INTO consultations_comment (consultation_id, author_id, member_id, cell_id, channel,
                    agreeing_members, submitter_name, target, block_uid, section_uid, quoted_text, stance, text,
                    proposed_wording, idempotency_key, submitted_hash, status, revision, created_at, updated_at,
                    group_id, suggested_block_uid, placement_confirmed, disposition_id)
                SELECT %s, a.author, a.member, a.cell, 'online', 0, '', 'paragraph', b.uid, '', '', 'propose',
                    'Đề nghị bổ sung ý số ' || g || ' của dự thảo nghị quyết', '', 'pre-' || g,
                    md5(g::text), 'active', 1, now(), now(), NULL, '', false, NULL
                FROM generate_series({first}, {last}) g
                JOIN a ON a.n = g %% {len(authors)}
                JOIN b ON b.n = g %% {len(blocks)}
                """,
                [world["consultation"]],
            )
            print(f"comments: {last:,}", flush=True)
        cursor.execute("ANALYZE consultations_comment")
        info = {"comments": count, "generate_s": round(time.perf_counter() - started, 1)}
        _meta(cursor, "comments", info)
    return info


# --- a national (or provincial) organisation with its roll-up data ---------------------------------
def organisation(provinces: int, committees: int, cells_per_committee: int, members: int) -> dict:
    """Root (pk 1) → `provinces` → `committees` grassroots committees each → `cells_per_committee`
    cells each; `members` members spread evenly over the cells; one resolution of the root
    disseminated to every member (about half acknowledged); one approved commitment per member
    with two items (deadlines over a year, a third with progress, some done or verified), counters
    rebuilt by the domain; twelve graded regular meetings per cell in 2025."""
    from datetime import date

    from django.db import connection

    from chuyende.commitments.domain.counters import rebuild
    from chuyende.documents.models import Dissemination, DocumentType, OfficialDocument
    from chuyende.orgs.models import Organization, Term

    started = time.perf_counter()
    timings: dict[str, float] = {}

    def lap(name: str) -> None:
        timings[f"{name}_s"] = round(time.perf_counter() - started - sum(timings.values()), 1)
        print(f"{name}: {timings[f'{name}_s']} s", flush=True)

    p_count, c_count = provinces, provinces * committees
    cells = c_count * cells_per_committee
    first_committee = 2 + p_count
    first_cell = first_committee + c_count
    org_cols = (
        "id, parent_id, path, depth, kind, name, short_name, header_name, superior_header_name, body_code,"
        " signing_authority, place_name, unit_name, unit_function, is_active, created_at"
    )

    def org_values(id_sql: str, parent_sql: str, path_sql: str, depth: int, kind: str, name: str) -> str:
        return (
            f"SELECT {id_sql}, {parent_sql}, {path_sql}, {depth}, '{kind}', '{name} ' || ({id_sql}), '',"
            f" 'ĐẢNG UỶ', '', '{'CB' if kind == 'cell' else 'ĐU'}', '', 'Hà Nội', '', '', true, now()"
        )

    root = _seg("1")
    with connection.cursor() as cursor:
        cursor.execute("SET session_replication_role = replica")
        cursor.execute("SET synchronous_commit = off")
        cursor.execute(
            f"INSERT INTO orgs_organization ({org_cols}) "
            + org_values("1", "NULL", root, 0, "committee", "Đảng bộ")
        )
        cursor.execute(
            f"INSERT INTO orgs_organization ({org_cols}) "
            + org_values("1 + p", "1", f"{root} || {_seg('1 + p')}", 1, "committee", "Đảng bộ tỉnh")
            + f" FROM generate_series(1, {p_count}) p"
        )
        # committee k (0-based) belongs to province 2 + k / committees
        cursor.execute(
            f"INSERT INTO orgs_organization ({org_cols}) "
            + org_values(
                f"{first_committee} + k", f"2 + k / {committees}",
                f"{root} || {_seg(f'2 + k / {committees}')} || {_seg(f'{first_committee} + k')}", 2, "committee",
                "Đảng bộ cơ sở",
            )
            + f" FROM generate_series(0, {c_count - 1}) k"
        )  # fmt: skip
        # cell j (0-based) belongs to committee first_committee + j / cells_per_committee
        committee_of = f"{first_committee} + j / {cells_per_committee}"
        province_of = f"2 + (j / {cells_per_committee}) / {committees}"
        cursor.execute(
            f"INSERT INTO orgs_organization ({org_cols}) "
            + org_values(
                f"{first_cell} + j", committee_of,
                f"{root} || {_seg(province_of)} || {_seg(committee_of)} || {_seg(f'{first_cell} + j')}", 3, "cell",
                "Chi bộ",
            )
            + f" FROM generate_series(0, {cells - 1}) j"
        )  # fmt: skip
        cursor.execute(
            "SELECT setval(pg_get_serial_sequence('orgs_organization', 'id'), max(id)) FROM orgs_organization"
        )
        lap("organizations")
        # member i (1-based) is in cell first_cell + (i - 1) % cells
        cursor.execute(
            f"""
            INSERT INTO orgs_member (id, full_name, sort_key, name_folded, party_card_number, status, cell_id,
                position, email, phone, user_id, is_active, created_at, updated_at)
            SELECT i, 'Đảng viên ' || i, lpad(i::text, 12, '0'), 'dang vien ' || i, NULL, 'full',
                {first_cell} + (i - 1) % {cells}, '', '', '', NULL, true, now(), now()
            FROM generate_series(1, {members}) i
            """
        )
        cursor.execute("SELECT setval(pg_get_serial_sequence('orgs_member', 'id'), max(id)) FROM orgs_member")
        lap("members")
    nation = Organization.objects.get(pk=1)
    term = Term.objects.create(organization=nation, name="Nhiệm kỳ 2020 – 2025", starts_on=date(2020, 10, 1))
    document = OfficialDocument.objects.create(
        organization=nation, document_type=DocumentType.objects.get(code="NQ"), term=term,
        summary="về xây dựng, chỉnh đốn Đảng", state="issued", number=1, number_symbol="01-NQ/TW",
        issued_on=date(2025, 1, 5),
    )  # fmt: skip
    dissemination = Dissemination.objects.create(
        document=document, audience="subtree", organization=nation, recipient_count=members
    )
    with connection.cursor() as cursor:
        cursor.execute("SET session_replication_role = replica")
        cursor.execute("SET synchronous_commit = off")
        cursor.execute(
            """
            INSERT INTO documents_recipient (document_id, dissemination_id, member_id, cell_path, acknowledged_at)
            SELECT %s, %s, m.id, o.path, CASE WHEN m.id %% 2 = 0 THEN now() END
            FROM orgs_member m JOIN orgs_organization o ON o.id = m.cell_id
            """,
            [document.pk, dissemination.pk],
        )
        lap("recipients")
        # The acknowledgement counters per cell, with the product's own set-based rebuild.
        from chuyende.documents.domain.dissemination import rebuild_counters

        rebuild_counters(document.pk)
        lap("acknowledgement_counters")
        cursor.execute(
            """
            INSERT INTO commitments_commitment (id, cell_id, cell_path, owner_member_id, resolution_id, title,
                frequency, state, version, return_reason, created_at)
            SELECT m.id, m.cell_id, o.path, m.id, %s, 'Cam kết', 'quarterly', 'approved', 1, '', now()
            FROM orgs_member m JOIN orgs_organization o ON o.id = m.cell_id
            """,
            [document.pk],
        )
        cursor.execute(
            "SELECT setval(pg_get_serial_sequence('commitments_commitment', 'id'), max(id)) FROM commitments_commitment"
        )
        # roll in [0, 1) from a hash of (member, position): 60 % not started, 10 % done, some verified
        cursor.execute(
            """
            INSERT INTO commitments_commitmentitem (commitment_id, position, cell_path, shortcoming, remedy,
                sign_of_done, deadline, withdrawn, accepted_percent, verified_at)
            SELECT c.id, p, c.cell_path, 'Hạn chế', 'Biện pháp', 'Kết quả',
                date '2024-12-22' + ((c.id * 7 + p * 131) % 365)::int,
                false,
                CASE WHEN r < 0.6 THEN 0 WHEN r > 0.9 THEN 100 ELSE 20 * (1 + (c.id + p) % 4) END,
                CASE WHEN r > 0.96 THEN now() END
            FROM commitments_commitment c CROSS JOIN generate_series(1, 2) p
            CROSS JOIN LATERAL (SELECT ((c.id * 2654435761 + p * 40503) % 1000) / 1000.0 AS r) roll
            """
        )
        lap("commitments")
        cursor.execute(
            """
            INSERT INTO meetings_meeting (organization_id, kind, plan_id, assignment_id, title, starts_at, ends_at,
                place, agenda, chair_id, secretary_id, guests, supervisor_id, status, materials_published_at,
                minutes_approved_at, score, grade, passed, needs_rerun, rerun_of_id, version, created_at)
            SELECT o.id, 'regular', NULL, NULL, 'Sinh hoạt chi bộ tháng ' || mth,
                make_timestamptz(2025, mth, 5, 7, 30, 0, 'Asia/Ho_Chi_Minh'),
                make_timestamptz(2025, mth, 5, 10, 0, 0, 'Asia/Ho_Chi_Minh'),
                '', '[]'::jsonb, NULL, NULL, '', NULL, 'held', NULL,
                make_timestamptz(2025, mth, 5, 11, 0, 0, 'Asia/Ho_Chi_Minh'),
                50 + (o.id * 13 + mth * 7) % 50, '', true, false, NULL, 1, now()
            FROM orgs_organization o CROSS JOIN generate_series(1, 12) mth
            WHERE o.kind = 'cell'
            """
        )
        lap("meetings")
        # The yearly-grade counters per cell, with the product's own set-based rebuild.
        from chuyende.meetings.domain.grading import rebuild_grade_counters

        rebuild_grade_counters()
        lap("grade_counters")
        cursor.execute("ANALYZE")
    # The domain's own rebuild() passes the rows through Python (~100 s at 200k members, most of an
    # hour at 5.6 M); above 1 M members the same grouping runs as one INSERT … SELECT per level.
    counter_rows = rebuild() if members <= 1_000_000 else rebuild_in_sql()
    lap("rebuild_counters")
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
        info = {
            "members": members, "cells": cells, "committees": c_count, "provinces": p_count,
            "document": document.pk, "counter_rows": counter_rows, **timings,
            "generate_s": round(time.perf_counter() - started, 1),
        }  # fmt: skip
        _meta(cursor, "organisation", info)
    return info


COUNTERS_SQL = """
WITH live AS (
    SELECT i.cell_path, i.deadline,
        CASE WHEN i.verified_at IS NOT NULL THEN 'verified' WHEN i.accepted_percent >= 100 THEN 'done'
            ELSE 'open' END AS phase,
        CASE WHEN i.verified_at IS NOT NULL THEN 100 ELSE i.accepted_percent END AS percent
    FROM commitments_commitmentitem i JOIN commitments_commitment c ON c.id = i.commitment_id
    WHERE c.state = 'approved' AND NOT i.withdrawn
)
INSERT INTO {table} (org_path, depth, bucket, deadline, phase, items, percent_sum)
SELECT substr(cell_path, 1, {length}), {depth}, 'M', date_trunc('month', deadline)::date, phase, count(*), sum(percent)
FROM live WHERE length(cell_path) >= {length} GROUP BY 1, 4, 5
UNION ALL
SELECT substr(cell_path, 1, {length}), {depth}, 'D', deadline, phase, count(*), sum(percent)
FROM live WHERE phase = 'open' AND length(cell_path) >= {length} GROUP BY 1, 4, 5
"""


def rebuild_in_sql(table: str = "commitments_progresscounter") -> int:
    """What commitments.domain.counters.rebuild() writes, grouped in the database (one statement per
    tree level); `counters_match` checks it against rebuild() on the 200k organisation."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {table}")
        cursor.execute("SELECT max(length(cell_path)) FROM commitments_commitmentitem")
        levels = (cursor.fetchone()[0] or 0) // SEG
        for level in range(1, levels + 1):
            cursor.execute(COUNTERS_SQL.format(table=table, length=level * SEG, depth=level - 1))
        cursor.execute(f"SELECT count(*) FROM {table}")
        return cursor.fetchone()[0]


def counters_match() -> bool:
    """True when rebuild_in_sql() writes exactly the rows rebuild() wrote (run on a database where
    rebuild() ran)."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE TEMP TABLE sql_counters (LIKE commitments_progresscounter INCLUDING DEFAULTS INCLUDING IDENTITY)"
        )
        rebuild_in_sql("sql_counters")
        columns = "org_path, depth, bucket, deadline, phase, items, percent_sum"
        cursor.execute(
            f"SELECT count(*) FROM ((SELECT {columns} FROM commitments_progresscounter EXCEPT ALL"
            f" SELECT {columns} FROM sql_counters) UNION ALL (SELECT {columns} FROM sql_counters EXCEPT ALL"
            f" SELECT {columns} FROM commitments_progresscounter)) d"
        )
        return cursor.fetchone()[0] == 0


if __name__ == "__main__":
    _setup()
    kind, args = sys.argv[1], sys.argv[2:]
    if kind == "comments":
        print(json.dumps(comments(args[0], int(args[1]))))
    elif kind == "counters_match":
        print(json.dumps({"counters_match": counters_match()}))
    elif kind == "organisation":
        print(json.dumps(organisation(*(int(a) for a in args))))
    else:
        raise SystemExit(f"unknown kind {kind}")

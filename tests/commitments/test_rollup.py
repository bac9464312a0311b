import random
from collections import Counter
from datetime import date, timedelta

import pytest

from chuyende.commitments.domain import (
    cell_rollup,
    children_rollup,
    review_report,
    revise_commitment,
    submit_report,
)
from chuyende.commitments.domain.counters import rebuild
from chuyende.commitments.enums import CommitmentState, Verdict
from chuyende.commitments.models import CommitmentItem, ProgressCounter
from chuyende.commitments.status import derive_status
from chuyende.common.actors import SYSTEM
from tests import factories as f

from .helpers import commitment, item, resolution

pytestmark = pytest.mark.django_db
TODAY = date(2025, 6, 20)


def _brute(items, path):
    counts, percent, total = Counter(), 0, 0
    for i in items:
        if not i.cell_path.startswith(path) or i.withdrawn or i.commitment.state != CommitmentState.APPROVED:
            continue
        verified = i.verified_at is not None
        counts[derive_status(deadline=i.deadline, accepted_percent=i.accepted_percent, verified=verified,
                             today=TODAY)] += 1  # fmt: skip
        percent += 100 if verified else i.accepted_percent
        total += 1
    return total, percent, dict(counts)


def _as_tuple(row):
    return row.items, row.percent_sum, {k: v for k, v in row.counts().items() if v}


def test_rollup_matches_brute_force_on_generated_tree():
    rng = random.Random(7)
    root = f.organization(name="Đảng bộ tỉnh")
    committees = [f.organization(root) for _ in range(2)]
    cells = [f.cell(c) for c in committees for _ in range(2)]
    basis = resolution(root)
    for cell in cells:
        for m in [f.member(cell) for _ in range(3)] + [None]:
            items = [item(TODAY + timedelta(days=rng.randint(-30, 40))) for _ in range(rng.randint(1, 3))]
            made = commitment(cell, m, basis=basis, items=items, approve=rng.random() < 0.85)
            for it in made.items.all():
                if made.state != CommitmentState.APPROVED or rng.random() < 0.3:
                    continue
                report = submit_report(
                    actor=SYSTEM, item=it, percent=rng.choice([20, 60, 100]), narrative="Đã làm"
                )
                review_report(
                    actor=SYSTEM, report=report, verdict=rng.choice(list(Verdict)[1:]), note="Bổ sung"
                )
            if made.state == CommitmentState.APPROVED and rng.random() < 0.3:
                kept = [item(TODAY + timedelta(days=5), id=i.pk) for i in made.items.all()[:1]]
                revise_commitment(actor=SYSTEM, commitment=made, items=kept + [item(TODAY)], reason="Điều chỉnh",
                                  version=made.version, today=TODAY)  # fmt: skip
    items = list(CommitmentItem.objects.select_related("commitment"))
    rollup = children_rollup(root, TODAY)
    assert _as_tuple(rollup.total) == _brute(items, root.path)
    for row in rollup.rows:
        assert _as_tuple(row) == _brute(items, row.key)
    committee = children_rollup(committees[0], TODAY)
    assert [_as_tuple(r) for r in committee.rows] == [_brute(items, c.path) for c in cells[:2]]
    cell = cell_rollup(cells[0], TODAY)
    assert _as_tuple(cell.total) == _brute(items, cells[0].path)
    assert sum(r.items for r in cell.rows) == cell.total.items
    before = sorted(ProgressCounter.objects.filter(items__gt=0).values_list("org_path", "deadline", "phase", "items",
                                                                          "percent_sum"))  # fmt: skip
    rebuild()
    after = sorted(
        ProgressCounter.objects.values_list("org_path", "deadline", "phase", "items", "percent_sum")
    )
    assert before == after


def test_rollup_query_count_is_constant(django_assert_num_queries):
    root = f.organization()
    committee = f.organization(root)
    cell = f.cell(committee)
    basis = resolution(root)
    commitment(cell, f.member(cell), basis=basis)
    with django_assert_num_queries(2):
        children_rollup(root, TODAY)
    for _ in range(3):
        commitment(f.cell(committee), basis=basis)
    with django_assert_num_queries(2):
        assert children_rollup(root, TODAY).total.items == 4
    with django_assert_num_queries(2):
        assert cell_rollup(cell, TODAY).total.items == 1

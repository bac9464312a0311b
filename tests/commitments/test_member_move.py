from datetime import timedelta

import pytest

from chuyende.commitments.domain import children_rollup, review_report, submit_report
from chuyende.commitments.domain.counters import rebuild
from chuyende.commitments.domain.moves import follow_member_move
from chuyende.commitments.enums import Verdict
from chuyende.commitments.models import Commitment, CommitmentItem, ProgressCounter
from chuyende.common.actors import SYSTEM
from chuyende.common.errors import NotAllowed
from chuyende.orgs.domain.members import MEMBER_MOVED_HANDLERS, update_member
from tests.world import build_world

from .helpers import commitment, item, resolution
from .test_rollup import TODAY, _as_tuple, _brute

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    w = build_world()
    w.basis = resolution(w.superior)
    w.own = commitment(w.cell_a, w.member_a, basis=w.basis,
                       items=[item(TODAY - timedelta(days=3), responsible=w.member_a), item(TODAY + timedelta(days=5))])  # fmt: skip
    report = submit_report(
        actor=SYSTEM, item=w.own.items.order_by("position")[1], percent=60, narrative="Đã làm"
    )
    review_report(actor=SYSTEM, report=report, verdict=Verdict.ACCEPTED)
    w.draft = commitment(w.cell_a, w.member_a, basis=w.basis, approve=False)
    w.cell_own = commitment(w.cell_a, None, basis=w.basis, items=[item(responsible=w.member_a)])
    w.mate = commitment(w.cell_a, w.member_a2, basis=w.basis)
    w.stay_b = commitment(w.cell_b, w.member_b, basis=w.basis)
    w.stay_x = commitment(w.cell_x, w.member_x, basis=w.basis)
    return w


def counter_totals(path):
    """Items and percent of one organization from its month rows (every counted item has one)."""
    rows = ProgressCounter.objects.filter(org_path=path, bucket=ProgressCounter.MONTH)
    return {"items": sum(r.items for r in rows), "percent": sum(r.percent_sum for r in rows)}


def _check_rollups_equal_brute_force(*organizations):
    items = list(CommitmentItem.objects.select_related("commitment"))
    for organization in organizations:
        rollup = children_rollup(organization, TODAY)
        assert _as_tuple(rollup.total) == _brute(items, organization.path)
        for row in rollup.rows:
            assert _as_tuple(row) == _brute(items, row.key)


def test_handler_registered_once():
    assert MEMBER_MOVED_HANDLERS.count(follow_member_move) == 1


def test_moved_member_commitments_and_counters_follow(world):
    assert counter_totals(world.cell_a.path) == {"items": 4, "percent": 60}
    update_member(actor=world.users["secretary"], member=world.member_a, cell=world.cell_b)
    for made in (world.own, world.draft):
        made.refresh_from_db()
        assert (made.cell_id, made.cell_path) == (world.cell_b.pk, world.cell_b.path)
        assert set(made.items.values_list("cell_path", flat=True)) == {world.cell_b.path}
    world.cell_own.refresh_from_db()
    assert world.cell_own.cell_path == world.cell_a.path  # the cell's own items stay with the cell
    assert counter_totals(world.cell_a.path) == {"items": 2, "percent": 0}
    assert counter_totals(world.cell_b.path) == {"items": 3, "percent": 60}
    assert counter_totals(world.committee.path) == {"items": 5, "percent": 60}
    _check_rollups_equal_brute_force(world.superior, world.committee)
    before = sorted(ProgressCounter.objects.filter(items__gt=0).values_list("org_path", "bucket", "deadline", "phase",
                                                                          "items", "percent_sum"))  # fmt: skip
    rebuild()
    assert before == sorted(
        ProgressCounter.objects.values_list("org_path", "bucket", "deadline", "phase", "items", "percent_sum")
    )


def test_move_across_committees_moves_the_numbers_up_the_tree(world):
    update_member(actor=world.users["superior_secretary"], member=world.member_a, cell=world.cell_x)
    assert counter_totals(world.committee.path) == {"items": 3, "percent": 0}
    assert counter_totals(world.other_committee.path) == {"items": 3, "percent": 60}
    assert counter_totals(world.superior.path) == {"items": 6, "percent": 60}
    _check_rollups_equal_brute_force(world.superior, world.committee, world.other_committee)


def test_move_refused_changes_nothing(world):
    with pytest.raises(NotAllowed):  # a cell secretary does not manage the other cell
        update_member(actor=world.users["cell_secretary"], member=world.member_a, cell=world.cell_b)
    world.own.refresh_from_db()
    assert world.own.cell_path == world.cell_a.path
    assert counter_totals(world.cell_a.path) == {"items": 4, "percent": 60}
    assert counter_totals(world.cell_b.path) == {"items": 1, "percent": 0}


def test_other_changes_do_not_touch_commitments(world):
    update_member(actor=world.users["secretary"], member=world.member_a, phone="0905000009")
    assert Commitment.objects.get(pk=world.own.pk).cell_path == world.cell_a.path
    assert counter_totals(world.cell_a.path) == {"items": 4, "percent": 60}

"""The replica router: roll-ups and search read from the `replica` alias when it is configured
(here a second alias on the same server and database), everything else stays on default."""

import pytest
from django.db import connections
from django.db.models import Q

from chuyende.archive.domain import index_item
from chuyende.archive.search import search
from chuyende.common.replica import REPLICA, on_replica, read_alias
from chuyende.documents.domain import acknowledge, acknowledgement_rollup
from chuyende.meetings.interfaces.dashboard import rollup as plan_rollup
from chuyende.orgs.models import Member
from tests.archive.helpers import item
from tests.documents.helpers import issued, sent_to_subtree, term_for
from tests.world import build_world

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def replica():
    """A `replica` alias naming this session's test database again (another connection)."""
    connections.settings[REPLICA] = {**connections["default"].settings_dict, "TEST": {"MIRROR": "default"}}
    # Opened here, directly: the test case's guard refuses to open aliases it was not told of at
    # class set-up, and this one did not exist then.
    connections[REPLICA].connect()
    queries: dict[str, list[str]] = {"default": [], REPLICA: []}

    def recorder(alias):
        def record(execute, sql, params, many, context):
            queries[alias].append(sql)
            return execute(sql, params, many, context)

        return record

    wrappers = [connections[a].execute_wrapper(recorder(a)) for a in queries]
    for wrapper in wrappers:
        wrapper.__enter__()
    yield queries
    for wrapper in wrappers:
        wrapper.__exit__(None, None, None)
    connections[REPLICA].close()
    del connections[REPLICA]
    del connections.settings[REPLICA]


def test_without_a_replica_reads_stay_on_default():
    with on_replica():
        assert read_alias() == "default"


def test_rollups_and_search_read_from_the_replica_and_nothing_else_does(replica):
    from datetime import date

    world = build_world()
    document = issued(world.committee, term_for(world.committee), world.users["secretary"].member)
    sent_to_subtree(document)
    acknowledge(actor=world.users["member"], document=document)
    index_item(item("document:900", world.committee, "Nghị quyết về xây dựng và chỉnh đốn Đảng."))
    replica["default"].clear()

    result = acknowledgement_rollup(document, [world.committee.path])
    assert [(c.total, c.done) for c in result.rows] == [(2, 1), (2, 0)]
    hits = search("chỉnh đốn", scope=Q())
    assert [h.item_key for h in hits] == ["document:900"]
    assert plan_rollup(world.superior, date(2026, 12, 1)) == []  # no published plan; still two queries
    assert replica["default"] == []  # every query of the roll-ups and the search ran on the replica
    assert len(replica[REPLICA]) >= 3
    assert Member.objects.count() == 5  # outside on_replica(): default
    assert len(replica["default"]) == 1

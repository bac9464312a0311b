import pytest
from django.db import connection
from django.db.models import Count

from chuyende.common.actors import SYSTEM
from chuyende.common.errors import DomainError, NotAllowed, NotFound
from chuyende.common.models import AuditEntry
from chuyende.documents.domain import (
    acknowledge,
    acknowledgement_rollup,
    disseminate,
    pending_recipients,
)
from chuyende.documents.domain import dissemination as dissemination_module
from chuyende.documents.enums import Audience
from chuyende.documents.models import AcknowledgementCounter, Recipient

from .helpers import draft, issued, sent_to_subtree, term_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def document(world):
    return issued(world.committee, term_for(world.committee), world.users["secretary"].member)


def test_disseminate_subtree_reaches_every_active_member_once(world, document):
    first = sent_to_subtree(document)
    second = sent_to_subtree(document)
    # member_a, member_a2, member_b, the secretary (cell_b); not member_x of the other committee
    assert (first.recipient_count, second.recipient_count) == (4, 0)
    paths = dict(Recipient.objects.filter(document=document).values_list("member__full_name", "cell_path"))
    assert paths["Huỳnh Thị Ngọc Ánh"] == world.cell_a.path


def test_disseminate_in_batches(world, document, monkeypatch):
    monkeypatch.setattr(dissemination_module, "BATCH_SIZE", 3)
    assert sent_to_subtree(document).recipient_count == 4
    assert Recipient.objects.filter(document=document).count() == 4


def test_disseminate_to_cells_and_members(world, document):
    to_cell = disseminate(actor=SYSTEM, document=document, audience=Audience.CELLS, cells=[world.cell_a])
    assert to_cell.recipient_count == 2
    named = disseminate(actor=SYSTEM, document=document, audience=Audience.MEMBERS, members=[world.member_b])
    assert named.recipient_count == 1
    with pytest.raises(DomainError, match="thuộc cơ quan ban hành"):
        disseminate(actor=SYSTEM, document=document, audience=Audience.MEMBERS, members=[world.member_x])
    with pytest.raises(DomainError, match="thuộc cơ quan ban hành"):
        disseminate(actor=SYSTEM, document=document, audience=Audience.CELLS, cells=[world.cell_x])


def test_disseminate_a_draft_is_refused(world):
    document = draft(world.committee, term_for(world.committee))
    with pytest.raises(DomainError, match="đã ban hành"):
        sent_to_subtree(document)


def test_acknowledge_once_and_idempotent(world, document):
    sent_to_subtree(document)
    user = world.users["member"]
    first = acknowledge(actor=user, document=document)
    again = acknowledge(actor=user, document=document)
    assert first.acknowledged_at is not None
    assert again.acknowledged_at == first.acknowledged_at
    assert AuditEntry.objects.filter(action="document.acknowledge").count() == 1


def test_acknowledge_for_another_member_is_refused(world, document):
    sent_to_subtree(document)
    with pytest.raises(NotAllowed):
        acknowledge(actor=world.users["cell_secretary"], document=document, member=world.member_a)
    with pytest.raises(NotAllowed):
        acknowledge(actor=world.users["secretary"], document=document, member=world.member_a)
    assert Recipient.objects.get(member=world.member_a).acknowledged_at is None


def test_acknowledge_a_document_not_sent_is_not_found(world, document):
    with pytest.raises(NotFound):
        acknowledge(actor=world.users["member"], document=document)
    with pytest.raises(NotAllowed):
        acknowledge(actor=world.users["nobody"], document=document)


@pytest.mark.parametrize(
    "role", ["member", "cell_secretary", "committee_member", "supervisor", "outsider", "nobody"]
)
def test_disseminate_forbidden_roles(world, document, role):
    with pytest.raises(NotAllowed):
        disseminate(actor=world.users[role], document=document, audience=Audience.SUBTREE)


def test_rollup_per_cell_and_subtree_in_one_query(world, document, django_assert_num_queries):
    sent_to_subtree(document)
    acknowledge(actor=world.users["member"], document=document)
    acknowledge(actor=world.users["secretary"], document=document)
    with django_assert_num_queries(1):
        rollup = acknowledgement_rollup(document, [world.committee.path])
    # The committee's children are the two cells: the cell-level table.
    assert [(r.path, r.total, r.done) for r in rollup.rows] == [
        (world.cell_a.path, 2, 1),
        (world.cell_b.path, 2, 1),
    ]
    assert (rollup.total, rollup.done, rollup.percent) == (4, 2, 50.0)
    only_a = acknowledgement_rollup(document, [world.cell_a.path])
    assert [(r.path, r.total, r.done) for r in only_a.rows] == [(world.cell_a.path, 2, 1)]
    pending = [r.member.full_name for r in pending_recipients(document, world.cell_a)]
    assert pending == ["Võ Minh Tuấn"]


def _direct_counts(document):
    return {
        row["cell_path"]: (row["total"], row["done"])
        for row in Recipient.objects.filter(document=document)
        .values("cell_path")
        .annotate(total=Count("*"), done=Count("acknowledged_at"))
    }


def _counters(document):
    return {c.cell_path: (c.total, c.done) for c in AcknowledgementCounter.objects.filter(document=document)}


def test_counters_equal_a_direct_count_after_each_write(world, document):
    disseminate(actor=SYSTEM, document=document, audience=Audience.CELLS, cells=[world.cell_a])
    assert _counters(document) == _direct_counts(document) == {world.cell_a.path: (2, 0)}
    acknowledge(actor=world.users["member"], document=document)
    acknowledge(actor=world.users["member"], document=document)  # a repeat counts once
    assert _counters(document) == _direct_counts(document) == {world.cell_a.path: (2, 1)}
    # A later dissemination adds only the members not yet reached, to the existing rows.
    sent_to_subtree(document)
    acknowledge(actor=world.users["secretary"], document=document)
    assert _counters(document) == _direct_counts(document)
    assert _counters(document) == {world.cell_a.path: (2, 1), world.cell_b.path: (2, 1)}


def test_counters_keep_the_cell_of_dissemination_when_a_member_moves(world, document):
    sent_to_subtree(document)
    world.member_a.cell = world.cell_b
    world.member_a.save()
    acknowledge(actor=world.users["member"], document=document)
    # The acknowledgement counts where the document reached the member, like the recipient row.
    assert _counters(document) == _direct_counts(document)
    assert _counters(document)[world.cell_a.path] == (2, 1)


def test_rebuild_counters_is_set_based_and_equals_the_maintained_ones(
    world, document, django_assert_max_num_queries
):
    sent_to_subtree(document)
    acknowledge(actor=world.users["member"], document=document)
    maintained = _counters(document)
    AcknowledgementCounter.objects.filter(document=document).update(total=0, done=0)
    with django_assert_max_num_queries(4):  # savepoint, DELETE, INSERT … SELECT, release
        dissemination_module.rebuild_counters()
    assert _counters(document) == maintained == _direct_counts(document)


def test_rollup_answers_direct_children_with_their_subtree_totals(world, document, django_assert_num_queries):
    sent_to_subtree(document)
    acknowledge(actor=world.users["member"], document=document)
    with django_assert_num_queries(1):
        rollup = acknowledgement_rollup(document, [world.superior.path])
    # One row for the committee (the superior's child), summing its two cells — not one per cell.
    assert [(r.path, r.total, r.done) for r in rollup.rows] == [(world.committee.path, 4, 1)]
    assert (rollup.total, rollup.done) == (4, 1)


def test_rollup_query_uses_the_covering_index(world, document):
    sent_to_subtree(document)
    if connection.vendor == "postgresql":
        # On a four-row table PostgreSQL's planner may pick any index (or none), so its plan says
        # nothing about a nation; check that the covering index exists with its columns in order.
        with connection.cursor() as cursor:
            constraints = connection.introspection.get_constraints(
                cursor, AcknowledgementCounter._meta.db_table
            )
        assert constraints["ack_counter_rollup_idx"]["columns"] == [
            "document_id",
            "cell_path",
            "total",
            "done",
        ]
        return
    plan = dissemination_module.rollup_queryset(document.pk, world.committee.path).explain()
    assert "ack_counter_rollup_idx" in plan or "ack_counter_unique" in plan


def test_rebuild_counters_command_restores_every_counter(world, document):
    from django.core.management import call_command

    sent_to_subtree(document)
    acknowledge(actor=world.users["member"], document=document)
    maintained = _counters(document)
    AcknowledgementCounter.objects.all().delete()
    call_command("rebuild_counters")
    assert _counters(document) == maintained == _direct_counts(document)

import pytest
from django.db import connection

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
from chuyende.documents.models import Recipient

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
    assert [(c.cell_path, c.total, c.done) for c in rollup.cells] == [
        (world.cell_a.path, 2, 1),
        (world.cell_b.path, 2, 1),
    ]
    assert (rollup.total, rollup.done, rollup.percent) == (4, 2, 50.0)
    only_a = acknowledgement_rollup(document, [world.cell_a.path])
    assert (only_a.total, only_a.done) == (2, 1)
    pending = [r.member.full_name for r in pending_recipients(document, world.cell_a)]
    assert pending == ["Võ Minh Tuấn"]


def test_rollup_query_uses_the_covering_index(world, document):
    sent_to_subtree(document)
    if connection.vendor == "postgresql":
        # On a four-row table PostgreSQL's planner may pick any index (or none), so its plan says
        # nothing about a province; check that the covering index exists with its columns in order.
        with connection.cursor() as cursor:
            constraints = connection.introspection.get_constraints(cursor, Recipient._meta.db_table)
        assert constraints["recipient_rollup_idx"]["columns"] == [
            "document_id",
            "cell_path",
            "acknowledged_at",
        ]
        return
    plan = dissemination_module.rollup_queryset(document.pk, [world.committee.path]).explain()
    assert "recipient_rollup_idx" in plan

"""Exact query counts of list pages at 1 and 3 rows: a list that queries per row fails here."""

import pytest
from django.urls import reverse

from chuyende.common.actors import SYSTEM
from chuyende.common.outbox import MessageDraft, prepare_messages
from tests import factories as f
from tests.meetings.helpers import plan
from tests.world import build_world

pytestmark = pytest.mark.django_db

# session, user, roles, member, the page's one list query (and for plans its counts): the same at 1
# and at 3 rows. A new per-row query shows up here as a different number.
OUTBOX_QUERIES = 5
PLAN_LIST_QUERIES = 6


def _outbox(world, n):
    members = [f.member(world.cell_a, f"Đảng viên số {i}", email=f"dv{i}@example.vn") for i in range(n)]
    drafts = [MessageDraft(member=m, to_email=m.email, subject="Nhắc", body="Nội dung") for m in members]
    prepare_messages(actor=SYSTEM, organization=world.committee, topic="nhac-viec", drafts=drafts)


@pytest.mark.parametrize("rows", [1, 3])
def test_outbox_page_query_count_is_exact(client, rows, django_assert_num_queries):
    world = build_world()
    _outbox(world, rows)
    client.force_login(world.users["clerk"])
    client.get(reverse("outbox"))  # warm the session and the role cache of this request path
    with django_assert_num_queries(OUTBOX_QUERIES):
        page = client.get(reverse("outbox"))
    assert page.content.decode().count("@example.vn</td>") == rows


@pytest.mark.parametrize("rows", [1, 3])
def test_plan_list_query_count_is_exact(client, rows, django_assert_num_queries):
    world = build_world()
    for i in range(rows):
        plan(world, theme=f"Chuyên đề số {i}")
    client.force_login(world.users["clerk"])
    client.get(reverse("plan-list"))
    with django_assert_num_queries(PLAN_LIST_QUERIES):
        page = client.get(reverse("plan-list"))
    assert page.content.decode().count("Chuyên đề số") == rows

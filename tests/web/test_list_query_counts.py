"""Exact query counts of list pages at 1 and 3 rows: a list that queries per row fails here."""

import pytest
from django.urls import reverse

from chuyende.common.actors import SYSTEM
from chuyende.common.outbox import MessageDraft, prepare_messages
from chuyende.consultations.models import Consultation
from tests import factories as f
from tests.consultations.helpers import consultation_for, published_draft
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


# Per role: the consultation list, the draft list and the home page, each the same at 1 and 3
# rows (consultations open to the committee, drafts of the committee). The numbers differ by role
# because the home page asks each role's panels; within a role they must not move with the rows.
CONSULTATION_LIST_QUERIES = {"clerk": 5, "secretary": 6, "member": 6}
DRAFT_LIST_QUERIES = {"clerk": 6, "secretary": 6, "member": 4}
HOME_QUERIES = {"clerk": 21, "secretary": 31, "member": 17}  # +1: the set-up checks (panels_setup)
ROLES = sorted(CONSULTATION_LIST_QUERIES)


def _consultations(world, n):
    for i in range(n):
        consultation = consultation_for(world)
        Consultation.objects.filter(pk=consultation.pk).update(title=f"Đợt lấy ý kiến số {i}")


def _exact(client, url, expected, django_assert_num_queries):
    client.get(url)  # warm the session and the role cache of this request path
    with django_assert_num_queries(expected):
        return client.get(url).content.decode()


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("rows", [1, 3])
def test_consultation_list_query_count_is_exact(client, rows, role, django_assert_num_queries):
    world = build_world()
    _consultations(world, rows)
    client.force_login(world.users[role])
    page = _exact(
        client, reverse("consultation-list"), CONSULTATION_LIST_QUERIES[role], django_assert_num_queries
    )
    assert page.count("Đợt lấy ý kiến số") == rows


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("rows", [1, 3])
def test_draft_list_query_count_is_exact(client, rows, role, django_assert_num_queries):
    world = build_world()
    for i in range(rows):
        published_draft(world.committee, title=f"Dự thảo Nghị quyết số {i}")
    client.force_login(world.users[role])
    page = _exact(client, reverse("draft-list"), DRAFT_LIST_QUERIES[role], django_assert_num_queries)
    assert page.count("Dự thảo Nghị quyết số") == (rows if role != "member" else 0)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("rows", [1, 3])
def test_home_query_count_is_exact(client, rows, role, django_assert_num_queries):
    world = build_world()
    _consultations(world, rows)
    for i in range(rows):
        published_draft(world.committee, title=f"Dự thảo Nghị quyết số {i}")
        plan(world, theme=f"Chuyên đề số {i}")
    client.force_login(world.users[role])
    page = _exact(client, reverse("home"), HOME_QUERIES[role], django_assert_num_queries)
    # The rows are on the page: each open consultation (twice where it is also a task to do) and,
    # for the office and the secretary, each plan.
    consultation_mentions, plan_mentions = {"clerk": (1, 1), "secretary": (2, 1), "member": (2, 0)}[role]
    assert page.count("Đợt lấy ý kiến số") == consultation_mentions * rows
    assert page.count("Chuyên đề số") == plan_mentions * rows

"""Starting a meeting or a paper from a topic assignment: one scoped lookup
(`meetings.access.get_assignment_for`) for pages and API, with a Vietnamese 404 in the API
(it used to be Django's English "No TopicAssignment matches the given query.")."""

import json

import pytest
from django.urls import reverse

from chuyende.common.actors import SYSTEM
from chuyende.common.errors import NotFound
from chuyende.meetings import domain
from chuyende.meetings.access import get_assignment_for

from .helpers import plan

NOT_FOUND = "Không tìm thấy phân công chuyên đề này hoặc bạn không có quyền xem."


@pytest.fixture
def assignments(world):
    committee_plan = plan(world)
    return {
        cell: domain.assign_topic(
            actor=SYSTEM, plan=committee_plan, cell=getattr(world, cell), topic=f"Chủ đề {cell}"
        )
        for cell in ("cell_a", "cell_b")
    }


def _post(client, url, body):
    response = client.post(url, data=json.dumps(body), content_type="application/json")
    return response.status_code, response.json()


def test_lookup_gives_the_cells_own_assignment_only(world, assignments):
    secretary = world.users["secretary"]
    own = assignments["cell_a"]
    assert get_assignment_for(secretary, own.pk, organization=world.cell_a) == own
    for wrong in (assignments["cell_b"].pk, 10**9, "abc", None):
        with pytest.raises(NotFound) as refused:
            get_assignment_for(secretary, wrong, organization=world.cell_a)
        assert refused.value.message == NOT_FOUND


def test_lookup_hides_a_plan_outside_the_users_scope(world, assignments):
    with pytest.raises(NotFound):
        get_assignment_for(world.users["outsider"], assignments["cell_a"].pk, organization=world.cell_a)


@pytest.mark.parametrize("cell", ["cell_b", "missing"])
def test_api_paper_with_someone_elses_assignment_is_a_vietnamese_404(client, world, assignments, cell):
    client.force_login(world.users["secretary"])
    assignment_id = assignments[cell].pk if cell in assignments else 10**9
    status, body = _post(client, "/api/papers/", {"cell_id": world.cell_a.pk, "title": "Tham luận",
                                                  "text": "Đoạn một.", "assignment_id": assignment_id})  # fmt: skip
    assert (status, body) == (404, {"detail": NOT_FOUND})


def test_paper_page_with_a_bad_assignment_is_a_404(client, world, assignments):
    client.force_login(world.users["secretary"])
    url = reverse("paper-create")
    for assignment in (assignments["cell_b"].pk, "abc"):
        assert client.get(url, {"org": world.cell_a.pk, "assignment": assignment}).status_code == 404
    page = client.get(url, {"org": world.cell_a.pk, "assignment": assignments["cell_a"].pk})
    assert page.status_code == 200 and "Chủ đề cell_a" in page.content.decode()

"""The leaks named in issue 15, each with the user who saw too much and the one who may see it."""

import pytest

from chuyende.common.actors import SYSTEM
from chuyende.consultations.domain import create_draft
from chuyende.consultations.structure import parse_lines
from tests import factories as f
from tests.documents.helpers import draft as document_draft
from tests.documents.helpers import issued, term_for
from tests.papers.helpers import submitted_paper
from tests.world import build_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return build_world()


def test_a_submitted_paper_shows_its_working_copy_to_its_editors_only(client, world):
    paper = submitted_paper(world)
    neighbour = f.user("thang", member=world.member_b)  # a member of another cell of the committee
    client.force_login(neighbour)
    body = client.get(f"/api/papers/{paper.pk}").json()
    assert (body["id"], body["state"], body["draft"]) == (paper.pk, "submitted", [])
    listed = client.get("/api/papers/").json()["items"]
    assert [(p["id"], p["draft"]) for p in listed] == [(paper.pk, [])]
    response = client.get(f"/tham-luan/{paper.pk}/sua/")
    assert response.status_code == 403
    assert "Nội dung góp ý" not in response.content.decode()

    client.force_login(world.users["member"])  # the author
    assert [b["text"] for b in client.get(f"/api/papers/{paper.pk}").json()["draft"]][:1] == [
        "I. Những biểu hiện suy thoái"
    ]
    assert client.get(f"/tham-luan/{paper.pk}/sua/").status_code == 200


@pytest.mark.parametrize("endpoint", ["rollup", "yearly-grades?year=2016"])
def test_roll_up_api_answers_those_who_oversee_only(client, world, endpoint):
    url = f"/api/meetings/organizations/{world.committee.pk}/{endpoint}"
    for username, status in [
        ("member", 404), ("cell_secretary", 404), ("outsider", 404), ("nobody", 404),
        ("committee_member", 200), ("secretary", 200), ("superior_secretary", 200),
    ]:  # fmt: skip
        client.force_login(world.users[username])
        response = client.get(url)
        assert (username, response.status_code) == (username, status)
        if status == 404:
            assert response.json() == {"detail": "Không tìm thấy tổ chức này hoặc bạn không có quyền xem."}


def test_edit_page_of_an_issued_document_loads_for_nobody(client, world):
    term = term_for(world.committee)
    document = issued(world.committee, term, world.users["secretary"].member)
    for username in ("secretary", "clerk", "committee_member"):
        client.force_login(world.users[username])
        assert (username, client.get(f"/van-ban/{document.pk}/sua/").status_code) == (username, 403)


def test_edit_page_of_a_draft_document_loads_for_its_managers_only(client, world):
    document = document_draft(world.committee, term_for(world.committee))
    client.force_login(world.users["clerk"])
    assert client.get(f"/van-ban/{document.pk}/sua/").status_code == 200
    for username, status in [("committee_member", 404), ("member", 404), ("superior_secretary", 200)]:
        client.force_login(world.users[username])
        assert (username, client.get(f"/van-ban/{document.pk}/sua/").status_code) == (username, status)


def test_edit_page_of_a_draft_resolution_loads_for_its_office_only(client, world):
    draft = create_draft(
        actor=SYSTEM, organization=world.committee, title="Dự thảo Nghị quyết",
        blocks=parse_lines(["Điều 1. Mục tiêu", "1. Nâng cao chất lượng sinh hoạt."]),
    )  # fmt: skip
    client.force_login(world.users["committee_member"])  # reads the organization's drafts
    assert client.get("/du-thao/").status_code == 200
    assert client.get(f"/du-thao/{draft.pk}/sua/").status_code == 403
    client.force_login(world.users["clerk"])
    assert client.get(f"/du-thao/{draft.pk}/sua/").status_code == 200

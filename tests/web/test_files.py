"""Uploaded files are served only through the view of the object they belong to, with the same
scope as its page, the right type and the Vietnamese name."""

from urllib.parse import quote

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from chuyende.commitments.domain import submit_report
from chuyende.common.actors import SYSTEM
from chuyende.meetings import domain as meetings
from chuyende.orgs.enums import Role
from chuyende.papers import domain as papers
from tests import factories as f
from tests.commitments.helpers import commitment, item, resolution
from tests.meetings import helpers as mh
from tests.papers.helpers import docx_upload, paper
from tests.world import build_world

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4 minh chung"


@pytest.fixture
def world():
    world = build_world()
    # A secretary of the other cell of the same committee: the classic "guess an id" neighbour.
    world.users["other_cell_secretary"] = f.user("bithu-kinhte", member=world.member_b)
    f.role(world.users["other_cell_secretary"], world.cell_b, Role.SECRETARY)
    return world


def _get(client, user, url):
    client.force_login(user)
    return client.get(url)


def _attachment_name(response) -> str:
    return response["Content-Disposition"]


@pytest.fixture
def evidence(world):
    own = commitment(world.cell_a, world.member_a, basis=resolution(world.committee), items=[item()])
    # The type the browser claims is not what the file is served as.
    upload = SimpleUploadedFile("Biên bản họp chi bộ.pdf", PDF, content_type="text/html")
    report = submit_report(
        actor=world.users["member"],
        item=own.items.get(),
        percent=50,
        narrative="Đã phát biểu",
        files=[upload],
    )
    return report.evidence.get()


@pytest.mark.parametrize("role", ["member", "supervisor", "cell_secretary", "clerk"])
def test_evidence_opens_for_the_owner_and_those_above(client, world, evidence, role):
    response = _get(client, world.users[role], reverse("evidence-download", args=[evidence.pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert response["Content-Type"] == "application/pdf"
    assert f"filename*=utf-8''{quote('Biên bản họp chi bộ.pdf')}" in _attachment_name(response)
    assert response["Content-Disposition"].startswith("attachment;")


@pytest.mark.parametrize("role", ["other_cell_secretary", "outsider", "nobody"])
def test_evidence_is_not_found_for_others(client, world, evidence, role):
    assert (
        _get(client, world.users[role], reverse("evidence-download", args=[evidence.pk])).status_code == 404
    )


def test_commitment_page_links_the_evidence_view(client, world, evidence):
    page = _get(
        client,
        world.users["supervisor"],
        reverse("commitment-detail", args=[evidence.report.item.commitment_id]),
    )
    assert reverse("evidence-download", args=[evidence.pk]) in page.text
    assert "/media/" not in page.text


def test_evidence_api_twin(client, world, evidence):
    assert (
        _get(client, world.users["supervisor"], f"/api/commitments/evidence/{evidence.pk}").status_code == 200
    )
    assert (
        _get(client, world.users["outsider"], f"/api/commitments/evidence/{evidence.pk}").status_code == 404
    )


@pytest.fixture
def material(world):
    meeting = mh.meeting(world)
    upload = SimpleUploadedFile("tl.pdf", PDF, content_type="application/pdf")
    return meetings.add_material(
        actor=SYSTEM, meeting=meeting, upload=upload, title="Tài liệu sinh hoạt chuyên đề"
    )


def test_a_published_material_opens_for_the_cell_under_its_title(client, world, material):
    meetings.publish_materials(actor=SYSTEM, meeting=material.meeting)
    response = _get(client, world.users["member"], reverse("material-download", args=[material.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert f"filename*=utf-8''{quote('Tài liệu sinh hoạt chuyên đề.pdf')}" in _attachment_name(response)
    for role in ("other_cell_secretary", "outsider"):
        assert (
            _get(client, world.users[role], reverse("material-download", args=[material.pk])).status_code
            == 404
        )
    assert _get(client, world.users["member"], f"/api/meetings/materials/{material.pk}").status_code == 200
    assert _get(client, world.users["outsider"], f"/api/meetings/materials/{material.pk}").status_code == 404


def test_an_unpublished_material_opens_only_for_those_who_prepare_it(client, world, material):
    assert (
        _get(client, world.users["member"], reverse("material-download", args=[material.pk])).status_code
        == 404
    )
    assert (
        _get(
            client, world.users["cell_secretary"], reverse("material-download", args=[material.pk])
        ).status_code
        == 200
    )


def test_an_imported_original_opens_with_the_paper(client, world):
    from tests.papers.test_import import build_real_paper

    p = paper(world)
    upload = docx_upload(build_real_paper, name="Bài tham luận chi bộ.docx")
    stored = papers.import_file(actor=world.users["member"], paper=p, version=p.version, upload=upload)
    response = _get(client, world.users["member"], reverse("paper-file", args=[stored.pk]))
    assert response.status_code == 200
    assert (
        response["Content-Type"] == "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    )
    assert f"filename*=utf-8''{quote('Bài tham luận chi bộ.docx')}" in _attachment_name(response)
    assert _get(client, world.users["outsider"], reverse("paper-file", args=[stored.pk])).status_code == 404
    assert _get(client, world.users["outsider"], f"/api/papers/files/{stored.pk}").status_code == 404
    assert _get(client, world.users["member"], f"/api/papers/files/{stored.pk}").status_code == 200


def test_anonymous_visitors_are_sent_to_login(client, world, evidence, material):
    for url in (
        reverse("evidence-download", args=[evidence.pk]),
        reverse("material-download", args=[material.pk]),
    ):
        response = client.get(url)
        assert response.status_code == 302 and response.url.startswith(reverse("login"))


def test_there_is_no_public_media_folder(client, world, evidence):
    with pytest.raises(ValueError, match="no public URL"):
        default_storage.url(evidence.file.name)
    client.force_login(world.users["member"])
    assert client.get("/media/" + evidence.file.name).status_code == 404

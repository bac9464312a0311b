"""The archive API: search, browse, volume builds and their PDF, the export package; scoping."""

import io
import zipfile

import pytest
from django.test import Client
from django.urls import reverse

from chuyende.archive.models import VolumeBuild


def _client(world, role):
    client = Client()
    client.force_login(world.users[role])
    return client


def test_search_returns_scoped_hits_with_snippets(world, archive):
    response = _client(world, "member").get("/api/archive/search", {"q": "neu guong", "limit": 5})
    assert response.status_code == 200
    paper = archive["paper"]
    hits = {hit["item_key"]: hit for hit in response.json()}
    assert set(hits) == {f"paper:{paper.current_version_id}", f"volume:{archive['volume'].pk}"}
    paper_hit = hits[f"paper:{paper.current_version_id}"]
    assert (paper_hit["kind"], paper_hit["url"], paper_hit["anchor"]) == (
        "paper",
        f"/tham-luan/{paper.pk}/",
        "a0",
    )
    assert "<mark>nêu</mark> <mark>gương</mark>" in paper_hit["snippet"]
    outsider = _client(world, "outsider").get("/api/archive/search", {"q": "neu guong"}).json()
    assert [hit["item_key"] for hit in outsider] == [f"paper:{archive['other'].current_version_id}"]


def test_search_requires_a_query(world, archive):
    assert _client(world, "member").get("/api/archive/search").status_code == 422


def test_items_browse_by_kind_and_year(world, archive):
    client = _client(world, "secretary")
    minutes = client.get("/api/archive/items", {"kind": "minutes"}).json()
    assert [(row["item_key"], row["year"]) for row in minutes] == [(f"minutes:{archive['minutes'].pk}", 2016)]
    assert client.get("/api/archive/items", {"year": 1999}).json() == []
    by_org = client.get("/api/archive/items", {"organization": world.committee.pk}).json()
    assert sorted(row["kind"] for row in by_org) == ["document", "volume"]


def test_items_are_scoped(world, archive):
    rows = _client(world, "outsider").get("/api/archive/items").json()
    assert [row["item_key"] for row in rows] == [f"paper:{archive['other'].current_version_id}"]


def test_build_a_volume_and_download_its_pdf(world, archive, django_capture_on_commit_callbacks):
    client = _client(world, "secretary")
    volume = archive["volume"]
    with django_capture_on_commit_callbacks(execute=True):
        started = client.post(f"/api/archive/volumes/{volume.pk}/builds")
    assert started.status_code == 202
    build_id = started.json()["id"]
    assert started.json()["volume_id"] == volume.pk
    status = client.get(f"/api/archive/builds/{build_id}").json()
    assert (status["status"], status["progress"], status["page_count"]) == ("done", 100, 3)
    assert (status["parts_rendered"], status["parts_reused"]) == (1, 0)
    pdf = client.get(f"/api/archive/builds/{build_id}/volume.pdf")
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    with django_capture_on_commit_callbacks(execute=True):
        again = client.post(f"/api/archive/volumes/{volume.pk}/builds").json()
    status = client.get(f"/api/archive/builds/{again['id']}").json()
    assert (status["parts_rendered"], status["parts_reused"], status["sha256"]) == (
        0,
        1,
        VolumeBuild.objects.get(pk=build_id).sha256,
    )


def test_build_endpoints_answer_as_the_volume_page(world, archive, client):
    """A member sees the committee's volume: the page shows its builds and refuses compiling with
    the reason (403); the API says the same."""
    volume = archive["volume"]
    build = VolumeBuild.objects.create(volume=volume)
    api = _client(world, "member")
    refused = api.post(f"/api/archive/volumes/{volume.pk}/builds")
    assert (refused.status_code, refused.json()) == (
        403,
        {"detail": "Bạn không có quyền biên soạn tập tham luận này."},
    )
    client.force_login(world.users["member"])
    page = client.post(reverse("archive-compile", args=[volume.pk]))
    assert (
        page.status_code == 403 and "Bạn không có quyền biên soạn tập tham luận này." in page.content.decode()
    )
    assert api.get(f"/api/archive/builds/{build.pk}").json()["status"] == "queued"
    assert client.get(reverse("archive-progress", args=[volume.pk, build.pk])).status_code == 200
    assert api.get(f"/api/archive/builds/{build.pk}/volume.pdf").status_code == 404  # not finished
    assert VolumeBuild.objects.count() == 1


@pytest.mark.parametrize("role", ["outsider", "nobody"])
def test_build_endpoints_hide_what_the_user_may_not_see(world, archive, role):
    client = _client(world, role)
    volume = archive["volume"]
    build = VolumeBuild.objects.create(volume=volume, status="done", pdf=b"%PDF-1.4")
    missing = build.pk + 1000
    for url in ("/api/archive/volumes/{}/builds",):
        answers = [client.post(url.format(pk)) for pk in (volume.pk, volume.pk + 1000)]
        assert [a.status_code for a in answers] == [404, 404] and answers[0].json() == answers[1].json()
    for url in ("/api/archive/builds/{}", "/api/archive/builds/{}/volume.pdf"):
        answers = [client.get(url.format(pk)) for pk in (build.pk, missing)]
        assert [a.status_code for a in answers] == [404, 404] and answers[0].json() == answers[1].json()
    assert VolumeBuild.objects.count() == 1


def test_package_endpoint(world, archive):
    response = _client(world, "cell_secretary").get(
        f"/api/archive/meetings/{archive['meeting'].pk}/package.zip"
    )
    assert response.status_code == 200
    assert response["Content-Disposition"] == f'attachment; filename="sinh-hoat-{archive["meeting"].pk}.zip"'
    assert zipfile.ZipFile(io.BytesIO(response.content)).namelist()[0] == "manifest.json"
    outsider = _client(world, "outsider").get(f"/api/archive/meetings/{archive['meeting'].pk}/package.zip")
    assert outsider.status_code == 404


def test_anonymous_is_refused(client, archive):
    assert client.get("/api/archive/search", {"q": "dang"}).status_code in (401, 403)

"""The volume is composed by a person: pick and order items, each following the latest final
version unless pinned; a recompile binds a paper's new version and renders only what changed."""

import pytest
from django.urls import reverse
from pypdf import PdfReader

from chuyende.archive.models import Volume, VolumeBuild
from chuyende.papers.enums import BlockKind
from chuyende.papers.models import PaperParagraph, PaperVersion

pytestmark = pytest.mark.django_db


def _new_version(paper, text):
    number = paper.current_version.number + 1
    version = PaperVersion.objects.create(paper=paper, number=number, title=paper.title)
    PaperParagraph.objects.create(version=version, anchor="h", position=0, kind=BlockKind.HEADING,
                                  level=1, label="I.", text="Thực trạng")  # fmt: skip
    PaperParagraph.objects.create(version=version, anchor="a0", position=1, text=text)
    paper.current_version = version
    paper.save(update_fields=["current_version"])
    return version


def _pdf_text(build) -> str:
    import io

    return " ".join(page.extract_text() for page in PdfReader(io.BytesIO(bytes(build.pdf))).pages)


def test_office_creates_composes_and_recompiles_with_the_new_version(
    world, archive, client, django_capture_on_commit_callbacks
):
    client.force_login(world.users["clerk"])
    response = client.post(
        reverse("archive-volume-create"),
        {"organization": world.committee.pk, "title": "Tập tham luận chuyên đề 2016", "year": 2016},
    )
    volume = Volume.objects.exclude(pk=archive["volume"].pk).get()
    assert response["Location"] == reverse("archive-compose", args=[volume.pk])
    page = client.get(response["Location"]).content.decode()
    paper, minutes = archive["paper"], archive["minutes"]
    assert f'value="paperof:{paper.pk}"' in page and f'value="minutes:{minutes.pk}"' in page
    assert f'value="paperof:{archive["other"].pk}"' not in page  # another committee's paper
    client.post(
        response["Location"],
        {"title": volume.title, "preface": "Lời nói đầu.", "pick": [f"paperof:{paper.pk}", f"minutes:{minutes.pk}"],
         f"order:paperof:{paper.pk}": "2", f"order:minutes:{minutes.pk}": "1"},
    )  # fmt: skip
    volume.refresh_from_db()
    assert volume.item_keys == [f"minutes:{minutes.pk}", f"paperof:{paper.pk}"]
    assert volume.preface == "Lời nói đầu."
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("archive-compile", args=[volume.pk]))
    first = VolumeBuild.objects.filter(volume=volume).first()
    assert first.status == "done" and "Đảng viên đăng ký nêu gương" in _pdf_text(first)
    _new_version(paper, "Chi bộ cam kết sửa đổi lề lối làm việc trong năm 2017.")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("archive-compile", args=[volume.pk]))
    second = VolumeBuild.objects.filter(volume=volume).first()
    text = _pdf_text(second)
    assert "Chi bộ cam kết sửa đổi lề lối" in text and "Đảng viên đăng ký nêu gương" not in text
    assert (second.parts_rendered, second.parts_reused) == (
        1,
        2,
    )  # only the paper; preface and minutes reused


def test_pinned_paper_keeps_its_version(world, archive, client):
    client.force_login(world.users["clerk"])
    volume, paper = archive["volume"], archive["paper"]
    pinned = paper.current_version
    client.post(
        reverse("archive-compose", args=[volume.pk]),
        {"title": volume.title, "pick": [f"paperof:{paper.pk}"], f"pin:paperof:{paper.pk}": "1"},
    )
    volume.refresh_from_db()
    assert volume.item_keys == [f"paper:{pinned.pk}"]
    _new_version(paper, "Bản sửa mới.")
    page = client.get(reverse("archive-compose", args=[volume.pk])).content.decode()
    assert "(bản 1)" in page and "checked> giữ bản 2" not in page


def test_composition_refuses_an_item_of_another_organization(world, archive, client):
    client.force_login(world.users["clerk"])
    volume = archive["volume"]
    response = client.post(
        reverse("archive-compose", args=[volume.pk]),
        {"title": volume.title, "pick": [f"paperof:{archive['other'].pk}"]},
        follow=True,
    )
    assert "không thuộc tổ chức của tập" in response.content.decode()
    volume.refresh_from_db()
    assert volume.item_keys == [f"paper:{archive['paper'].current_version_id}"]


@pytest.mark.parametrize(
    ("name", "status"), [("member", 403), ("cell_secretary", 403), ("supervisor", 404), ("outsider", 404)]
)
def test_composition_is_refused_outside_the_office(world, archive, client, name, status):
    """Page and API answer alike: 403 with the reason to who sees the volume, 404 to who does not
    (the answer of a missing id)."""
    from tests.consultations.test_api import _client

    volume = archive["volume"]
    reason = "Chỉ văn phòng của tổ chức mới biên tập tập tham luận."
    client.force_login(world.users[name])
    api = _client(world.users[name])
    url = reverse("archive-compose", args=[volume.pk])
    pages = [client.get(url), client.post(url, {"title": "x", "pick": []})]
    answers = [api.get(f"/api/archive/volumes/{volume.pk}/candidates"),
               api.put(f"/api/archive/volumes/{volume.pk}/items", {"title": "x", "item_keys": []},
                       content_type="application/json")]  # fmt: skip
    assert [r.status_code for r in pages + answers] == [status] * 4
    if status == 403:
        assert all(reason in page.content.decode() for page in pages)
        assert all(answer.json() == {"detail": reason} for answer in answers)
    else:
        missing = api.get(f"/api/archive/volumes/{volume.pk + 1000}/candidates")
        assert answers[0].json() == answers[1].json() == missing.json()
    client.post(
        reverse("archive-volume-create"), {"organization": world.committee.pk, "title": "x", "year": 2016}
    )
    volume.refresh_from_db()
    assert (Volume.objects.count(), volume.title) == (1, "Tập tham luận năm 2016")


def test_anonymous_is_sent_to_login(world, archive, client):
    response = client.get(reverse("archive-compose", args=[archive["volume"].pk]))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_composition_api(world, archive):
    from tests.consultations.test_api import _client

    api = _client(world.users["clerk"])
    created = api.post("/api/archive/volumes", {"organization_id": world.committee.pk, "title": "Tập", "year": 2016},
                       content_type="application/json")  # fmt: skip
    assert created.status_code == 201
    volume_id = created.json()["id"]
    found = api.get(f"/api/archive/volumes/{volume_id}/candidates").json()
    keys = [c["key"] for c in found]
    assert f"paperof:{archive['paper'].pk}" in keys and f"paperof:{archive['other'].pk}" not in keys
    put = api.put(f"/api/archive/volumes/{volume_id}/items",
                  {"title": "Tập", "item_keys": [f"paperof:{archive['paper'].pk}"]}, content_type="application/json")  # fmt: skip
    assert put.status_code == 200 and put.json()["item_keys"] == [f"paperof:{archive['paper'].pk}"]
    member = _client(world.users["member"])
    assert member.put(f"/api/archive/volumes/{volume_id}/items", {"title": "Tập", "item_keys": []},
                      content_type="application/json").status_code == 403  # fmt: skip

"""Archive pages: browse, search, a volume with recompile progress and downloads, the export
package; scoping per role and query-count guards."""

import io
import zipfile

import pytest
from django.urls import reverse

from chuyende.archive.domain import index_item
from chuyende.archive.enums import BuildStatus
from chuyende.archive.models import VolumeBuild

from .helpers import item


def _as(client, world, role):
    client.force_login(world.users[role])
    return client


def _titles(response):
    return [row.title for row in response.context["items"]]


def test_browse_shows_own_cell_and_public_items_of_the_committee(client, world, archive):
    response = _as(client, world, "member").get(reverse("archive-browse"))
    assert response.status_code == 200
    assert sorted(_titles(response)) == [
        "Biên bản: Sinh hoạt chuyên đề tháng 12",
        "Tham luận: Nêu gương, tự phê bình và phê bình (bản 1)",
        "Tài liệu document:900",
        "Tập tham luận: Tập tham luận năm 2016",
    ]
    assert 'href="/luu-tru/"' in response.text  # the "Lưu trữ" link in the nav


def test_browse_of_another_committees_member_hides_cell_a(client, world, archive):
    response = _as(client, world, "outsider").get(reverse("archive-browse"))
    assert _titles(response) == ["Tham luận: Bài khác (bản 1)"]


def test_browse_filters_by_kind_year_and_organization(client, world, archive):
    client = _as(client, world, "secretary")
    assert _titles(client.get(reverse("archive-browse"), {"kind": "minutes"})) == [
        "Biên bản: Sinh hoạt chuyên đề tháng 12"
    ]
    assert _titles(client.get(reverse("archive-browse"), {"year": "1999"})) == []
    by_org = client.get(reverse("archive-browse"), {"org": world.committee.pk})
    assert sorted(_titles(by_org)) == ["Tài liệu document:900", "Tập tham luận: Tập tham luận năm 2016"]


@pytest.mark.parametrize("count", [1, 3])
def test_browse_query_count_does_not_grow_with_items(client, world, django_assert_max_num_queries, count):
    for number in range(count):
        index_item(item(f"document:{number}", world.committee, f"Nghị quyết số {number}."))
    client = _as(client, world, "member")
    with django_assert_max_num_queries(9):
        response = client.get(reverse("archive-browse"))
    assert len(response.context["items"]) == count


def test_search_without_accents_opens_the_paper_at_the_paragraph(client, world, archive):
    response = _as(client, world, "member").get(reverse("archive-search"), {"q": "neu guong"})
    paper, volume = archive["paper"], archive["volume"]
    # The paragraph, and the volume whose contents list the paper's title.
    assert sorted(hit.href for hit in response.context["hits"]) == [
        f"/luu-tru/quyen/{volume.pk}/#p1",
        f"/tham-luan/{paper.pk}/#doan-a0",
    ]
    assert f'href="/tham-luan/{paper.pk}/#doan-a0"' in response.text
    assert "<mark>nêu</mark> <mark>gương</mark>" in response.text


def test_search_is_scoped_for_another_committees_member(client, world, archive):
    response = _as(client, world, "outsider").get(reverse("archive-search"), {"q": "nêu gương"})
    assert [hit.href for hit in response.context["hits"]] == [f"/tham-luan/{archive['other'].pk}/#doan-a0"]


def test_search_htmx_returns_only_the_results_fragment(client, world, archive):
    response = _as(client, world, "member").get(
        reverse("archive-search"), {"q": "chinh don dang"}, headers={"HX-Request": "true"}
    )
    assert "<html" not in response.text
    assert "<mark>chỉnh</mark> <mark>đốn</mark> <mark>Đảng</mark>" in response.text


@pytest.mark.parametrize("count", [1, 3])
def test_search_query_count_does_not_grow_with_hits(client, world, django_assert_max_num_queries, count):
    for number in range(count):
        index_item(item(f"document:{number}", world.committee, f"Kỷ luật, kỷ cương số {number}."))
    client = _as(client, world, "member")
    with django_assert_max_num_queries(8):
        response = client.get(reverse("archive-search"), {"q": "ky luat"})
    assert len(response.context["hits"]) == count


@pytest.mark.parametrize(
    ("role", "status", "button"),
    [
        ("superior_secretary", 200, True),
        ("secretary", 200, True),
        ("clerk", 200, True),
        ("member", 200, False),
        ("outsider", 404, False),
        ("nobody", 404, False),
    ],
)
def test_volume_page_per_role(client, world, archive, role, status, button):
    response = _as(client, world, role).get(reverse("archive-volume", args=[archive["volume"].pk]))
    assert response.status_code == status
    assert ('id="compile-volume"' in response.text) is button
    if status == 200:
        paper = archive["paper"]
        assert response.context["items"] == [
            (f"paper:{paper.current_version_id}", "Tham luận: Nêu gương, tự phê bình và phê bình (bản 1)",
             f"/tham-luan/{paper.pk}/")
        ]  # fmt: skip


@pytest.mark.parametrize(("role", "status"), [("member", 403), ("outsider", 404), ("nobody", 404)])
def test_recompile_is_refused_without_oversight(client, world, archive, role, status):
    response = _as(client, world, role).post(reverse("archive-compile", args=[archive["volume"].pk]))
    assert response.status_code == status
    assert not VolumeBuild.objects.exists()


def test_recompile_polls_progress_until_done_then_offers_downloads(
    client, world, archive, django_capture_on_commit_callbacks
):
    volume = archive["volume"]
    client = _as(client, world, "secretary")
    with django_capture_on_commit_callbacks(execute=True):
        started = client.post(reverse("archive-compile", args=[volume.pk]), headers={"HX-Request": "true"})
    build = VolumeBuild.objects.get()
    assert "<html" not in started.text
    assert 'hx-trigger="every 1s"' in started.text
    assert reverse("archive-progress", args=[volume.pk, build.pk]) in started.text
    assert build.status == BuildStatus.DONE and build.page_count == 3  # cover, contents, the paper
    done = client.get(reverse("archive-progress", args=[volume.pk, build.pk]))
    assert "every 1s" not in done.text
    pdf_url = reverse("archive-download", args=[volume.pk, build.pk, "pdf"])
    docx_url = reverse("archive-download", args=[volume.pk, build.pk, "docx"])
    assert pdf_url in done.text and docx_url in done.text
    assert client.get(pdf_url).content.startswith(b"%PDF")
    assert zipfile.is_zipfile(io.BytesIO(client.get(docx_url).content))
    member = _as(client, world, "member")
    assert member.get(pdf_url).status_code == 200  # volumes are addressed to every cell below
    assert _as(client, world, "outsider").get(pdf_url).status_code == 404


@pytest.mark.parametrize("count", [1, 3])
def test_volume_page_query_count_does_not_grow_with_items(
    client, world, archive, django_assert_max_num_queries, count
):
    volume = archive["volume"]
    volume.item_keys = volume.item_keys * count
    volume.save(update_fields=["item_keys"])
    client = _as(client, world, "secretary")
    with django_assert_max_num_queries(12):
        response = client.get(reverse("archive-volume", args=[volume.pk]))
    assert len(response.context["items"]) == count


@pytest.mark.parametrize(("role", "status"), [("member", 200), ("supervisor", 200), ("secretary", 200),
                                              ("outsider", 404), ("nobody", 404)])  # fmt: skip
def test_export_package_page_per_role(client, world, archive, role, status):
    response = _as(client, world, role).get(reverse("archive-package", args=[archive["meeting"].pk]))
    assert response.status_code == status
    if status == 200:
        assert response["Content-Type"] == "application/zip"
        names = zipfile.ZipFile(io.BytesIO(response.content)).namelist()
        assert names == ["manifest.json", "tai-lieu/01-bao-cao.pdf", "bien-ban/bien-ban-01.pdf"]


def test_volume_of_a_closed_plan_is_read_only(client, world, archive):
    from chuyende.meetings.enums import PlanState
    from chuyende.meetings.models import Plan
    from tests.meetings import helpers as mh

    plan = mh.plan(world)
    # Walking the plan to its end needs the whole meetings story; its state is what matters here.
    Plan.objects.filter(pk=plan.pk).update(state=PlanState.CLOSED)
    volume = archive["volume"]
    volume.plan = plan
    volume.save(update_fields=["plan"])
    client = _as(client, world, "secretary")
    page = client.get(reverse("archive-volume", args=[volume.pk]))
    assert "Kế hoạch đã kết thúc: tập chỉ còn được xem." in page.text
    assert 'id="compile-volume"' not in page.text
    refused = client.post(reverse("archive-compile", args=[volume.pk]), follow=True)
    assert "Kế hoạch đã kết thúc: tập tham luận chỉ còn được xem" in refused.text
    assert not VolumeBuild.objects.exists()

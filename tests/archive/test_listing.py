"""One archive listing for the page and the API: the same filters, validation and order
(`archive.access.archive_filters` / `archive_items_for`)."""

import pytest
from django.test import Client
from django.urls import reverse

from chuyende.archive.access import ArchiveFilters, archive_filters, archive_items_for
from chuyende.common.errors import DomainError


def _client(world, role):
    client = Client()
    client.force_login(world.users[role])
    return client


@pytest.mark.parametrize("role", ["secretary", "member", "outsider"])
@pytest.mark.parametrize(
    "page_query, api_query",
    [({}, {}), ({"kind": "minutes"}, {"kind": "minutes"}), ({"year": "2016"}, {"year": 2016}),
     ({"year": "1999"}, {"year": 1999}), ({"org": "COMMITTEE"}, {"organization": "COMMITTEE"})],
)  # fmt: skip
def test_page_and_api_list_the_same_items_in_the_same_order(world, archive, role, page_query, api_query):
    client = _client(world, role)
    page_query = {k: (world.committee.pk if v == "COMMITTEE" else v) for k, v in page_query.items()}
    api_query = {k: (world.committee.pk if v == "COMMITTEE" else v) for k, v in api_query.items()}
    page = [row.item_key for row in client.get(reverse("archive-browse"), page_query).context["items"]]
    api = [row["item_key"] for row in client.get("/api/archive/items", api_query).json()]
    assert page == api


def test_filters_parse_query_strings_and_typed_values_alike():
    assert archive_filters(year=" 2016 ", kind="minutes", organization="7") == ArchiveFilters(
        2016, "minutes", 7
    )
    assert archive_filters(year=2016, kind="minutes", organization=7) == ArchiveFilters(2016, "minutes", 7)
    assert archive_filters(year="", kind="", organization="") == ArchiveFilters()


@pytest.mark.parametrize(
    "kwargs, message",
    [
        ({"year": "abc"}, "Năm phải là một số từ 1930 đến 2100."),
        ({"year": "20160"}, "Năm phải là một số từ 1930 đến 2100."),
        ({"kind": "letters"}, "Không có loại tài liệu “letters” trong lưu trữ."),
        ({"organization": "0"}, "Mã tổ chức không hợp lệ."),
        ({"organization": str(2**63)}, "Mã tổ chức không hợp lệ."),
    ],
)
def test_bad_filters_are_refused_with_a_vietnamese_message(kwargs, message):
    with pytest.raises(DomainError) as refused:
        archive_filters(**kwargs)
    assert refused.value.message == message


def test_page_with_a_bad_filter_says_so_and_lists_everything(world, archive):
    client = _client(world, "member")
    everything = [row.item_key for row in client.get(reverse("archive-browse")).context["items"]]
    response = client.get(reverse("archive-browse"), {"kind": "letters", "year": "2016"})
    assert response.status_code == 200
    assert "Không có loại tài liệu “letters” trong lưu trữ." in response.text
    assert [row.item_key for row in response.context["items"]] == everything


def test_api_refuses_an_unknown_kind_with_the_same_message(world, archive):
    response = _client(world, "member").get("/api/archive/items", {"kind": "letters"})
    assert response.status_code == 400
    assert response.json() == {"detail": "Không có loại tài liệu “letters” trong lưu trữ."}


def test_listing_is_scoped_per_role(world, archive):
    keys = {
        role: {row.item_key for row in archive_items_for(world.users[role])}
        for role in ("member", "outsider")
    }
    assert keys["outsider"] == {f"paper:{archive['other'].current_version_id}"}
    assert f"minutes:{archive['minutes'].pk}" in keys["member"]
    assert not keys["member"] & keys["outsider"]


def test_an_empty_volume_is_not_compiled_and_says_why(world, archive):
    from chuyende.archive.domain.composition import new_volume
    from chuyende.archive.models import VolumeBuild

    volume = new_volume(
        actor=world.users["secretary"], organization=world.committee, title="Tập trống", year=2016
    )
    client = _client(world, "secretary")
    response = client.post(f"/api/archive/volumes/{volume.pk}/builds")
    assert response.status_code == 400
    assert response.json() == {
        "detail": "Tập tham luận chưa có tài liệu nào: hãy chọn nội dung trước khi biên soạn."
    }
    page = client.post(reverse("archive-compile", args=[volume.pk]), follow=True)
    assert "Tập tham luận chưa có tài liệu nào" in page.content.decode()
    assert not VolumeBuild.objects.filter(volume=volume).exists()

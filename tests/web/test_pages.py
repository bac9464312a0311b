import pytest
from django.urls import reverse

from chuyende.orgs.models import Member
from tests import factories as f
from tests.world import build_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return build_world()


def _login(client, user):
    client.force_login(user)
    return client


def test_anonymous_is_sent_to_login(client):
    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_login_page_is_vietnamese_and_login_works(client, world):
    page = client.get(reverse("login"))
    assert "Đăng nhập" in page.text
    response = client.post(reverse("login"), {"username": "dangvien", "password": "mat-khau-thu-nghiem"})
    assert response.status_code == 302
    home = client.get(reverse("home"))
    assert "Xin chào, Huỳnh Thị Ngọc Ánh" in home.text


def test_home_shows_the_roles_of_the_secretary(client, world):
    home = _login(client, world.users["cell_secretary"]).get(reverse("home"))
    assert "Bí thư — " in home.text
    assert "Tổ chức tôi phụ trách" in home.text


def test_member_search_without_diacritics_finds_the_member(client, world):
    response = _login(client, world.users["secretary"]).get(reverse("member-list"), {"q": "nguyen duc thanh"})
    assert [m.full_name for m in response.context["page"]] == ["Nguyễn Đức Thành"]


def test_member_search_htmx_returns_only_the_results_fragment(client, world):
    response = _login(client, world.users["secretary"]).get(
        reverse("member-list"), {"q": "ánh"}, headers={"HX-Request": "true"}
    )
    assert "<html" not in response.text
    assert "Huỳnh Thị Ngọc Ánh" in response.text


def test_member_list_of_a_plain_member_is_their_cell(client, world):
    response = _login(client, world.users["member"]).get(reverse("member-list"))
    assert [m.full_name for m in response.context["page"]] == ["Huỳnh Thị Ngọc Ánh", "Võ Minh Tuấn"]


@pytest.mark.parametrize("role", ["member", "cell_secretary", "supervisor", "outsider"])
def test_another_cells_member_page_is_not_found(client, world, role):
    response = _login(client, world.users[role]).get(reverse("member-detail", args=[world.member_b.pk]))
    assert response.status_code == 404


def test_member_page_hides_contact_details_from_cell_mates(client, world):
    response = _login(client, world.users["member"]).get(reverse("member-detail", args=[world.member_a2.pk]))
    assert response.status_code == 200
    assert "tuan@example.vn" not in response.text
    own = client.get(reverse("member-detail", args=[world.member_a.pk]))
    assert "anh@example.vn" in own.text


def test_org_list_filter_outside_scope_is_not_found(client, world):
    response = _login(client, world.users["secretary"]).get(reverse("member-list"), {"org": world.cell_x.pk})
    assert response.status_code == 404


def test_tree_children_fragment_counts_members(client, world):
    response = _login(client, world.users["secretary"]).get(
        reverse("org-children", args=[world.committee.pk])
    )
    assert response.status_code == 200
    assert 'Chi bộ Phòng Nghiệp vụ Pháp chế</a> <span class="badge">2 đảng viên' in response.text


def test_import_page_is_closed_to_a_plain_member(client, world):
    response = _login(client, world.users["member"]).get(reverse("member-import", args=[world.cell_a.pk]))
    assert response.status_code == 403
    assert "Bạn không có quyền nhập danh sách đảng viên cho tổ chức này." in response.text


def test_import_through_the_browser_preview_then_confirm(client, world, django_capture_on_commit_callbacks):
    _login(client, world.users["clerk"])
    content = "Họ và tên,Chi bộ\nLê Quang Vinh,Phòng Nghiệp vụ Pháp chế\n".encode()
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile("danh-sach.csv", content, content_type="text/csv")
    response = client.post(reverse("member-import", args=[world.committee.pk]), {"file": upload})
    assert response.status_code == 302
    preview = client.get(response.url)
    assert "Lê Quang Vinh" in preview.text and "Thêm mới" in preview.text
    assert not Member.objects.filter(full_name="Lê Quang Vinh").exists()
    with django_capture_on_commit_callbacks(execute=True):
        done = client.post(response.url)
    assert done.status_code == 302
    assert Member.objects.filter(full_name="Lê Quang Vinh", cell=world.cell_a).exists()


def test_import_upload_of_wrong_type_shows_message(client, world):
    from django.core.files.uploadedfile import SimpleUploadedFile

    _login(client, world.users["clerk"])
    upload = SimpleUploadedFile("anh.png", b"\x89PNG", content_type="image/png")
    response = client.post(reverse("member-import", args=[world.committee.pk]), {"file": upload})
    assert response.status_code == 200
    assert "Loại tệp không được hỗ trợ" in response.text


def test_healthz(client):
    response = client.get("/healthz")
    assert response.json() == {"status": "ok"}


@pytest.mark.parametrize("n", [1, 3])
def test_member_list_query_count_does_not_grow_with_rows(client, django_assert_max_num_queries, n):
    committee = f.organization()
    cell = f.cell(committee)
    for _ in range(n):
        f.member(cell)
    user = f.user()
    f.role(user, committee, "secretary")
    client.force_login(user)
    with django_assert_max_num_queries(8):
        response = client.get(reverse("member-list"))
    assert response.context["page"].paginator.count == n


@pytest.mark.parametrize("n", [1, 3])
def test_org_detail_query_count_does_not_grow_with_children(client, django_assert_max_num_queries, n):
    committee = f.organization()
    for _ in range(n):
        f.member(f.cell(committee))
    user = f.user()
    f.role(user, committee, "secretary")
    client.force_login(user)
    with django_assert_max_num_queries(10):
        response = client.get(reverse("org-detail", args=[committee.pk]))
    assert len(response.context["children"]) == n

"""Pages that build the tree and appoint roles, and who is refused (another cell's secretary, a
member, an anonymous visitor)."""

import io
from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import Workbook, load_workbook

from chuyende.orgs.enums import Role
from chuyende.orgs.models import Organization, OrganizationImport, RoleAssignment
from tests import factories as f
from tests.world import build_world

pytestmark = pytest.mark.django_db
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# session, user, roles held, member of the user, the organization, the list: the same at 1 and 3 rows.
ROLES_PAGE_QUERIES = 6


@pytest.fixture
def world():
    return build_world()


def _xlsx(rows, name="cay.xlsx"):
    book = Workbook()
    for row in rows:
        book.active.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type=XLSX)


TREE = [
    ["Tên tổ chức", "Loại", "Cấp trên", "Mã"],
    ["Chi bộ Phòng Hành chính - Tổ chức", "Chi bộ", "", "CB-HC"],
    ["Chi bộ Phòng Thông tin", "Chi bộ", "", "CB-TT"],
]


def test_clerk_imports_cells_into_the_committee(client, world, django_capture_on_commit_callbacks):
    client.force_login(world.users["clerk"])
    page = client.get(reverse("org-import") + f"?org={world.committee.pk}")
    assert page.status_code == 200
    assert "Tải tệp mẫu (.xlsx)" in page.text
    response = client.post(reverse("org-import"), {"place": world.committee.pk, "file": _xlsx(TREE)})
    tree_import = OrganizationImport.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("org-import-preview", args=[tree_import.pk])
    preview = client.get(response["Location"])
    assert "2 thêm mới" in preview.text and "Xác nhận nhập" in preview.text
    with django_capture_on_commit_callbacks(execute=True):  # the task runs once the start commits
        started = client.post(response["Location"])
    assert started["Location"] == response["Location"]
    applied = client.get(response["Location"])
    assert "Cây tổ chức này đã được nhập." in applied.text and "Xác nhận nhập" not in applied.text
    assert sorted(world.committee.children.values_list("code", flat=True)) == ["", "", "CB-HC", "CB-TT"]


def test_errors_are_shown_per_row_and_nothing_is_applied(client, world):
    client.force_login(world.users["clerk"])
    rows = [*TREE, ["Tổ Đảng", "Tổ", "", ""]]
    response = client.post(
        reverse("org-import"), {"place": world.committee.pk, "file": _xlsx(rows)}, follow=True
    )
    assert "Loại tổ chức “Tổ” không hợp lệ (Đảng bộ hoặc Chi bộ)." in response.text
    assert "Xác nhận nhập" not in response.text
    tree_import = OrganizationImport.objects.get()
    refused = client.post(reverse("org-import-preview", args=[tree_import.pk]), follow=True)
    assert "Còn 1 dòng lỗi. Hãy sửa tệp và tải lên lại." in refused.text
    assert not Organization.objects.filter(code="CB-HC").exists()


def test_wrong_file_type_is_refused_on_the_form(client, world):
    client.force_login(world.users["clerk"])
    upload = SimpleUploadedFile("cay.pdf", b"%PDF-1.4", content_type="application/pdf")
    response = client.post(reverse("org-import"), {"place": world.committee.pk, "file": upload})
    assert response.status_code == 200
    assert "Loại tệp không được hỗ trợ. Chấp nhận: .xlsx, .csv." in response.text


def test_template_download(client, world):
    client.force_login(world.users["clerk"])
    response = client.get(reverse("org-import-template"))
    assert response["Content-Type"] == XLSX
    book = load_workbook(io.BytesIO(response.content))
    assert [c.value for c in book.worksheets[0][1]][:4] == ["Tên tổ chức", "Loại", "Cấp trên", "Mã"]


def test_import_pages_are_closed_to_others(client, world):
    client.force_login(world.users["clerk"])
    client.post(reverse("org-import"), {"place": world.committee.pk, "file": _xlsx(TREE)})
    preview_url = reverse("org-import-preview", args=[OrganizationImport.objects.get().pk])
    for role in ("member", "supervisor"):
        client.force_login(world.users[role])
        refused = client.get(reverse("org-import"))
        assert (refused.status_code, "Bạn không có quyền nhập cây tổ chức." in refused.text) == (403, True)
        assert client.get(preview_url).status_code == 404
        assert client.post(preview_url).status_code == 404
    client.force_login(world.users["secretary"])  # may import, but not into another committee
    other = client.post(reverse("org-import"), {"place": world.other_committee.pk, "file": _xlsx(TREE)})
    assert "Lựa chọn không hợp lệ" in other.text
    client.logout()
    assert client.get(reverse("org-import"))["Location"].startswith("/dang-nhap/")
    assert not Organization.objects.filter(code="CB-HC").exists()


def test_superuser_creates_a_root_and_others_cannot(client, world):
    url = reverse("org-create-root")
    client.force_login(world.users["clerk"])
    refused = client.get(url)
    assert (refused.status_code, "Chỉ quản trị hệ thống được tạo tổ chức cấp cao nhất." in refused.text) == (
        403,
        True,
    )
    admin = get_user_model().objects.create_superuser("quantri", "q@example.vn", "mat-khau-quan-tri")
    client.force_login(admin)
    response = client.post(
        url, {"kind": "committee", "name": "Đảng bộ Khối Doanh nghiệp", "place_name": "Nha Trang"}
    )
    root = Organization.objects.get(name="Đảng bộ Khối Doanh nghiệp")
    assert response["Location"] == reverse("org-detail", args=[root.pk])
    assert (root.parent, root.header_name) == (None, "ĐẢNG UỶ KHỐI DOANH NGHIỆP")


def test_create_child_rename_move_and_close(client, world):
    clerk = world.users["clerk"]
    client.force_login(clerk)
    detail = client.get(reverse("org-detail", args=[world.committee.pk]))
    for label in ("Sửa thông tin, đổi tên", "Thêm tổ chức trực thuộc", "Chuyển tổ chức", "Vai trò"):
        assert label in detail.text
    created = client.post(
        reverse("org-create-child", args=[world.committee.pk]),
        {"kind": "committee", "name": "Đảng bộ bộ phận Nghiệp vụ", "code": "DBBP"},
    )
    sub = Organization.objects.get(code="DBBP")
    assert created["Location"] == reverse("org-detail", args=[sub.pk])
    renamed = client.post(
        reverse("org-edit", args=[world.cell_b.pk]),
        {"name": "Chi bộ Phòng Kinh tế - Ngân sách", "header_name": "CHI BỘ PHÒNG KINH TẾ - NGÂN SÁCH",
         "body_code": "CB", "place_name": "Nha Trang"},
    )  # fmt: skip
    assert renamed.status_code == 302
    world.cell_b.refresh_from_db()
    assert world.cell_b.name == "Chi bộ Phòng Kinh tế - Ngân sách"
    moved = client.post(reverse("org-move", args=[world.cell_b.pk]), {"parent": sub.pk})
    assert moved.status_code == 302
    world.cell_b.refresh_from_db()
    assert (world.cell_b.parent, world.cell_b.path[:-9]) == (sub, sub.path)
    # Closing: refused while members remain (message on the page, input kept), then done.
    close_url = reverse("org-close", args=[world.cell_b.pk])
    day = timezone.localdate().strftime("%Y-%m-%d")
    refused = client.post(close_url, {"closed_on": day, "confirmed": "1"})
    assert "Còn 2 đảng viên đang sinh hoạt." in refused.text
    empty = client.post(reverse("org-create-child", args=[sub.pk]), {"kind": "cell", "name": "Chi bộ tạm"})
    temporary = Organization.objects.get(name="Chi bộ tạm")
    assert empty.status_code == 302
    unconfirmed = client.post(reverse("org-close", args=[temporary.pk]), {"closed_on": day})
    assert "sẽ thôi hoạt động" in unconfirmed.text
    closed = client.post(
        reverse("org-close", args=[temporary.pk]), {"closed_on": day, "confirmed": "1"}, follow=True
    )
    assert "Đã ghi nhận giải thể Chi bộ tạm." in closed.text
    assert "Đã giải thể ngày" in closed.text


@pytest.mark.parametrize("role", ["cell_secretary", "member", "supervisor", "outsider"])
def test_structure_forms_are_closed_to_non_managers(client, world, role):
    client.force_login(world.users[role])
    # Who sees the organization (the committee, from one of its cells) is told why (403); who does
    # not (another cell, outside the tree) is answered as if it did not exist.
    sees_committee = role in ("cell_secretary", "member")
    for name, args, refused in (
        ("org-create-child", [world.committee.pk], 403 if sees_committee else 404),
        ("org-edit", [world.cell_b.pk], 404),
        ("org-move", [world.cell_b.pk], 404),
        ("org-close", [world.cell_b.pk], 404),
    ):
        assert client.get(reverse(name, args=args)).status_code == refused
        assert client.post(reverse(name, args=args), {"name": "X", "kind": "cell"}).status_code == refused
    world.cell_b.refresh_from_db()
    assert (world.cell_b.name, world.cell_b.is_active) == ("Chi bộ Phòng Nghiệp vụ Kinh tế - Ngân sách", True)


def test_anonymous_visitor_is_sent_to_login(client, world):
    for name, args in (
        ("org-edit", [world.cell_b.pk]),
        ("org-roles", [world.cell_b.pk]),
        ("org-create-root", []),
    ):
        assert client.get(reverse(name, args=args))["Location"].startswith("/dang-nhap/")
        assert client.post(reverse(name, args=args))["Location"].startswith("/dang-nhap/")


def test_roles_page_lists_grants_and_ends(client, world):
    clerk = world.users["clerk"]
    client.force_login(clerk)
    url = reverse("org-roles", args=[world.cell_b.pk])
    search = client.get(reverse("org-role-search", args=[world.cell_b.pk]), {"q": "doan van thang"})
    assert 'name="member" value="%d"' % world.member_b.pk in search.text
    no_js = client.get(url, {"q": "Đoàn Văn"})
    assert "Đoàn Văn Thắng" in no_js.text
    today = timezone.localdate()
    response = client.post(
        url, {"member": world.member_b.pk, "role": Role.SECRETARY, "starts_on": today.strftime("%Y-%m-%d")}
    )
    assert response.status_code == 302
    page = client.get(url)
    assert "Đã phân công đồng chí Đoàn Văn Thắng làm Bí thư." in page.text
    assert today.strftime("%d/%m/%Y") in page.text
    assignment = RoleAssignment.objects.get(organization=world.cell_b, role=Role.SECRETARY)
    assert assignment.user.member == world.member_b
    yesterday = today - timedelta(days=1)
    ended = client.post(
        reverse("org-role-end", args=[world.cell_b.pk, assignment.pk]), {"ends_on": yesterday.strftime("%Y-%m-%d")},
        follow=True,
    )  # fmt: skip
    # It started today and now ends yesterday: a cancelled appointment, shown so in the history.
    assert "Đã huỷ (chưa có hiệu lực)" in ended.text
    assignment.refresh_from_db()
    assert assignment.ends_on == yesterday
    assert 'data-testid="ended-roles"' in ended.text


def test_refused_grant_keeps_the_chosen_member(client, world):
    client.force_login(world.users["clerk"])
    url = reverse("org-roles", args=[world.committee.pk])
    response = client.post(
        url,
        {
            "member": world.member_a.pk,
            "role": Role.DEPUTY_SECRETARY,
            "starts_on": "2026-01-10",
            "ends_on": "2026-01-01",
        },
    )
    assert response.status_code == 400
    assert "Ngày kết thúc phải từ ngày bắt đầu trở về sau." in response.text
    assert f'value="{world.member_a.pk}" checked' in response.text
    assert not RoleAssignment.objects.filter(role=Role.DEPUTY_SECRETARY).exists()


def test_roles_page_who_sees_and_who_changes(client, world):
    url = reverse("org-roles", args=[world.cell_a.pk])
    grant = {"member": world.member_a.pk, "role": Role.DEPUTY_SECRETARY, "starts_on": "2026-01-10"}
    assignment = RoleAssignment.objects.get(organization=world.cell_a, role=Role.SECRETARY)
    end = reverse("org-role-end", args=[world.cell_a.pk, assignment.pk])
    # The supervisor sees the list but has no form and may not change anything.
    client.force_login(world.users["supervisor"])
    seen = client.get(url)
    assert seen.status_code == 200 and "Võ Minh Tuấn" in seen.text and "Phân công vai trò" not in seen.text
    assert client.post(url, grant).status_code == 403
    assert client.post(end, {"ends_on": "2026-01-01"}).status_code == 403
    # Another cell's secretary and a plain member: not found.
    other_secretary = get_user_model().objects.create_user("bithu-kinhte")
    f.role(other_secretary, world.cell_b, Role.SECRETARY)
    for user in (other_secretary, world.users["member"], world.users["outsider"]):
        client.force_login(user)
        assert client.get(url).status_code == 404
        assert client.post(url, grant).status_code == 404
        assert client.post(end, {"ends_on": "2026-01-01"}).status_code == 404
        assert client.get(reverse("org-role-search", args=[world.cell_a.pk]), {"q": "anh"}).status_code == 404
    assignment.refresh_from_db()
    assert assignment.ends_on is None
    assert not RoleAssignment.objects.filter(role=Role.DEPUTY_SECRETARY).exists()


def test_office_records_a_term_and_an_overlap_is_refused_with_input_kept(client, world):
    client.force_login(world.users["clerk"])
    url = reverse("org-term-create", args=[world.committee.pk])
    first = client.post(
        url, {"name": "Nhiệm kỳ 2015 – 2020", "starts_on": "2015-07-01", "ends_on": "2020-06-30"}
    )
    assert first["Location"] == reverse("org-detail", args=[world.committee.pk])
    overlap = client.post(url, {"name": "Nhiệm kỳ sai", "starts_on": "2019-01-01"})
    assert "Nhiệm kỳ mới trùng thời gian với nhiệm kỳ “Nhiệm kỳ 2015 – 2020”." in overlap.text
    assert 'value="Nhiệm kỳ sai"' in overlap.text
    assert list(world.committee.terms.values_list("name", flat=True)) == ["Nhiệm kỳ 2015 – 2020"]
    for role, refused in (("cell_secretary", 403), ("member", 403), ("supervisor", 404)):
        client.force_login(world.users[role])
        assert client.post(url, {"name": "X", "starts_on": "2021-01-01"}).status_code == refused
    assert world.committee.terms.count() == 1


@pytest.mark.parametrize("rows", [1, 3])
def test_roles_page_query_count_is_the_same_at_1_and_3_rows(client, world, rows):
    """The roles list reads its rows in one query (people joined), whatever their number."""
    for i in range(rows - 1):
        f.role(
            f.user(f"uyvien{i}", member=f.member(world.cell_a, f"Đảng viên số {i}")),
            world.cell_a,
            Role.COMMITTEE_MEMBER,
        )
    client.force_login(world.users["clerk"])
    url = reverse("org-roles", args=[world.cell_a.pk])
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        page = client.get(url)
    assert page.text.count("<td>Cấp ủy viên</td>") == rows - 1
    assert len(queries) == ROLES_PAGE_QUERIES, [q["sql"][:120] for q in queries.captured_queries]

import re
from urllib.parse import quote

import pytest
from django.contrib.auth import authenticate
from django.urls import reverse

from chuyende.orgs.models import AccountCode
from tests.pdftext import docx_text, pdf_text
from tests.world import build_world

pytestmark = pytest.mark.django_db
CODE = re.compile(r"[A-HJKMNP-Z2-9]{5}-[A-HJKMNP-Z2-9]{5}")


@pytest.fixture
def world():
    return build_world()


def _as(client, user):
    client.force_login(user)
    return client


def test_the_printed_sheet_lists_the_cell_and_its_code_activates_the_account(client, world):
    response = _as(client, world.users["clerk"]).post(
        reverse("org-activation-sheet", args=[world.cell_b.pk, "pdf"])
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    expected_name = quote("Phiếu mã kích hoạt - Chi bộ Phòng Nghiệp vụ Kinh tế - Ngân sách.pdf")
    assert f"filename*=utf-8''{expected_name}" in response["Content-Disposition"]
    text = pdf_text(response.content)
    assert "PHIẾU MÃ KÍCH HOẠT TÀI KHOẢN" in text
    assert "Đoàn Văn Thắng" in text and "thangdv" in text
    assert "Nguyễn Đức Thành" not in text  # already uses his login
    codes = CODE.findall(text)
    assert len(codes) == 1
    client.logout()
    activated = client.post(
        reverse("activate"),
        {
            "username": "thangdv",
            "code": codes[0],
            "password1": "Mat-khau-rieng-2016",
            "password2": "Mat-khau-rieng-2016",
        },
    )
    assert activated.status_code == 302 and activated.url == reverse("home")
    assert "Xin chào, Đoàn Văn Thắng" in client.get(reverse("home")).text
    assert authenticate(username="thangdv", password="Mat-khau-rieng-2016") is not None


def test_the_docx_sheet_has_the_same_rows(client, world):
    response = _as(client, world.users["clerk"]).post(
        reverse("org-activation-sheet", args=[world.cell_b.pk, "docx"])
    )
    assert response["Content-Type"].endswith("wordprocessingml.document")
    text = docx_text(response.content)
    assert re.search(r"1 \| Đoàn Văn Thắng \| thangdv \| " + CODE.pattern, text)


@pytest.mark.parametrize("role", ["cell_secretary", "member", "supervisor", "outsider"])
def test_sheet_and_emails_are_refused_to_other_cells_and_members(client, world, role):
    client = _as(client, world.users[role])
    assert client.post(reverse("org-activation-sheet", args=[world.cell_b.pk, "pdf"])).status_code == 404
    assert client.post(reverse("org-activation-email", args=[world.cell_b.pk])).status_code == 404
    assert client.get(reverse("org-accounts", args=[world.cell_b.pk])).status_code == 404
    assert not AccountCode.objects.exists()


def test_anonymous_is_sent_to_login_for_office_pages(client, world):
    for url in (
        reverse("org-activation-sheet", args=[world.cell_b.pk, "pdf"]),
        reverse("member-account", args=[world.member_b.pk, "cap-lai-ma"]),
    ):
        response = client.post(url)
        assert response.status_code == 302 and response.url.startswith(reverse("login"))
    assert not AccountCode.objects.exists()


def test_the_accounts_page_counts_each_cell(client, world):
    page = _as(client, world.users["clerk"]).get(reverse("org-accounts", args=[world.committee.pk]))
    rows = {
        cell.name: (cell.total, cell.without_login, cell.pending, cell.locked)
        for cell in page.context["cells"]
    }
    assert rows == {
        "Chi bộ Phòng Nghiệp vụ Kinh tế - Ngân sách": (2, 1, 0, 0),
        "Chi bộ Phòng Nghiệp vụ Pháp chế": (2, 0, 0, 0),
    }


def test_member_page_account_box_reset_shows_the_code_once(client, world):
    client = _as(client, world.users["cell_secretary"])
    page = client.get(reverse("member-detail", args=[world.member_a.pk]))
    assert "Tài khoản đăng nhập" in page.text and "Đang sử dụng" in page.text
    response = client.post(reverse("member-account", args=[world.member_a.pk, "cap-lai-ma"]))
    code = CODE.search(response.text).group(0)
    assert response.context["issued"].username == "dangvien"
    assert authenticate(username="dangvien", password="mat-khau-thu-nghiem") is None
    assert "Chưa kích hoạt" in client.get(reverse("member-detail", args=[world.member_a.pk])).text
    client.logout()
    client.post(
        reverse("activate"),
        {
            "username": "dangvien",
            "code": code,
            "password1": "Mat-khau-moi-2016",
            "password2": "Mat-khau-moi-2016",
        },
    )
    assert authenticate(username="dangvien", password="Mat-khau-moi-2016") is not None


def test_member_page_lock_and_unlock(client, world):
    client = _as(client, world.users["clerk"])
    client.post(reverse("member-account", args=[world.member_a.pk, "khoa"]))
    assert "Đã khoá" in client.get(reverse("member-detail", args=[world.member_a.pk])).text
    assert authenticate(username="dangvien", password="mat-khau-thu-nghiem") is None
    client.post(reverse("member-account", args=[world.member_a.pk, "mo-khoa"]))
    assert authenticate(username="dangvien", password="mat-khau-thu-nghiem") is not None


def test_member_page_create_login_for_a_member_without_one(client, world):
    client = _as(client, world.users["clerk"])
    client.post(reverse("member-account", args=[world.member_b.pk, "tao"]))
    page = client.get(reverse("member-detail", args=[world.member_b.pk]))
    assert "thangdv" in page.text and "Chưa kích hoạt" in page.text


@pytest.mark.parametrize("role", ["member", "outsider", "supervisor"])
def test_member_account_actions_are_refused(client, world, role):
    client = _as(client, world.users[role])
    response = client.post(reverse("member-account", args=[world.member_a2.pk, "cap-lai-ma"]))
    assert response.status_code == 404
    assert authenticate(username="bithu-phapche", password="mat-khau-thu-nghiem") is not None


def test_a_member_sees_no_account_box(client, world):
    page = _as(client, world.users["member"]).get(reverse("member-detail", args=[world.member_a2.pk]))
    assert "Tài khoản đăng nhập" not in page.text


def test_wrong_code_on_the_activation_page_is_a_vietnamese_message(client, world):
    response = client.post(
        reverse("activate"),
        {"username": "dangvien", "code": "AAAAA-BBBBB", "password1": "x", "password2": "x"},
    )
    assert response.status_code == 400
    assert "Tên đăng nhập hoặc mã kích hoạt không đúng, đã dùng hoặc đã hết hạn." in response.text


def test_activation_link_prefills_the_form(client):
    page = client.get(reverse("activate"), {"u": "thangdv", "ma": "ABCDE-FGHJK"})
    assert 'value="thangdv"' in page.text and 'value="ABCDE-FGHJK"' in page.text


def test_login_page_links_forgot_password_and_activation(client):
    page = client.get(reverse("login"))
    assert reverse("forgot-password") in page.text and reverse("activate") in page.text


def test_forgot_password_answers_the_same_for_known_and_unknown(
    client, world, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        known = client.post(reverse("forgot-password"), {"identifier": "dangvien"})
    unknown = client.post(reverse("forgot-password"), {"identifier": "khong-co"})
    assert known.status_code == unknown.status_code == 200
    assert 'id="sent"' in known.text and 'id="sent"' in unknown.text
    assert [m.to for m in mailoutbox] == [["anh@example.vn"]]


def test_import_page_shows_the_applied_list_and_the_way_to_hand_out_access(
    client, world, django_capture_on_commit_callbacks
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client = _as(client, world.users["clerk"])
    upload = SimpleUploadedFile(
        "ds.csv", "Họ và tên,Chi bộ\nLê Quang Vinh,Phòng Nghiệp vụ Pháp chế\n".encode()
    )
    preview = client.post(reverse("member-import", args=[world.committee.pk]), {"file": upload})
    with django_capture_on_commit_callbacks(execute=True):
        applied = client.post(preview.url)
    # In a test the task runs when the captured commit callbacks do, after the answer: the page
    # polled afterwards shows the result (without a worker, outside tests, it is done at once).
    assert applied.url == preview.url
    page = client.get(preview.url)
    assert "Danh sách này đã được nhập." in page.text
    assert reverse("org-accounts", args=[world.committee.pk]) in page.text
    assert "Lê Quang Vinh" in client.get(reverse("member-list"), {"q": "vinh"}).text


def test_api_reset_and_activate(client, world):
    client = _as(client, world.users["clerk"])
    reset = client.post(f"/api/members/{world.member_a.pk}/account/reset")
    assert reset.status_code == 200
    assert reset.json()["username"] == "dangvien"
    client.logout()
    activated = client.post(
        "/api/accounts/activate",
        {"username": "dangvien", "code": reset.json()["code"], "password": "Mat-khau-api-2016"},
        content_type="application/json",
    )
    assert activated.json() == {"username": "dangvien"}
    assert authenticate(username="dangvien", password="Mat-khau-api-2016") is not None


def test_api_codes_state_and_forbidden_paths(client, world):
    clerk = _as(client, world.users["clerk"])
    codes = clerk.post(f"/api/organizations/{world.cell_b.pk}/activation-codes").json()
    assert [(row["full_name"], row["username"]) for row in codes] == [("Đoàn Văn Thắng", "thangdv")]
    state = clerk.get(f"/api/members/{world.member_b.pk}/account").json()
    assert (state["username"], state["state"]) == ("thangdv", "pending")
    assert clerk.post(f"/api/members/{world.member_b.pk}/account/deactivate").json()["state"] == "disabled"
    member = _as(client, world.users["member"])
    assert member.post(f"/api/members/{world.member_a2.pk}/account/reset").status_code == 403
    assert member.get(f"/api/members/{world.member_a2.pk}/account").status_code == 404
    assert member.post(f"/api/organizations/{world.cell_b.pk}/activation-codes").status_code == 404
    secretary = _as(client, world.users["cell_secretary"])
    assert secretary.post(f"/api/members/{world.member_b.pk}/account/reset").status_code == 404


def test_adding_a_member_on_the_member_page_creates_the_login(client, world):
    client = _as(client, world.users["cell_secretary"])
    response = client.post(
        reverse("member-create", args=[world.cell_a.pk]),
        {"full_name": "Lê Thị Hoa", "cell": world.cell_a.pk, "status": "full"},
    )
    page = client.get(response.url)
    assert "hoalt" in page.text and "Chưa kích hoạt" in page.text

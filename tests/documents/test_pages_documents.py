import pytest
from django.core import mail

from chuyende.common.models import OutboxMessage
from chuyende.documents.models import OfficialDocument, Recipient
from chuyende.orgs.access import organizations_for

from .helpers import draft, issued, login, sent_to_subtree

pytestmark = pytest.mark.django_db


def test_pages_create_edit_and_issue_a_draft(client, world, term):
    login(client, world, "clerk")
    assert client.get(f"/van-ban/soan/?org={world.committee.pk}").status_code == 200
    response = client.post(
        f"/van-ban/soan/?org={world.committee.pk}",
        {
            "document_type": 7,
            "term": term.pk,
            "summary": "tổ chức sinh hoạt chuyên đề",
            "body": "",
            "signing_form": "T/M",
            "signer_position": "BÍ THƯ",
        },
    )
    document = OfficialDocument.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/van-ban/{document.pk}/"
    assert document.document_type.code == "KH"
    edit = {
        "term": term.pk,
        "summary": "mới",
        "body": "# I. MỤC ĐÍCH\nĐoạn một.",
        "signing_form": "T/M",
        "signer_position": "BÍ THƯ",
        "version": 1,
    }
    client.post(f"/van-ban/{document.pk}/sua/", edit)
    stale = client.post(f"/van-ban/{document.pk}/sua/", edit)
    assert "Văn bản vừa được người khác sửa" in stale.content.decode()
    secretary = world.users["secretary"].member
    client.post(
        f"/van-ban/{document.pk}/issue/",
        {"issued_on": "2016-12-05", "signer": secretary.pk, "version": 2, "confirmed": "1"},
    )
    document.refresh_from_db()
    assert (document.number_symbol, document.summary, document.body[1]["text"]) == (
        "01-KH/ĐU",
        "mới",
        "Đoạn một.",
    )
    detail = client.get(f"/van-ban/{document.pk}/").content.decode()
    assert "Số" not in detail or "01-KH/ĐU" in detail
    html = client.get(f"/van-ban/{document.pk}/xem/")
    assert html["X-Frame-Options"] == "SAMEORIGIN"
    assert "Số 01-KH/ĐU" in html.content.decode()
    pdf = client.get(f"/van-ban/{document.pk}/tai/pdf/")
    assert pdf["Content-Disposition"] == 'attachment; filename="01-KH-DU.pdf"'
    assert (
        client.get(f"/van-ban/{document.pk}/tai/docx/")["Content-Disposition"]
        == 'attachment; filename="01-KH-DU.docx"'
    )


def test_pages_member_studies_and_acknowledges_from_home(client, world, term):
    document = issued(world.committee, term, world.users["secretary"].member)
    sent_to_subtree(document)
    login(client, world, "member")
    home = client.get("/").content.decode()
    assert "Tài liệu cần nghiên cứu" in home and f"/van-ban/{document.pk}/" in home
    response = client.post(f"/van-ban/{document.pk}/acknowledge/", HTTP_HX_REQUEST="true")
    assert "Đã nghiên cứu, quán triệt lúc" in response.content.decode()
    assert "<html" not in response.content.decode()
    client.post(f"/van-ban/{document.pk}/acknowledge/")
    assert Recipient.objects.filter(acknowledged_at__isnull=False).count() == 1
    assert "Tài liệu cần nghiên cứu" not in client.get("/").content.decode()


def test_pages_member_cannot_open_a_document_not_sent_or_a_draft(client, world, term):
    document = issued(world.committee, term, world.users["secretary"].member)
    plan = draft(world.committee, term)
    login(client, world, "member")
    for url in [f"/van-ban/{document.pk}/", f"/van-ban/{document.pk}/tai/pdf/", f"/van-ban/{plan.pk}/xem/"]:
        assert client.get(url).status_code == 404
    login(client, world, "committee_member")
    assert client.get(f"/van-ban/{document.pk}/").status_code == 200
    assert client.get(f"/van-ban/{plan.pk}/").status_code == 404


def test_pages_cell_secretary_sees_pending_of_own_cell_only(client, world, term):
    document = issued(world.committee, term, world.users["secretary"].member)
    sent_to_subtree(document)
    login(client, world, "cell_secretary")
    page = client.get(f"/van-ban/{document.pk}/chi-bo/{world.cell_a.pk}/").content.decode()
    assert "Huỳnh Thị Ngọc Ánh" in page and "Võ Minh Tuấn" in page
    assert client.get(f"/van-ban/{document.pk}/chi-bo/{world.cell_b.pk}/").status_code == 404
    detail = client.get(f"/van-ban/{document.pk}/").content.decode()
    assert "0/2 đảng viên (0\u00a0%)" in detail


def test_pages_committee_rollup_reminders_and_outbox(client, world, term):
    document = issued(world.committee, term, world.users["secretary"].member)
    dissemination = sent_to_subtree(document)
    login(client, world, "clerk")
    detail = client.get(f"/van-ban/{document.pk}/").content.decode()
    assert "0/4 đảng viên (0\u00a0%)" in detail
    client.post(f"/van-ban/{document.pk}/reminders/", {"dissemination": dissemination.pk})
    assert OutboxMessage.objects.filter(status="prepared").count() == 3
    outbox = client.get("/hop-thu-di/").content.decode()
    assert "anh@example.vn" in outbox
    ids = list(OutboxMessage.objects.values_list("pk", flat=True))
    client.post("/hop-thu-di/", {"organization": world.committee.pk, "message": ids[:2], "action": "release",
                                 "confirmed": "1"})  # fmt: skip
    assert len(mail.outbox) == 2
    client.post("/hop-thu-di/", {"organization": world.committee.pk, "message": ids[2:], "action": "discard",
                                 "confirmed": "1"})  # fmt: skip
    assert list(OutboxMessage.objects.values_list("status", flat=True)) == ["sent", "sent"]


@pytest.mark.parametrize(
    "role", ["member", "cell_secretary", "committee_member", "supervisor", "outsider", "nobody"]
)
def test_pages_forbidden_roles_cannot_create_issue_or_release(client, world, term, role):
    plan = draft(world.committee, term)
    login(client, world, role)
    # Who sees the committee is told why (403), who does not is answered "not found".
    refused = 403 if organizations_for(world.users[role]).filter(pk=world.committee.pk).exists() else 404
    assert client.get(f"/van-ban/soan/?org={world.committee.pk}").status_code == refused
    assert client.post(f"/van-ban/{plan.pk}/issue/", {"issued_on": "2016-12-05"}).status_code == 404
    outbox = client.post("/hop-thu-di/", {"organization": world.committee.pk, "message": []})
    assert outbox.status_code == refused
    plan.refresh_from_db()
    assert plan.state == "draft"


@pytest.mark.parametrize("count", [1, 3])
def test_pages_document_list_query_count(client, world, term, count, django_assert_max_num_queries):
    for _ in range(count):
        sent_to_subtree(issued(world.committee, term, world.users["secretary"].member))
    login(client, world, "member")
    with django_assert_max_num_queries(8):
        response = client.get("/van-ban/")
    assert (
        response.content.decode().count("/van-ban/") - response.content.decode().count("/van-ban/soan")
        >= count
    )
    # 12 + the next-tasks panel: items to report, minutes to approve (the meeting's secretary may be a
    # plain member), the next meeting with materials, papers to comment on (committee + count)
    with django_assert_max_num_queries(17):
        client.get("/")


def test_pages_rollup_drills_down_from_children_to_cells(client, world, term):
    from tests import factories as f

    sub = f.organization(world.committee, name="Đảng bộ bộ phận Khối Nội chính")
    sub_cell = f.cell(sub, name="Chi bộ Thanh tra")
    f.member(sub_cell, "Lê Thị Hồng")
    f.member(sub_cell, "Phan Văn Hải")
    document = issued(world.committee, term, world.users["secretary"].member)
    sent_to_subtree(document)
    login(client, world, "clerk")
    detail = client.get(f"/van-ban/{document.pk}/").content.decode()
    # Direct children of the committee: two cells and the sub-committee (its whole subtree: 2).
    assert "0/6 đảng viên (0\u00a0%)" in detail
    assert f'?to_chuc={sub.pk}">Đảng bộ bộ phận Khối Nội chính</a>' in detail
    assert f"/van-ban/{document.pk}/chi-bo/{sub_cell.pk}/" not in detail  # not one row per cell
    inside = client.get(f"/van-ban/{document.pk}/?to_chuc={sub.pk}").content.decode()
    assert "Đang xem: Đảng bộ bộ phận Khối Nội chính" in inside
    assert "Chi bộ Thanh tra" in inside and "0/2 đảng viên (0\u00a0%)" in inside
    assert f"/van-ban/{document.pk}/chi-bo/{sub_cell.pk}/" in inside  # cell level: who has not studied


def test_pages_rollup_drill_down_outside_ones_scope_is_not_found(client, world, term):
    document = issued(world.committee, term, world.users["secretary"].member)
    sent_to_subtree(document)
    login(client, world, "cell_secretary")
    assert client.get(f"/van-ban/{document.pk}/?to_chuc={world.cell_a.pk}").status_code == 200
    for organization in (world.cell_b, world.committee, world.cell_x):
        assert client.get(f"/van-ban/{document.pk}/?to_chuc={organization.pk}").status_code == 404
    assert client.get(f"/van-ban/{document.pk}/?to_chuc=abc").status_code == 404


def test_pages_rollup_query_count_does_not_grow_with_children(client, world, term):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests import factories as f

    def add_children(first, last):
        for n in range(first, last):
            cell = f.cell(f.organization(world.committee, name=f"Đảng bộ bộ phận {n}"), name=f"Chi bộ {n}")
            f.member(cell, f"Đảng viên {n}")

    def queries_of_detail():
        document = issued(world.committee, term, world.users["secretary"].member)
        sent_to_subtree(document)
        client.get(f"/van-ban/{document.pk}/")  # warm the session and caches
        with CaptureQueriesContext(connection) as queries:
            page = client.get(f"/van-ban/{document.pk}/").content.decode()
        return len(queries), page.count("?to_chuc=")

    login(client, world, "clerk")
    add_children(0, 1)
    few, links_few = queries_of_detail()
    add_children(1, 6)
    many, links_many = queries_of_detail()
    assert (links_few, links_many) == (1, 6)  # one drill-down link per sub-committee
    assert few == many

import pytest
from django.core import mail

from chuyende.common.models import OutboxMessage
from chuyende.documents.models import OfficialDocument

from .helpers import issued, login, sent_to_subtree

pytestmark = pytest.mark.django_db
JSON = "application/json"


def test_api_draft_edit_issue_download(client, world, term):
    api = login(client, world, "clerk")
    created = api.post(
        "/api/documents",
        {
            "organization_id": world.committee.pk,
            "type_code": "NQ",
            "term_id": term.pk,
            "summary": "về xây dựng Đảng",
        },
        content_type=JSON,
    )
    assert created.status_code == 201
    document_id = created.json()["id"]
    changed = api.patch(
        f"/api/documents/{document_id}", {"expected_version": 1, "summary": "mới"}, content_type=JSON
    )
    assert (changed.json()["summary"], changed.json()["version"]) == ("mới", 2)
    stale = api.patch(
        f"/api/documents/{document_id}", {"expected_version": 1, "summary": "cũ"}, content_type=JSON
    )
    assert stale.status_code == 409
    response = api.post(
        f"/api/documents/{document_id}/issue",
        {"issued_on": "2016-12-26", "signer_id": world.users["secretary"].member.pk},
        content_type=JSON,
    )
    assert (response.json()["state"], response.json()["number_symbol"]) == ("issued", "01-NQ/ĐU")
    frozen = api.patch(
        f"/api/documents/{document_id}", {"expected_version": 3, "summary": "x"}, content_type=JSON
    )
    assert frozen.status_code == 400
    assert frozen.json()["detail"].startswith("Văn bản đã ban hành, không thể sửa")
    pdf = api.get(f"/api/documents/{document_id}/file/pdf")
    assert pdf["Content-Disposition"] == 'attachment; filename="01-NQ-DU.pdf"'
    assert pdf.content == OfficialDocument.objects.get(pk=document_id).pdf_file.read()
    assert api.get(f"/api/documents/{document_id}/file/docx")["Content-Type"].startswith(
        "application/vnd.openxml"
    )


def test_api_member_cannot_create_or_see_unsent(client, world, term):
    document = issued(world.committee, term, world.users["secretary"].member)
    api = login(client, world, "member")
    assert api.get(f"/api/documents/{document.pk}").status_code == 404
    response = api.post(
        "/api/documents",
        {"organization_id": world.cell_a.pk, "type_code": "NQ", "term_id": term.pk, "summary": "x"},
        content_type=JSON,
    )
    assert response.status_code == 404  # the committee's term is not one of the cell's


def test_api_disseminate_acknowledge_rollup_and_reminders(client, world, term):
    document = issued(world.committee, term, world.users["secretary"].member)
    clerk = login(client, world, "clerk")
    sent = clerk.post(
        f"/api/documents/{document.pk}/disseminations", {"audience": "subtree"}, content_type=JSON
    )
    assert sent.json()["recipient_count"] == 4
    login(client, world, "member")
    assert client.post(f"/api/documents/{document.pk}/acknowledge").status_code == 200
    assert client.get(f"/api/documents/{document.pk}/acknowledgements").status_code == 403
    login(client, world, "cell_secretary")
    rollup = client.get(f"/api/documents/{document.pk}/acknowledgements").json()
    assert (rollup["total"], rollup["done"]) == (2, 1)
    assert [(r["organization_id"], r["is_cell"], r["total"], r["done"]) for r in rollup["rows"]] == [
        (world.cell_a.pk, True, 2, 1)
    ]
    url = f"/api/documents/{document.pk}/acknowledgements?organization_id="
    assert client.get(f"{url}{world.cell_a.pk}").json()["total"] == 2
    for outside in (world.cell_b, world.committee, world.cell_x):  # drilling outside one's scope
        assert client.get(f"{url}{outside.pk}").status_code == 404
    login(client, world, "superior_secretary")
    rows = client.get(f"/api/documents/{document.pk}/acknowledgements").json()["rows"]
    assert [(r["name"], r["total"], r["done"]) for r in rows] == [
        (world.cell_a.name, 2, 1),
        (world.cell_b.name, 2, 0),
    ]
    drilled = client.get(f"{url}{world.cell_b.pk}").json()
    assert (drilled["total"], drilled["done"], len(drilled["rows"])) == (2, 0, 1)
    login(client, world, "cell_secretary")
    pending = client.get(
        f"/api/documents/{document.pk}/acknowledgements/cells/{world.cell_a.pk}/pending"
    ).json()
    assert pending == [{"member_id": world.member_a2.pk, "full_name": "Võ Minh Tuấn"}]
    login(client, world, "clerk")
    prepared = client.post(f"/api/documents/{document.pk}/disseminations/{sent.json()['id']}/reminders")
    assert prepared.json() == {"prepared": 2}  # Võ Minh Tuấn and Đoàn Văn Thắng have e-mails
    ids = list(OutboxMessage.objects.values_list("pk", flat=True))
    released = client.post(
        "/api/outbox/release", {"organization_id": world.committee.pk, "message_ids": ids}, content_type=JSON
    )
    assert released.json() == {"released": 2}
    assert sorted(m.to[0] for m in mail.outbox) == ["thang@example.vn", "tuan@example.vn"]
    assert set(OutboxMessage.objects.values_list("status", flat=True)) == {"sent"}


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("member", 403),
        ("cell_secretary", 403),
        ("committee_member", 403),
        ("supervisor", 404),
        ("outsider", 404),
    ],
)
def test_api_forbidden_to_withdraw_and_disseminate(client, world, term, role, status):
    document = issued(world.committee, term, world.users["secretary"].member)
    sent_to_subtree(document)
    api = login(client, world, role)
    response = api.post(
        f"/api/documents/{document.pk}/disseminations", {"audience": "subtree"}, content_type=JSON
    )
    assert response.status_code == status
    response = api.post(f"/api/documents/{document.pk}/withdraw", {"reason": "x"}, content_type=JSON)
    assert response.status_code == status
    document.refresh_from_db()
    assert document.state == "issued"

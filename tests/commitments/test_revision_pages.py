from datetime import date

import pytest
from django.urls import reverse

from chuyende.commitments.interfaces.revisions import FieldChange, revision_changes
from chuyende.commitments.models import Commitment
from chuyende.papers.domain import manifestations_by_code
from tests.world import build_world

from .helpers import commitment, item, resolution

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    w = build_world()
    w.basis = resolution(w.committee)
    w.approved = commitment(w.cell_a, w.member_a, basis=w.basis,
                            items=[item(date(2025, 6, 30), responsible=w.member_a),
                                   item(date(2025, 8, 31), text="Chưa nghiên cứu nghị quyết")])  # fmt: skip
    w.draft = commitment(w.cell_a, w.member_a, basis=w.basis, approve=False, actor=w.users["member"])
    return w


def _form(commitment, version, **fields):
    data = {"rows": str(commitment.items.count() + 1), "version": str(version)}
    for n, it in enumerate(commitment.items.order_by("position"), start=1):
        data.update({f"id_{n}": it.pk, f"shortcoming_{n}": it.shortcoming, f"remedy_{n}": it.remedy,
                     f"sign_{n}": it.sign_of_done, f"deadline_{n}": it.deadline.isoformat()})  # fmt: skip
    data.update(fields)
    return data


def test_owner_edits_draft_in_browser(world, client):
    client.force_login(world.users["member"])
    url = reverse("commitment-edit", args=[world.draft.pk])
    assert 'name="version" value="1"' in client.get(url).content.decode()
    response = client.post(url, _form(world.draft, 1, title="Cam kết đã sửa", shortcoming_1="Ngại va chạm, nể nang",
                                      shortcoming_2="Thêm nội dung mới", remedy_2="Tự học",
                                      sign_2="Bài thu hoạch", deadline_2="2030-12-31"))  # fmt: skip
    assert response.status_code == 302
    world.draft.refresh_from_db()
    assert (world.draft.title, world.draft.version) == ("Cam kết đã sửa", 2)
    assert list(world.draft.items.order_by("position").values_list("shortcoming", "responsible")) == [
        ("Ngại va chạm, nể nang", None), ("Thêm nội dung mới", world.member_a.pk)]  # fmt: skip


def test_stale_draft_version_refused_and_input_kept(world, client):
    client.force_login(world.users["member"])
    url = reverse("commitment-edit", args=[world.draft.pk])
    client.post(url, _form(world.draft, 1, title="Lần sửa thứ nhất"))
    response = client.post(
        url, _form(world.draft, 1, title="Lần sửa cũ", shortcoming_1="Nội dung tôi vừa gõ")
    )
    page = response.content.decode()
    assert response.status_code == 409
    assert "Cam kết vừa được người khác sửa; hãy tải lại trang." in page
    assert 'value="Lần sửa cũ"' in page and ">Nội dung tôi vừa gõ</textarea>" in page
    world.draft.refresh_from_db()
    assert (world.draft.title, world.draft.version) == ("Lần sửa thứ nhất", 2)


def test_secretary_revises_approved_with_reason_and_diff_listed(world, client):
    client.force_login(world.users["cell_secretary"])
    url = reverse("commitment-edit", args=[world.approved.pk])
    ct5 = manifestations_by_code(["CT5"])[0]
    form = _form(world.approved, 1, deadline_1="2030-09-30", tags_1=[str(ct5.pk)], shortcoming_2="",
                 shortcoming_3="Chưa gương mẫu", remedy_3="Đi đầu", sign_3="Được ghi nhận", deadline_3="2030-11-30")  # fmt: skip
    missing = client.post(url, form)
    assert missing.status_code == 400
    assert "Cần ghi lý do điều chỉnh." in missing.content.decode()
    assert 'value="2030-11-30"' in missing.content.decode()
    assert client.post(url, {**form, "reason": "Lùi thời hạn theo kế hoạch mới"}).status_code == 302
    world.approved.refresh_from_db()
    assert world.approved.version == 2
    revision = world.approved.revisions.get()
    assert (revision.from_version, revision.reason) == (1, "Lùi thời hạn theo kế hoạch mới")
    assert [row["withdrawn"] for row in revision.before] == [False, False]
    page = client.get(reverse("commitment-detail", args=[world.approved.pk])).content.decode()
    assert "<del>30/06/2025</del> → <ins>30/09/2030</ins>" in page
    assert "<del>—</del> → <ins>CT5</ins>" in page
    assert "<b>Rút:</b> Chưa nghiên cứu nghị quyết" in page
    assert "<b>Thêm:</b> Chưa gương mẫu" in page
    assert "Lùi thời hạn theo kế hoạch mới" in page


def test_stale_revision_refused(world, client):
    client.force_login(world.users["cell_secretary"])
    url = reverse("commitment-edit", args=[world.approved.pk])
    form = _form(world.approved, 1, reason="Điều chỉnh")
    assert client.post(url, form).status_code == 302
    response = client.post(url, {**form, "reason": "Điều chỉnh lần nữa"})
    assert response.status_code == 409
    assert "Cam kết vừa được người khác điều chỉnh; hãy tải lại trang." in response.content.decode()
    assert ">Điều chỉnh lần nữa</textarea>" in response.content.decode()
    assert world.approved.revisions.count() == 1


@pytest.mark.parametrize(
    ("role", "status"),
    [("member", 403), ("supervisor", 403), ("committee_member", 403), ("outsider", 404), ("nobody", 404)],
)
def test_who_may_not_revise_an_approved_commitment(world, client, role, status):
    client.force_login(world.users[role])
    url = reverse("commitment-edit", args=[world.approved.pk])
    assert client.get(url).status_code == status
    client.post(url, _form(world.approved, 1, reason="Sửa trộm", shortcoming_1="Đổi"))
    assert Commitment.objects.get(pk=world.approved.pk).version == 1


def test_cell_secretary_may_not_edit_a_members_draft(world, client):
    client.force_login(world.users["cell_secretary"])
    assert client.get(reverse("commitment-edit", args=[world.draft.pk])).status_code == 403


def test_revision_changes_field_by_field():
    before = [{"id": 1, "shortcoming": "A", "deadline": "2025-06-30", "responsible": 7, "manifestation_codes": []},
              {"id": 2, "shortcoming": "B", "deadline": "2025-06-30", "withdrawn": False}]  # fmt: skip
    after = [{"id": 1, "shortcoming": "A", "deadline": "2025-07-31", "responsible": 8, "manifestation_codes": ["CT5"]},
             {"id": 2, "shortcoming": "B", "deadline": "2025-06-30", "withdrawn": True},
             {"id": 3, "shortcoming": "C", "deadline": "2025-06-30", "withdrawn": False}]  # fmt: skip
    changes = revision_changes(before, after, {7: "Võ Minh Tuấn", 8: "Huỳnh Thị Ngọc Ánh"})
    assert [(c.kind, c.shortcoming) for c in changes] == [
        ("changed", "A"),
        ("withdrawn", "B"),
        ("added", "C"),
    ]
    assert changes[0].fields == [
        FieldChange("Biểu hiện", "—", "CT5"),
        FieldChange("Thời hạn", "30/06/2025", "31/07/2025"),
        FieldChange("Người chịu trách nhiệm", "Võ Minh Tuấn", "Huỳnh Thị Ngọc Ánh"),
    ]


def test_detail_and_edit_pages_query_count_at_1_and_3_items(world, client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(world.users["cell_secretary"])
    tagged = manifestations_by_code(["CT5", "CT8"])

    def measure(made):
        counts = []
        for name in ("commitment-detail", "commitment-edit"):
            with CaptureQueriesContext(connection) as queries:
                assert client.get(reverse(name, args=[made.pk])).status_code == 200
            counts.append(len(queries))
        return counts

    one = commitment(world.cell_a, world.member_a2, basis=world.basis, items=[item(manifestations=tagged)])
    three = commitment(world.cell_a, world.member_a2, basis=world.basis,
                       items=[item(manifestations=tagged) for _n in range(3)])  # fmt: skip
    for made in (one, three):
        first = made.items.first()
        client.post(reverse("commitment-edit", args=[made.pk]),
                    _form(made, made.version, reason="Điều chỉnh", **{"shortcoming_1": first.shortcoming + "."}))  # fmt: skip
    assert one.revisions.count() == three.revisions.count() == 1
    assert measure(one) == measure(three)

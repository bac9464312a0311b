from datetime import date
from importlib import import_module

import pytest
from django.apps import apps
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse

from chuyende.commitments.domain import manifestation_counts, revise_commitment
from chuyende.commitments.enums import CommitmentState
from chuyende.commitments.models import Commitment, CommitmentItem
from chuyende.common.actors import SYSTEM
from chuyende.common.errors import DomainError
from chuyende.papers.domain import manifestations_by_code
from chuyende.papers.models import Manifestation
from tests.documents.helpers import ensure_document_types
from tests.world import build_world

from .helpers import commitment, item, resolution

pytestmark = pytest.mark.django_db


def tags(*codes):
    return manifestations_by_code(codes)


@pytest.fixture
def world():
    w = build_world()
    w.basis = resolution(w.committee)
    return w


def test_item_tags_saved_and_kept_in_revision_snapshot(world):
    made = commitment(
        world.cell_a, world.member_a, basis=world.basis, items=[item(manifestations=tags("CT5", "CT2"))]
    )
    it = made.items.get()
    assert sorted(it.manifestations.values_list("code", flat=True)) == ["CT2", "CT5"]
    revision = revise_commitment(actor=SYSTEM, commitment=made, reason="Bổ sung biểu hiện", version=made.version,
                                 items=[item(id=it.pk, manifestations=tags("CT8"))])  # fmt: skip
    assert revision.before[0]["manifestation_codes"] == ["CT2", "CT5"]
    assert revision.after[0]["manifestation_codes"] == ["CT8"]


def test_unknown_code_refused_in_vietnamese(world):
    with pytest.raises(DomainError) as error:
        manifestations_by_code(["CT5", "ZZ1"])
    assert error.value.message == "Có mã biểu hiện không tồn tại: ZZ1."


def test_commitment_counts_subtree_one_aggregate_query(world, django_assert_num_queries):
    commitment(world.cell_a, world.member_a, basis=world.basis,
               items=[item(manifestations=tags("CT5", "CT8")), item(manifestations=tags("CT5"))])  # fmt: skip
    commitment(world.cell_b, world.member_b, basis=world.basis, items=[item(manifestations=tags("CT5"))])
    commitment(world.cell_a, world.member_a2, basis=world.basis, items=[item(manifestations=tags("CT5"))],
               approve=False)  # drafts do not count  # fmt: skip
    commitment(world.cell_x, world.member_x, basis=resolution(world.other_committee),
               items=[item(manifestations=tags("CT5"))])  # other committee  # fmt: skip
    withdrawn = commitment(world.cell_b, None, basis=world.basis, items=[item(manifestations=tags("DD1"))])
    revise_commitment(
        actor=SYSTEM,
        commitment=withdrawn,
        items=[item()],
        reason="Rút",
        version=withdrawn.version,
        confirm_past_deadlines=True,
    )
    with django_assert_num_queries(3):  # tag set, counts, manifestations — as for papers
        counts = {c.manifestation.code: c for c in manifestation_counts(world.committee)}
    assert len(counts) == 27
    assert counts["CT5"].total == 3
    assert counts["CT5"].by_cell == {world.cell_a.pk: 2, world.cell_b.pk: 1}
    assert (counts["CT8"].total, counts["DD1"].total, counts["CT1"].total) == (1, 0, 0)
    assert manifestation_counts(world.superior)[4].total == 4


def test_statistics_page_commitments_only_for_overseers(world, client):
    commitment(world.cell_a, world.member_a, basis=world.basis, items=[item(manifestations=tags("CT5"))])
    client.force_login(world.users["secretary"])
    page = client.get(reverse("paper-stats", args=[world.committee.pk])).content.decode()
    assert 'data-commitments="1"' in page
    assert "Trong cam kết khắc phục (nội dung đã phê duyệt)" in page
    client.force_login(world.users["member"])  # may see the papers' statistics of their cell, not this
    page = client.get(reverse("paper-stats", args=[world.cell_a.pk]))
    assert page.status_code == 200
    assert "data-commitments" not in page.content.decode()


def test_form_tag_picker_grouped_and_tags_shown(world, client):
    client.force_login(world.users["member"])
    form = client.get(reverse("commitment-create")).content.decode()
    assert form.count('<fieldset class="tag-group">') == 3 * 3  # three groups on each of three rows
    ct5 = Manifestation.objects.get(code="CT5")
    response = client.post(reverse("commitment-create"), {
        "title": "Cam kết 2025", "resolution": world.basis.pk, "rows": "3", "shortcoming_1": "Ngại va chạm",
        "remedy_1": "Góp ý thẳng thắn", "sign_1": "3 kỳ", "deadline_1": "2025-09-30", "tags_1": [str(ct5.pk)],
        "confirm_warnings": "1",
    })  # fmt: skip
    made = Commitment.objects.get(owner_member=world.member_a)
    assert response.status_code == 302
    assert list(made.items.get().manifestations.values_list("code", flat=True)) == ["CT5"]
    detail = client.get(reverse("commitment-detail", args=[made.pk])).content.decode()
    assert "CT5. Nể nang, né tránh, ngại va chạm trong tự phê bình và phê bình" in detail


def test_form_refused_keeps_what_was_typed(world, client):
    client.force_login(world.users["member"])
    response = client.post(reverse("commitment-create"), {
        "title": "Cam kết 2025", "resolution": world.basis.pk, "rows": "3", "shortcoming_1": "Ngại va chạm",
        "remedy_1": "", "sign_1": "3 kỳ", "deadline_1": "2025-09-30",
    })  # fmt: skip
    page = response.content.decode()
    assert response.status_code == 400
    assert "Nội dung 1: cần ghi hạn chế, biện pháp khắc phục và kết quả đo được." in page
    assert ">Ngại va chạm</textarea>" in page
    assert not Commitment.objects.filter(owner_member=world.member_a).exists()


@pytest.mark.django_db(transaction=True)
def test_data_migration_maps_codes_to_tags():
    import_module("chuyende.papers.migrations.0002_load_manifestations").load(apps, None)
    ensure_document_types()
    w = build_world()
    made = commitment(
        w.cell_a, w.member_a, basis=resolution(w.committee), items=[item(), item(date(2025, 9, 1))]
    )
    first, second = made.items.order_by("position")
    executor = MigrationExecutor(connection)
    before = [("commitments", "0002_item_manifestations")]
    try:
        executor.migrate(before)
        old = executor.loader.project_state(before).apps.get_model("commitments", "CommitmentItem")
        old.objects.filter(pk=first.pk).update(manifestation_codes=["CT5", "CT8", "CT5", "ZZ9"])
        old.objects.filter(pk=second.pk).update(manifestation_codes=[])
        executor = MigrationExecutor(connection)
        executor.migrate([("commitments", "0003_map_manifestation_codes")])
    finally:
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes("commitments"))
    assert sorted(CommitmentItem.objects.get(pk=first.pk).manifestations.values_list("code", flat=True)) == [
        "CT5", "CT8"]  # fmt: skip
    assert CommitmentItem.objects.get(pk=second.pk).manifestations.count() == 0
    assert made.state == CommitmentState.APPROVED


def test_api_items_tagged_by_code(world, client):
    client.force_login(world.users["member"])
    payload = {"title": "Cam kết", "resolution_id": world.basis.pk,
               "items": [{"shortcoming": "Ngại va chạm", "remedy": "Góp ý", "sign_of_done": "3 kỳ",
                          "deadline": "2025-09-30", "manifestation_codes": ["CT8", "CT5"]}],
               "confirm_past_deadlines": True}  # fmt: skip
    created = client.post("/api/commitments/", payload, content_type="application/json")
    assert created.status_code == 201, created.content
    assert created.json()["items"][0]["manifestation_codes"] == ["CT5", "CT8"]
    payload["items"][0]["manifestation_codes"] = ["CT5", "XX1"]
    refused = client.post("/api/commitments/", payload, content_type="application/json")
    assert refused.status_code == 400
    assert refused.json() == {"detail": "Có mã biểu hiện không tồn tại: XX1."}
    assert Commitment.objects.filter(owner_member=world.member_a).count() == 1


def test_api_list_query_count_does_not_grow_with_tags(world, client, django_assert_num_queries):
    client.force_login(world.users["cell_secretary"])
    commitment(world.cell_a, world.member_a, basis=world.basis, items=[item(manifestations=tags("CT5"))])
    with django_assert_num_queries(7) as first:
        assert len(client.get("/api/commitments/").json()) == 1
    for _n in range(2):
        commitment(world.cell_a, world.member_a, basis=world.basis,
                   items=[item(manifestations=tags("CT5", "CT8")), item(manifestations=tags("DD1"))])  # fmt: skip
    with django_assert_num_queries(len(first.captured_queries)):
        assert len(client.get("/api/commitments/").json()) == 3

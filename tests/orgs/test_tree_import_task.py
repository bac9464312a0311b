"""The tree import applies as a task: chunks in depth order, progress, resumable after a crash,
one audit entry per organization; the preview loads what it needs in bulk; the page and the API
show the progress and stay closed to those who may not import."""

import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import Workbook

from chuyende.common import audit
from chuyende.common.errors import DomainError
from chuyende.common.models import AuditEntry
from chuyende.orgs.domain import tree_import as tree_import_module
from chuyende.orgs.domain.tree_import import (
    apply_organization_import,
    apply_organization_import_task,
    preview_organization_import,
    start_organization_import,
)
from chuyende.orgs.models import Organization, OrganizationImport
from tests.world import build_world

pytestmark = pytest.mark.django_db

HEADER = ["Tên tổ chức", "Loại", "Cấp trên", "Mã"]


@pytest.fixture
def world():
    return build_world()


def _xlsx(rows):
    workbook = Workbook()
    for row in rows:
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _tree(committees: int, cells: int, prefix: str = "T") -> list[list[str]]:
    """`committees` committees under the place, each with `cells` cells; half the cells have a
    code, the other half are matched by name under their parent."""
    rows = [HEADER]
    for c in range(committees):
        code = f"{prefix}-DB{c}"
        rows.append([f"Đảng bộ bộ phận {prefix} {c}", "Đảng bộ", "", code])
        for k in range(cells):
            rows.append([f"Chi bộ {prefix} {c}.{k}", "Chi bộ", code, f"{prefix}-CB{c}-{k}" if k % 2 else ""])
    return rows


def _preview(actor, rows, place):
    return preview_organization_import(actor=actor, place=place, file_name="cay.xlsx", content=_xlsx(rows))


def test_start_queues_the_task_and_progress_reaches_100(world, django_capture_on_commit_callbacks):
    clerk = world.users["clerk"]
    preview = _preview(clerk, _tree(2, 3), world.committee)
    assert preview.summary["counts"]["create"] == 8
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        started = start_organization_import(actor=clerk, tree_import=preview)
    assert (started.status, started.progress, started.applied_by) == ("applying", 0, clerk)
    assert not Organization.objects.filter(code="T-DB0").exists()  # queued, not yet run
    again = start_organization_import(actor=clerk, tree_import=preview)  # a double click
    assert again.status == "applying"
    for callback in callbacks:
        callback()
    preview.refresh_from_db()
    assert (preview.status, preview.progress, preview.error) == ("applied", 100, "")
    assert Organization.objects.get(code="T-CB1-1").parent.code == "T-DB1"
    actions = list(AuditEntry.objects.values_list("action", flat=True))
    assert actions.count("organization_import.start") == 1
    assert actions.count("organization_import.apply") == 1
    new_ids = {
        str(pk) for pk in Organization.objects.filter(name__contains=" T ").values_list("pk", flat=True)
    }
    created = AuditEntry.objects.filter(action="organization.create", object_id__in=new_ids)
    assert len(new_ids) == created.count() == 8


def test_a_killed_worker_rerun_finishes_the_rest_and_creates_nothing_twice(world, monkeypatch):
    clerk = world.users["clerk"]
    monkeypatch.setattr(tree_import_module, "APPLY_CHUNK", 4)
    rows = _tree(3, 5)  # 3 committees + 15 cells = 18 rows, 5 chunks
    preview = _preview(clerk, rows, world.committee)
    before = Organization.objects.count()

    class Killed(BaseException):  # a killed worker: no chance to record a failure
        pass

    real_create = tree_import_module.write_organizations
    calls = {"n": 0}

    def dying_create(**kwargs):
        calls["n"] += 1
        # Called once per depth in a chunk: the committees and a cell, then four cells, then the
        # third chunk — two chunks are committed.
        if calls["n"] == 4:
            raise Killed
        return real_create(**kwargs)

    monkeypatch.setattr(tree_import_module, "write_organizations", dying_create)
    OrganizationImport.objects.filter(pk=preview.pk).update(status="applying", applied_by=clerk)
    with pytest.raises(Killed):
        apply_organization_import_task.call(preview.pk)  # what the worker process runs
    preview.refresh_from_db()
    assert preview.status == "applying"
    assert 1 < preview.progress < 100  # the page showed how far it got
    assert Organization.objects.count() == before + 8  # two chunks of four, the third rolled back

    monkeypatch.setattr(tree_import_module, "write_organizations", real_create)
    apply_organization_import_task.enqueue(preview.pk)  # the queue runs the task again
    preview.refresh_from_db()
    assert (preview.status, preview.progress) == ("applied", 100)
    assert Organization.objects.count() == before + 18
    names = list(Organization.objects.filter(name__startswith="Chi bộ T ").values_list("name", flat=True))
    assert len(names) == len(set(names)) == 15
    new_ids = {
        str(pk) for pk in Organization.objects.filter(name__contains=" T ").values_list("pk", flat=True)
    }
    created = list(
        AuditEntry.objects.filter(action="organization.create", object_id__in=new_ids).values_list(
            "object_id", flat=True
        )
    )
    assert len(created) == len(set(created)) == len(new_ids) == 18  # audited once per organization


def test_a_failure_is_shown_in_vietnamese_and_may_be_started_again(world, monkeypatch):
    clerk = world.users["clerk"]
    monkeypatch.setattr(tree_import_module, "APPLY_CHUNK", 2)
    preview = _preview(clerk, _tree(1, 3), world.committee)
    real_create = tree_import_module.write_organizations
    calls = {"n": 0}

    def failing_create(**kwargs):
        calls["n"] += 1
        if calls["n"] == 3:  # the second chunk (the first wrote its committee, then its cell)
            raise RuntimeError("database is locked")
        return real_create(**kwargs)

    monkeypatch.setattr(tree_import_module, "write_organizations", failing_create)
    with pytest.raises(RuntimeError):
        start_organization_import(actor=clerk, tree_import=preview)
        apply_organization_import(actor=clerk, tree_import=preview)
    preview.refresh_from_db()
    assert preview.status == "failed"
    assert preview.error.startswith("Nhập bị gián đoạn do lỗi hệ thống.")
    assert "locked" not in preview.error
    monkeypatch.setattr(tree_import_module, "write_organizations", real_create)
    start_organization_import(actor=clerk, tree_import=preview)
    apply_organization_import_task.enqueue(preview.pk)
    preview.refresh_from_db()
    assert preview.status == "applied"
    assert Organization.objects.filter(name__startswith="Chi bộ T 0.").count() == 3


def test_start_is_refused_with_errors_and_to_those_who_may_not_import(world):
    clerk = world.users["clerk"]
    broken = _preview(clerk, [*_tree(1, 1), ["Tổ Đảng", "Tổ", "", ""]], world.committee)
    with pytest.raises(DomainError, match="Còn 1 dòng lỗi"):
        start_organization_import(actor=clerk, tree_import=broken)
    preview = _preview(clerk, _tree(1, 1), world.committee)
    for role in ("cell_secretary", "member", "supervisor"):
        with pytest.raises(DomainError):
            start_organization_import(actor=world.users[role], tree_import=preview)
    preview.refresh_from_db()
    assert preview.status == "previewed"


def _queries_for_preview(actor, place, rows) -> int:
    with CaptureQueriesContext(connection) as captured:
        _preview(actor, rows, place)
    return len(captured.captured_queries)


def test_preview_queries_do_not_grow_with_rows(world, django_capture_on_commit_callbacks):
    clerk = world.users["clerk"]
    # An existing tree to match against: committees and cells already there (re-import = updates
    # and unchanged rows, siblings looked up by name, codes by code).
    with django_capture_on_commit_callbacks(execute=True):
        start_organization_import(
            actor=clerk, tree_import=_preview(clerk, _tree(10, 10, "E"), world.committee)
        )
    assert Organization.objects.filter(code="E-DB9").exists()

    def rows(committees):
        existing = _tree(committees, 10, "E")
        new = _tree(committees, 4, "N")[1:]
        elsewhere = [[f"Chi bộ khác {i}", "Chi bộ", "", f"X{i}"] for i in range(committees)]
        return [*existing, *new, *elsewhere]

    Organization.objects.filter(pk=world.other_committee.pk).update(code="X0")  # a code outside
    small = _queries_for_preview(clerk, world.committee, rows(2))
    large = _queries_for_preview(clerk, world.committee, rows(10))
    assert large == small, (small, large)
    assert large <= 20


def test_progress_page_api_and_forbidden_paths(client, world):
    clerk = world.users["clerk"]
    preview = _preview(clerk, _tree(1, 2), world.committee)
    OrganizationImport.objects.filter(pk=preview.pk).update(status="applying", progress=40)
    page_url = reverse("org-import-preview", args=[preview.pk])
    progress_url = reverse("org-import-progress", args=[preview.pk])
    api_url = f"/api/organization-imports/{preview.pk}"

    client.force_login(clerk)
    page = client.get(page_url)  # without JS: reloading the page shows the progress
    assert "Đang nhập — 40%" in page.text and 'value="40"' in page.text
    assert f'hx-get="{progress_url}"' in page.text
    assert "Xác nhận nhập" not in page.text
    fragment = client.get(progress_url)
    assert fragment.status_code == 200 and "Đang nhập — 40%" in fragment.text
    assert "<html" not in fragment.text
    body = client.get(api_url).json()
    assert (body["status"], body["progress"], body["error"]) == ("applying", 40, "")
    assert client.post(page_url).status_code == 302  # already running: nothing is started twice
    assert AuditEntry.objects.filter(action="organization_import.start").count() == 0

    OrganizationImport.objects.filter(pk=preview.pk).update(status="failed", error="Lỗi thử.")
    failed = client.get(progress_url)
    assert "Nhập không thành công: Lỗi thử." in failed.text and "Nhập lại" in failed.text

    for role in ("cell_secretary", "member"):
        client.force_login(world.users[role])
        assert client.get(page_url).status_code == 404
        assert client.get(progress_url).status_code == 404
        assert client.post(page_url).status_code == 404
        assert client.get(api_url).status_code == 404
        assert client.post(f"{api_url}/apply").status_code == 404
    client.logout()
    assert client.get(progress_url)["Location"].startswith("/dang-nhap/")
    assert client.post(page_url)["Location"].startswith("/dang-nhap/")
    assert client.get(api_url).status_code in (401, 403)
    assert client.post(f"{api_url}/apply").status_code in (401, 403)
    preview.refresh_from_db()
    assert preview.status == "failed"
    assert not Organization.objects.filter(code="T-DB0").exists()


def test_member_preview_queries_do_not_grow_with_rows(world):
    from chuyende.orgs.domain import preview_member_import

    clerk = world.users["clerk"]

    def queries(count):
        rows = [["Họ và tên", "Chi bộ", "Số thẻ đảng viên"]]
        rows += [[f"Đảng viên {i}", world.cell_a.name, f"7{count:04d}{i:05d}"] for i in range(count)]
        rows.append(["Huỳnh Thị Ngọc Ánh", world.cell_a.name, ""])  # an existing member: unchanged
        with CaptureQueriesContext(connection) as captured:
            preview_member_import(
                actor=clerk, organization=world.committee, file_name="ds.xlsx", content=_xlsx(rows)
            )
        return len(captured.captured_queries)

    queries(5)  # the first preview also starts the place's audit chain
    assert queries(10) == queries(200)


def _apply_queries(actor, place, rows) -> int:
    preview = _preview(actor, rows, place)
    with CaptureQueriesContext(connection) as captured:
        applied = apply_organization_import(actor=actor, tree_import=preview)
    assert applied.status == "applied", applied.error
    return len(captured.captured_queries)


def test_apply_queries_do_not_grow_with_rows(world):
    """A chunk is written a depth at a time in a few queries, with its audit entries in one go:
    new committees and cells, and committees renamed (updates), cost the same for 2 or 8."""
    clerk = world.users["clerk"]
    _apply_queries(clerk, world.committee, _tree(8, 2, "E"))  # committees to rename

    def rows(committees, prefix):
        renamed = [
            [f"Đảng bộ bộ phận E {c} mới {prefix}", "Đảng bộ", "", f"E-DB{c}"] for c in range(committees)
        ]
        return [HEADER, *renamed, *_tree(committees, 3, prefix)[1:]]

    small = _apply_queries(clerk, world.committee, rows(2, "S"))
    large = _apply_queries(clerk, world.committee, rows(8, "L"))
    assert large == small, (small, large)
    assert large <= 35
    assert Organization.objects.get(code="E-DB7").name == "Đảng bộ bộ phận E 7 mới L"
    assert Organization.objects.get(code="L-CB7-1").parent.code == "L-DB7"
    renames = AuditEntry.objects.filter(
        action="organization.update", object_id=str(Organization.objects.get(code="E-DB1").pk)
    )
    assert [entry.changes for entry in renames.order_by("seq")] == [
        {"name": ["Đảng bộ bộ phận E 1", "Đảng bộ bộ phận E 1 mới S"]},
        {"name": ["Đảng bộ bộ phận E 1 mới S", "Đảng bộ bộ phận E 1 mới L"]},
    ]
    new_ids = {
        str(pk) for pk in Organization.objects.filter(name__contains=" L ").values_list("pk", flat=True)
    }
    created = AuditEntry.objects.filter(action="organization.create", object_id__in=new_ids)
    assert created.count() == len(new_ids) == 8 * 4
    assert audit.verify()[1] == []


def test_a_row_refused_while_writing_is_reported_with_its_line(world, monkeypatch):
    """A code taken after the plan was made (someone else, at the same moment): the chunk with
    that row writes nothing, the run fails naming the row's line, the chunks before it stay."""
    clerk = world.users["clerk"]
    monkeypatch.setattr(tree_import_module, "APPLY_CHUNK", 3)
    preview = _preview(clerk, _tree(1, 4), world.committee)  # lines 2-6: the committee, then 4 cells
    real_plan = tree_import_module._plan

    def plan_then_someone_takes_a_code(place, actor, rows):
        planned = real_plan(place, actor, rows)
        Organization.objects.filter(pk=world.cell_x.pk).update(code="T-CB0-3")
        return planned

    monkeypatch.setattr(tree_import_module, "_plan", plan_then_someone_takes_a_code)
    message = f"Dòng 6: Mã “T-CB0-3” đã được dùng cho {world.cell_x.name}."
    with pytest.raises(DomainError, match=message):
        apply_organization_import(actor=clerk, tree_import=preview)
    preview.refresh_from_db()
    assert (preview.status, preview.error) == ("failed", message)
    written = set(Organization.objects.filter(name__contains=" T ").values_list("name", flat=True))
    assert written == {"Đảng bộ bộ phận T 0", "Chi bộ T 0.0", "Chi bộ T 0.1"}  # the first chunk

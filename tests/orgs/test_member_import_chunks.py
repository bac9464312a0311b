"""The member import writes a chunk in a few queries whatever its size, keeps one audit entry per
change in a valid chain, reports a row refused while writing with its line, and a run cut off
by a killed worker finishes the rest when it runs again."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from chuyende.common import audit
from chuyende.common.models import AuditEntry
from chuyende.orgs.domain import apply_member_import, preview_member_import
from chuyende.orgs.domain import imports as imports_module
from chuyende.orgs.domain.imports import apply_member_import_task
from chuyende.orgs.models import Member, MemberImport
from tests.world import build_world

pytestmark = pytest.mark.django_db

HEADER = "Họ và tên,Chi bộ,Số thẻ đảng viên,Loại đảng viên,Email\n"


@pytest.fixture
def world():
    return build_world()


def _csv(world, count: int, prefix: str) -> bytes:
    """`count` new members over the two cells of the committee, then two namesakes (one user
    name each) and two existing members: one changed (an e-mail) who has a login, one unchanged who has none yet."""
    rows = [
        f"Đảng viên {prefix} {i},{(world.cell_a if i % 2 else world.cell_b).name},{prefix}{i:05d},"
        f"{'Dự bị' if i % 3 == 0 else 'Chính thức'},dv{prefix}{i}@example.vn\n"
        for i in range(count)
    ]
    rows += [f"Lê Văn Nam,{world.cell_b.name},{prefix}9999{k},Chính thức,\n" for k in (1, 2)]
    rows.append(f"Huỳnh Thị Ngọc Ánh,{world.cell_a.name},,Chính thức,anh.moi@example.vn\n")
    rows.append(f"Đoàn Văn Thắng,{world.cell_b.name},,Chính thức,thang@example.vn\n")
    return (HEADER + "".join(rows)).encode()


def _apply_queries(world, count: int, prefix: str) -> int:
    clerk = world.users["clerk"]
    Member.objects.filter(pk=world.member_a.pk).update(email="anh@example.vn")  # changed again
    preview = preview_member_import(
        actor=clerk, organization=world.committee, file_name="ds.csv", content=_csv(world, count, prefix)
    )
    assert preview.summary["counts"]["create"] == count + 2
    with CaptureQueriesContext(connection) as captured:
        applied = apply_member_import(actor=clerk, member_import=preview)
    assert applied.status == MemberImport.Status.APPLIED
    return len(captured.captured_queries)


def test_apply_queries_do_not_grow_with_rows(world):
    _apply_queries(world, 3, "71")  # the first apply also gives the existing members their login
    small = _apply_queries(world, 10, "72")
    large = _apply_queries(world, 40, "73")
    assert large == small, (small, large)
    assert large <= 30
    # Every member of the files has a login; namesakes are numbered, in the same chunk too.
    in_files = Member.objects.filter(full_name__startswith="Đảng viên ") | Member.objects.filter(
        pk__in=[world.member_a.pk, world.member_b.pk]
    )
    assert not in_files.filter(user__isnull=True).exists()
    namesakes = (
        Member.objects.filter(full_name="Lê Văn Nam").order_by("pk").values_list("user__username", flat=True)
    )
    assert list(namesakes) == ["namlv", *(f"namlv{n}" for n in range(2, 7))]


def test_one_audit_entry_per_change_and_the_chain_stays_valid(world):
    clerk = world.users["clerk"]
    audit.record("test.before", world.committee, actor=clerk, partition="org:" + world.committee.path)
    preview = preview_member_import(
        actor=clerk, organization=world.committee, file_name="ds.csv", content=_csv(world, 6, "74")
    )
    apply_member_import(actor=clerk, member_import=preview)
    new = Member.objects.filter(full_name__startswith="Đảng viên 74 ")
    new_ids = {str(pk) for pk in new.values_list("pk", flat=True)}
    creates = AuditEntry.objects.filter(action="member.create", object_id__in=new_ids)
    logins = AuditEntry.objects.filter(action="account.create", object_id__in=new_ids)
    assert creates.count() == logins.count() == len(new_ids) == 6
    update = AuditEntry.objects.get(action="member.update", object_id=str(world.member_a.pk))
    assert update.changes == {"email": ["anh@example.vn", "anh.moi@example.vn"]}
    assert not AuditEntry.objects.filter(action="account.create", object_id=str(world.member_a.pk)).exists()
    assert not AuditEntry.objects.filter(action="member.update", object_id=str(world.member_b.pk)).exists()
    assert AuditEntry.objects.filter(action="account.create", object_id=str(world.member_b.pk)).count() == 1
    # Per row, the member's entry comes right before its login's.
    first = new.order_by("pk").first()
    create = creates.get(object_id=str(first.pk))
    assert logins.get(object_id=str(first.pk)).seq == create.seq + 1
    audit.record("test.after", world.committee, actor=clerk, partition="org:" + world.committee.path)
    checked, problems = audit.verify()
    assert checked > 14 and problems == []


def test_a_row_refused_while_writing_is_reported_with_its_line(world, monkeypatch):
    """A card number taken after the plan was made (another office, at the same moment): the
    chunk with that row writes nothing, the run fails with the row's line, the chunks before it
    stay, and a new file without the row applies the rest."""
    clerk = world.users["clerk"]
    monkeypatch.setattr(imports_module, "APPLY_CHUNK", 3)
    content = _csv(world, 7, "75")  # 11 rows: chunks of lines 2-4, 5-7, 8-10, 11-12
    preview = preview_member_import(
        actor=clerk, organization=world.committee, file_name="ds.csv", content=content
    )
    real_plan = imports_module._plan

    def plan_then_someone_takes_a_number(organization, rows):
        planned = real_plan(organization, rows)
        Member.objects.create(cell=world.cell_x, full_name="Người khác", party_card_number="7500004")
        return planned

    monkeypatch.setattr(imports_module, "_plan", plan_then_someone_takes_a_number)
    with pytest.raises(Exception, match="Dòng 6: Số thẻ đảng viên 7500004 đã có trong hệ thống."):
        apply_member_import(actor=clerk, member_import=preview)
    preview.refresh_from_db()
    assert preview.status == MemberImport.Status.FAILED
    assert preview.error == "Dòng 6: Số thẻ đảng viên 7500004 đã có trong hệ thống."
    assert 1 <= preview.progress < 100
    written = set(
        Member.objects.filter(full_name__startswith="Đảng viên 75 ").values_list("full_name", flat=True)
    )
    assert written == {"Đảng viên 75 0", "Đảng viên 75 1", "Đảng viên 75 2"}  # the first chunk only
    assert Member.objects.get(full_name="Đảng viên 75 0").user is not None


def test_a_killed_worker_rerun_finishes_the_rest_and_writes_nothing_twice(world, monkeypatch):
    clerk = world.users["clerk"]
    monkeypatch.setattr(imports_module, "APPLY_CHUNK", 4)
    preview = preview_member_import(
        actor=clerk, organization=world.committee, file_name="ds.csv", content=_csv(world, 10, "76")
    )

    class Killed(BaseException):  # a killed worker: no chance to record a failure
        pass

    real_write = imports_module.write_members
    calls = {"n": 0}

    def dying_write(**kwargs):
        calls["n"] += 1
        if calls["n"] == 2:
            raise Killed
        return real_write(**kwargs)

    monkeypatch.setattr(imports_module, "write_members", dying_write)
    MemberImport.objects.filter(pk=preview.pk).update(status="applying", applied_by=clerk)
    with pytest.raises(Killed):
        apply_member_import_task.call(preview.pk)
    assert Member.objects.filter(full_name__startswith="Đảng viên 76 ").count() == 4
    monkeypatch.setattr(imports_module, "write_members", real_write)
    apply_member_import_task.enqueue(preview.pk)
    preview.refresh_from_db()
    assert (preview.status, preview.progress) == ("applied", 100)
    new_ids = {
        str(pk)
        for pk in Member.objects.filter(full_name__startswith="Đảng viên 76 ").values_list("pk", flat=True)
    }
    assert len(new_ids) == 10
    for action in ("member.create", "account.create"):
        ids = list(
            AuditEntry.objects.filter(action=action, object_id__in=new_ids).values_list(
                "object_id", flat=True
            )
        )
        assert sorted(ids) == sorted(new_ids)  # once per member
    assert audit.verify()[1] == []

"""`create_volume` follows the house rule: who manages the organization (its office), permission
before any validation, audited; the demo creates its volume as the committee's clerk."""

import pytest

from chuyende.archive.domain import create_volume
from chuyende.archive.models import Volume
from chuyende.common.errors import DomainError, NotAllowed
from chuyende.common.models import AuditEntry

pytestmark = pytest.mark.django_db


def _create(world, name, **fields):
    values = {
        "organization": world.committee,
        "title": "Tập tham luận năm 2016",
        "year": 2016,
        "item_keys": [],
    }
    return create_volume(actor=world.users[name], **{**values, **fields})


@pytest.mark.parametrize(
    "name", ["member", "cell_secretary", "supervisor", "committee_member", "outsider", "nobody"]
)
def test_only_the_office_creates_a_volume_and_permission_comes_first(world, name):
    for fields in ({}, {"title": " ", "year": 1, "item_keys": ["document:987654"]}):  # valid, then invalid
        with pytest.raises(NotAllowed, match="Chỉ văn phòng của tổ chức mới lập tập tham luận."):
            _create(world, name, **fields)
    assert not Volume.objects.exists()
    assert not AuditEntry.objects.filter(action="archive.volume_created").exists()


@pytest.mark.parametrize("name", ["clerk", "secretary", "superior_secretary"])
def test_the_office_creates_it_audited_under_its_name(world, name):
    volume = _create(world, name, preface="Lời nói đầu.")
    entry = AuditEntry.objects.get(action="archive.volume_created")
    assert (entry.actor_id, entry.object_id) == (world.users[name].pk, str(volume.pk))
    with pytest.raises(DomainError, match="Không tìm thấy tài liệu document:987654"):
        _create(world, name, item_keys=["document:987654"])
    with pytest.raises(DomainError, match="phải có tên"):
        _create(world, name, title=" ")

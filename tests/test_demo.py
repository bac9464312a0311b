import pytest
from django.contrib.auth import authenticate
from django.core.management import call_command

from chuyende.common import audit
from chuyende.orgs.enums import OrganizationKind, Role
from chuyende.orgs.models import Member, Organization, RoleAssignment

pytestmark = pytest.mark.django_db


def test_demo_tells_the_story_and_is_idempotent(settings):
    call_command("demo")
    counts = (Organization.objects.count(), Member.objects.count(), RoleAssignment.objects.count())
    call_command("demo")
    assert (Organization.objects.count(), Member.objects.count(), RoleAssignment.objects.count()) == counts

    committee = Organization.objects.get(name="Đảng bộ Cơ quan Văn phòng Đoàn ĐBQH và HĐND tỉnh")
    assert committee.parent.name == "Đảng bộ Khối các cơ quan tỉnh"
    cells = sorted(committee.children.filter(kind=OrganizationKind.CELL).values_list("name", flat=True))
    assert cells == [
        "Chi bộ Phòng Công tác ĐBQH",
        "Chi bộ Phòng Nghiệp vụ Kinh tế - Ngân sách",
        "Chi bộ Phòng Nghiệp vụ Pháp chế",
        "Chi bộ Phòng Nghiệp vụ Văn hoá - Xã hội",
        "Chi bộ Phòng Tổng hợp và Thông tin - Dân nguyện",
    ]
    assert Member.objects.filter(cell__parent=committee).count() == 40
    secretary = Member.objects.get(full_name="Nguyễn Đức Thành")
    assert secretary.position == "Phó Chủ tịch HĐND tỉnh"
    assert RoleAssignment.objects.filter(
        user=secretary.user, organization=committee, role=Role.SECRETARY
    ).exists()
    assert audit.verify()[1] == []


@pytest.mark.parametrize("username", ["vanphong", "bithu", "giamsat", "bithu-phapche", "dangvien"])
def test_demo_logins_work_with_the_documented_password(username):
    call_command("demo")
    assert authenticate(username=username, password="chuyende-demo") is not None


def test_demo_if_empty_leaves_existing_data_alone(capsys):
    call_command("demo")
    call_command("demo", "--if-empty")
    assert "demo not loaded" in capsys.readouterr().out

from datetime import date, timedelta

import pytest
from django.utils import timezone

from chuyende.common.errors import DomainError
from chuyende.orgs.domain.signing import signature_block, signers_for
from chuyende.orgs.enums import Role
from tests import factories as f
from tests.world import build_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return build_world()


def _rows(organization, on=None):
    return [
        (b.member.full_name, b.signing_form, b.authority, b.position)
        for b in signers_for(organization, on=on)
    ]


def test_the_secretary_signs_on_behalf_and_a_deputy_for_the_secretary(world):
    deputy = f.user("phobithu", member=f.member(world.cell_b, "Trần Văn Phó"))
    f.role(deputy, world.committee, Role.DEPUTY_SECRETARY)
    assert _rows(world.committee) == [
        ("Nguyễn Đức Thành", "T/M", ("T/M ĐẢNG UỶ",), "BÍ THƯ"),
        ("Trần Văn Phó", "K/T", ("T/M ĐẢNG UỶ", "K/T BÍ THƯ"), "PHÓ BÍ THƯ"),
    ]


def test_a_cell_secretary_signs_for_the_cell_and_the_title_replaces_the_position(world):
    deputy = f.user("pho-phapche", member=world.member_a)
    f.role(deputy, world.cell_a, Role.DEPUTY_SECRETARY, title="Phó Bí thư phụ trách")
    assert _rows(world.cell_a) == [
        ("Võ Minh Tuấn", "T/M", ("T/M CHI BỘ",), "BÍ THƯ"),
        ("Huỳnh Thị Ngọc Ánh", "K/T", ("T/M CHI BỘ", "K/T BÍ THƯ"), "PHÓ BÍ THƯ PHỤ TRÁCH"),
    ]


def test_clerks_committee_members_and_roles_above_do_not_sign(world):
    # The clerk, a committee member and the superior committee's secretary hold roles over the
    # committee, but none of them signs its documents.
    names = [block.member.full_name for block in signers_for(world.committee)]
    assert names == ["Nguyễn Đức Thành"]
    assert signers_for(world.cell_b) == []
    with pytest.raises(DomainError, match="không giữ chức vụ có thẩm quyền ký"):
        signature_block(world.committee, world.member_b)
    with pytest.raises(DomainError, match="Chưa chọn người ký"):
        signature_block(world.committee, None)


def test_signing_follows_the_dates_of_the_appointment(world):
    today = timezone.localdate()
    successor = f.user("bithu-moi", member=f.member(world.cell_b, "Lê Thị Hồng"))
    f.role(successor, world.committee, Role.SECRETARY, starts_on=today + timedelta(days=10))
    assert [b.member.full_name for b in signers_for(world.committee)] == ["Nguyễn Đức Thành"]
    later = today + timedelta(days=10)
    assert [b.member.full_name for b in signers_for(world.committee, on=later)][0] == "Lê Thị Hồng"
    assert signers_for(world.committee, on=date(2000, 1, 1))[0].member.full_name == "Nguyễn Đức Thành"

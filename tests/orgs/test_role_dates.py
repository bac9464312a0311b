"""A role grants permission only on the days it is held: from `starts_on` to `ends_on`, inclusive."""

from datetime import timedelta

import pytest
from django.utils import timezone

from chuyende.common.errors import NotFound
from chuyende.orgs.access import get_member_for, organizations_for
from chuyende.orgs.enums import Role
from chuyende.orgs.models import RoleAssignment
from chuyende.orgs.rules import can_manage_organization, can_oversee_organization, forget_roles
from tests import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def committee():
    return f.organization(name="Đảng bộ Văn phòng")


def _clerk(committee, **dates):
    """An office clerk of `committee` whose assignment runs over `dates` (starts_on / ends_on, as the
    administrator records them)."""
    user = f.user()
    assignment = f.role(user, committee, Role.OFFICE_CLERK)
    RoleAssignment.objects.filter(pk=assignment.pk).update(**dates)
    forget_roles(user)
    return user


def test_role_that_ended_yesterday_grants_nothing(committee):
    cell = f.cell(committee)
    member = f.member(cell, "Lê Văn Bình")
    user = _clerk(committee, ends_on=timezone.localdate() - timedelta(days=1))
    assert (can_manage_organization(user, committee), can_oversee_organization(user, cell)) == (False, False)
    assert list(organizations_for(user)) == []
    with pytest.raises(NotFound):
        get_member_for(user, member.pk)


def test_role_ending_today_still_grants(committee):
    user = _clerk(committee, ends_on=timezone.localdate())
    assert can_manage_organization(user, committee) is True


def test_role_starting_tomorrow_grants_nothing_yet(committee):
    user = _clerk(committee, starts_on=timezone.localdate() + timedelta(days=1))
    assert can_manage_organization(user, committee) is False


def test_role_starting_today_grants(committee):
    user = _clerk(committee, starts_on=timezone.localdate())
    assert can_manage_organization(user, committee) is True

"""Permission predicates for plans and meetings. Roles apply to the subtree they are held on."""

from chuyende.orgs.enums import MANAGING_ROLES, Role
from chuyende.orgs.models import Organization
from chuyende.orgs.rules import (
    can_manage_organization,
    can_oversee_organization,
    has_role_over,
    in_any_subtree,
    member_of,
    role_paths,
)


def can_manage_plan(user, organization: Organization) -> bool:
    """Leaders and office staff of the committee (or one above it) write and publish its plans."""
    return can_manage_organization(user, organization)


def can_manage_meeting(user, organization: Organization) -> bool:
    """The cell's secretary and deputy, and the leaders of any committee above it."""
    return has_role_over(user, organization, MANAGING_ROLES | {Role.DEPUTY_SECRETARY})


def can_record_attendance(user, meeting) -> bool:
    """Managers, and the member acting as the meeting's secretary."""
    if can_manage_meeting(user, meeting.organization):
        return True
    member = member_of(user)
    return member is not None and member.pk == meeting.secretary_id


can_write_minutes = can_record_attendance


def can_propose_grade(user, meeting) -> bool:
    return can_manage_meeting(user, meeting.organization)


def can_confirm_grade(user, meeting) -> bool:
    """Only the supervising committee member of the cell (Role.SUPERVISOR held on it) confirms; not
    the cell's secretary, not the committee's leaders, not an administrator."""
    return in_any_subtree(meeting.organization.path, role_paths(user, {Role.SUPERVISOR}))


def can_view_rollup(user, organization: Organization) -> bool:
    """Stage counts and yearly grades of the cells below an organization: those who oversee it
    (its leaders and committee members, a cell's supervisor), not its plain members."""
    return can_oversee_organization(user, organization)

"""Permission predicates for position papers. Roles apply to the subtree they are held on.

* A paper belongs to a cell; its committee is the cell's parent.
* Its authors, the cell's secretary and deputy, and the leaders of any committee above the cell
  edit it and answer its comments; nobody in another cell does.
* Once submitted, every active member of a cell of the committee may read it and comment, as may
  whoever oversees the cell; drafts stay with the cell and those who oversee it.
"""

from chuyende.meetings.rules import can_manage_meeting, can_record_attendance
from chuyende.orgs.enums import MANAGING_ROLES, Role
from chuyende.orgs.models import Organization
from chuyende.orgs.rules import belongs_to, can_oversee_organization, has_role_over, member_of

from .enums import COMMENTABLE_STATES, PaperState


def committee_of(paper) -> Organization:
    return paper.organization.parent or paper.organization


def is_author(user, paper) -> bool:
    member = member_of(user)
    return member is not None and paper.authors.filter(pk=member.pk).exists()


def can_write_papers_for(user, cell: Organization) -> bool:
    """Starting a paper for a cell: its members, its secretary, the committee's leaders."""
    return has_role_over(user, cell, MANAGING_ROLES | {Role.DEPUTY_SECRETARY}) or (
        cell.is_cell and belongs_to(user, cell)
    )


def can_edit_paper(user, paper) -> bool:
    return has_role_over(user, paper.organization, MANAGING_ROLES | {Role.DEPUTY_SECRETARY}) or is_author(
        user, paper
    )


def can_view_paper(user, paper) -> bool:
    if can_oversee_organization(user, paper.organization) or belongs_to(user, paper.organization):
        return True
    return paper.state != PaperState.DRAFT and belongs_to(user, committee_of(paper))


def can_comment_on_paper(user, paper) -> bool:
    """Members of the committee's subtree (and those overseeing the cell), while the paper is
    submitted or presented."""
    if paper.state not in COMMENTABLE_STATES or member_of(user) is None:
        return False
    return belongs_to(user, committee_of(paper)) or can_oversee_organization(user, paper.organization)


can_answer_comment = can_edit_paper


def can_present(user, paper) -> bool:
    """Marking a paper presented or returning it to the cell: the committee's leaders."""
    return can_manage_meeting(user, committee_of(paper))


def can_run_session(user, meeting) -> bool:
    return can_manage_meeting(user, meeting.organization)


def can_record_session_comment(user, meeting) -> bool:
    return can_record_attendance(user, meeting)


def can_view_statistics(user, organization: Organization) -> bool:
    return can_oversee_organization(user, organization) or belongs_to(user, organization)

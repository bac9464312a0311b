"""Who may do what with commitments. A role held on an organization applies to its subtree."""

from chuyende.orgs.enums import MANAGING_ROLES, Role
from chuyende.orgs.rules import can_oversee_organization, has_role_over, is_cell_secretary, member_of

from .models import Commitment, CommitmentItem


def is_owner(user, commitment: Commitment) -> bool:
    member = member_of(user)
    return member is not None and commitment.owner_member_id == member.pk


def can_view_commitment(user, commitment: Commitment) -> bool:
    """The owner; a member of the cell for the cell's own commitment; whoever oversees the cell.
    A member never sees a cell-mate's personal commitment."""
    if is_owner(user, commitment) or can_oversee_organization(user, commitment.cell):
        return True
    member = member_of(user)
    return commitment.is_cell_commitment and member is not None and member.cell_id == commitment.cell_id


def can_draft_for_cell(user, cell) -> bool:
    return is_cell_secretary(user, cell)


def can_edit_draft(user, commitment: Commitment) -> bool:
    """The member drafts their own; the cell secretary drafts the cell's."""
    if commitment.is_cell_commitment:
        return is_cell_secretary(user, commitment.cell)
    return is_owner(user, commitment) or getattr(user, "is_superuser", False)


def can_approve(user, commitment: Commitment) -> bool:
    """The cell secretary approves members' commitments; the committee above approves a cell's."""
    if commitment.is_cell_commitment:
        parent = commitment.cell.parent
        return parent is not None and has_role_over(user, parent, MANAGING_ROLES)
    return is_cell_secretary(user, commitment.cell)


def can_report(user, item: CommitmentItem) -> bool:
    commitment = item.commitment
    member = member_of(user)
    if member is not None and item.responsible_id == member.pk:
        return True
    return can_edit_draft(user, commitment)


def can_review(user, item: CommitmentItem) -> bool:
    """Only the supervising committee member of the cell (or one above it) reviews reports."""
    return has_role_over(user, item.commitment.cell, {Role.SUPERVISOR})


def can_view_rollup(user, organization) -> bool:
    return can_oversee_organization(user, organization)

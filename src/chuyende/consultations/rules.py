"""Permission predicates for consultations. The office of a consultation is whoever holds a
managing role (secretaries, standing members, office clerks) over its organization."""

from chuyende.orgs.models import Member, Organization
from chuyende.orgs.rules import (
    can_manage_organization,
    can_oversee_organization,
    is_cell_secretary,
    member_of,
)

from .models import Consultation


def can_manage_drafts(user, organization: Organization) -> bool:
    return can_manage_organization(user, organization)


def can_handle_comments(user, consultation: Consultation) -> bool:
    """Only the office of the consultation's organization records dispositions and runs synthesis."""
    return can_manage_organization(user, consultation.organization)


def can_view_results(user, consultation: Consultation) -> bool:
    return can_oversee_organization(user, consultation.organization)


def member_in_audience(member_id: int, cell_path: str, is_active: bool, consultation: Consultation) -> bool:
    """The member is consulted: their cell lies in an audience subtree, or they are named."""
    if not is_active:
        return False
    if any(cell_path.startswith(root) for root in consultation.audience_paths):
        return True
    return consultation.audience_members.filter(pk=member_id).exists()


def in_audience(member: Member | None, consultation: Consultation) -> bool:
    return member is not None and member_in_audience(
        member.pk, member.cell.path, member.is_active, consultation
    )


def cell_in_audience(cell: Organization, consultation: Consultation) -> bool:
    return any(cell.path.startswith(root) for root in consultation.audience_paths)


def can_record_for_cell(user, cell: Organization, consultation: Consultation) -> bool:
    """The cell's secretary (or the office) records the cell's collective comment after its meeting."""
    return cell_in_audience(cell, consultation) and (
        is_cell_secretary(user, cell) or can_handle_comments(user, consultation)
    )


def can_view_consultation(user, consultation: Consultation) -> bool:
    return can_view_results(user, consultation) or in_audience(member_of(user), consultation)

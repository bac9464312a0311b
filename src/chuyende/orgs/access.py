"""Scoped lookups: every page and endpoint reads organizations and members through these.

A user sees the subtrees where they hold an oversight role, plus their own cell. An object outside
that scope is reported as not found, exactly like an id that does not exist.
"""

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from chuyende.common.errors import NotFound

from .enums import MANAGING_ROLES, OVERSIGHT_ROLES, OrganizationKind
from .models import Member, Organization
from .rules import member_of, role_paths, subtree_q


def oversight_roots(user) -> list[str]:
    if getattr(user, "is_superuser", False):
        return list(Organization.objects.filter(parent__isnull=True).values_list("path", flat=True))
    return role_paths(user, OVERSIGHT_ROLES)


def organizations_for(user) -> QuerySet[Organization]:
    """Organizations the user may open: their oversight subtrees, their own cell and its ancestors."""
    condition = subtree_q(oversight_roots(user))
    member = member_of(user)
    if member is not None:
        condition |= Q(pk__in=member.cell.ancestor_ids())
    return Organization.objects.filter(condition)


def outbox_organizations_for(user) -> QuerySet[Organization]:
    """Organizations whose outbox the user reviews: the subtrees where `can_manage_outbox` holds."""
    if getattr(user, "is_superuser", False):
        return Organization.objects.all()
    return Organization.objects.filter(subtree_q(role_paths(user, MANAGING_ROLES)))


def get_organization_for(user, organization_id) -> Organization:
    try:
        return organizations_for(user).get(pk=organization_id)
    except (Organization.DoesNotExist, ValueError, TypeError):
        raise NotFound(_("Không tìm thấy tổ chức này hoặc bạn không có quyền xem.")) from None


def members_for(user) -> QuerySet[Member]:
    """Members the user may list: everyone in their oversight subtrees, and their own cell-mates."""
    condition = subtree_q(oversight_roots(user), field="cell__path")
    member = member_of(user)
    if member is not None:
        condition |= subtree_q([member.cell.path], field="cell__path")
    return Member.objects.filter(condition).select_related("cell")


def get_member_for(user, member_id) -> Member:
    try:
        return members_for(user).get(pk=member_id)
    except (Member.DoesNotExist, ValueError, TypeError):
        raise NotFound(_("Không tìm thấy đảng viên này hoặc bạn không có quyền xem.")) from None


def managed_cells_for(user, organization: Organization) -> QuerySet[Organization]:
    """Cells inside `organization` (or the cell itself) that the user manages: where members may be
    added or moved to."""
    roots = (
        oversight_roots(user) if getattr(user, "is_superuser", False) else role_paths(user, MANAGING_ROLES)
    )
    return (
        Organization.objects.filter(subtree_q([organization.path]), kind=OrganizationKind.CELL)
        .filter(subtree_q(roots))
        .order_by("name")
    )

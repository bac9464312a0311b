"""Permission predicates. A role held on an organization applies to its whole subtree.

Role assignments are read once per user object and cached on it, so a page that asks many
questions costs one query.
"""

from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import F, Q
from django.utils import timezone

from .enums import MANAGING_ROLES, OVERSIGHT_ROLES, Role
from .models import Member, Organization, RoleAssignment
from .models.organization import path_successor

_CACHE_ATTR = "_chuyende_roles"


@dataclass(frozen=True)
class HeldRole:
    role: str
    organization_id: int
    path: str
    title: str


def in_force_q(on=None, prefix: str = "") -> Q:
    """Role assignments in force on the date `on` (default today): started and not yet ended.
    Ended assignments stay as history, so every reader of roles filters with this."""
    on = on or timezone.localdate()
    return (Q(**{f"{prefix}starts_on__isnull": True}) | Q(**{f"{prefix}starts_on__lte": on})) & (
        Q(**{f"{prefix}ends_on__isnull": True}) | Q(**{f"{prefix}ends_on__gte": on})
    )


def held_roles(user) -> list[HeldRole]:
    """The roles `user` holds today (cached on the user object)."""
    if not getattr(user, "is_authenticated", False):
        return []
    cached = getattr(user, _CACHE_ATTR, None)
    if cached is None:
        rows = RoleAssignment.objects.filter(in_force_q(), user=user).values_list(
            "role", "organization_id", "organization__path", "title"
        )
        cached = [HeldRole(*row) for row in rows]
        setattr(user, _CACHE_ATTR, cached)
    return cached


def forget_roles(user) -> None:
    if hasattr(user, _CACHE_ATTR):
        delattr(user, _CACHE_ATTR)


def member_of(user) -> Member | None:
    if not getattr(user, "is_authenticated", False):
        return None
    try:
        return user.member
    except Member.DoesNotExist:
        return None


def role_paths(user, roles: Iterable[str]) -> list[str]:
    wanted = set(roles)
    return sorted({held.path for held in held_roles(user) if held.role in wanted})


def in_any_subtree(path: str, roots: Iterable[str]) -> bool:
    return any(path.startswith(root) for root in roots)


def subtree_q(roots: Iterable[str], field: str = "path") -> Q:
    """Q matching every node below (and including) any of `roots`; an empty list matches nothing."""
    condition = Q(pk__in=[])
    for root in roots:
        condition |= Q(**{f"{field}__gte": root, f"{field}__lt": path_successor(root)})
    return condition


def has_role_over(user, organization: Organization, roles: Iterable[str]) -> bool:
    if getattr(user, "is_superuser", False):
        return True
    return in_any_subtree(organization.path, role_paths(user, roles))


def can_manage_organization(user, organization: Organization) -> bool:
    """Leaders and office staff of the organization or one above it."""
    return has_role_over(user, organization, MANAGING_ROLES)


def can_close_organization(user, organization: Organization) -> bool:
    """Closing (giải thể) and reopening a node is decided by the level above: those who manage
    its parent; a root, only a superuser."""
    if organization.parent is None:
        return bool(getattr(user, "is_superuser", False))
    return can_manage_organization(user, organization.parent)


def can_manage_outbox(user, organization: Organization) -> bool:
    """Who prepares, releases and discards the messages an organization sends (the outbox): the
    same people who manage it. The one predicate of the outbox (domain, page and API)."""
    return can_manage_organization(user, organization)


def can_oversee_organization(user, organization: Organization) -> bool:
    """Anyone who may look at everything inside the organization: its leaders, its committee
    members and the supervising committee member of a cell."""
    return has_role_over(user, organization, OVERSIGHT_ROLES)


def is_cell_secretary(user, cell: Organization) -> bool:
    return has_role_over(user, cell, {Role.SECRETARY, Role.DEPUTY_SECRETARY})


def belongs_to(user, organization: Organization) -> bool:
    """The user is a member of a cell inside `organization`."""
    member = member_of(user)
    return bool(member and member.is_active and member.cell.path.startswith(organization.path))


def can_view_members_of(user, organization: Organization) -> bool:
    return can_oversee_organization(user, organization) or (
        organization.is_cell and belongs_to(user, organization)
    )


def can_view_member_details(user, member: Member) -> bool:
    """Contact details and personal records: the member, and those who oversee their cell."""
    own = member_of(user)
    return (own is not None and own.pk == member.pk) or can_oversee_organization(user, member.cell)


def can_import_members(user, organization: Organization) -> bool:
    return can_manage_organization(user, organization)


def role_holder(organization: Organization, role: str, *, on=None) -> Member | None:
    """The member holding `role` directly on `organization` on the date `on` (default today), e.g.
    the cell secretary who signs the cell's papers; the latest appointment wins. One query."""
    assignment = (
        RoleAssignment.objects.filter(
            in_force_q(on), organization=organization, role=role, user__member__isnull=False
        )
        .select_related("user__member")
        .order_by(F("starts_on").desc(nulls_last=True), "-pk")
        .first()
    )
    return assignment.user.member if assignment else None


def can_manage_account(user, member: Member) -> bool:
    """Creating, resetting or locking a member's login: those who manage the member's cell, and
    only when every role that login holds lies inside what they manage. Otherwise a cell
    secretary could reset the login of the committee secretary who sits in their cell, receive
    the new code and sign in as their superior."""
    if not can_manage_organization(user, member.cell):
        return False
    if member.user_id is None:
        return True
    if member.user is not None and member.user.is_superuser:
        return bool(getattr(user, "is_superuser", False))
    if getattr(user, "is_superuser", False):
        return True
    managed = role_paths(user, MANAGING_ROLES)
    # Roles in force today or appointed for later; ended ones grant nothing any more.
    held = (
        RoleAssignment.objects.filter(user_id=member.user_id)
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=timezone.localdate()))
        .values_list("organization__path", flat=True)
    )
    return all(in_any_subtree(path, managed) for path in held)

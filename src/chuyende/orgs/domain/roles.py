from datetime import date

from django.db import transaction
from django.utils.translation import gettext as _

from chuyende.common import audit
from chuyende.common.errors import DomainError, NotAllowed

from ..enums import Role
from ..models import Organization, RoleAssignment
from ..rules import can_manage_organization, forget_roles
from .organizations import audit_partition


def assign_role(
    *, actor, user, organization: Organization, role: str, title: str = "", starts_on: date | None = None
) -> RoleAssignment:
    """Gives `user` a role on `organization` (and so on its subtree). Idempotent."""
    if not can_manage_organization(actor, organization):
        raise NotAllowed(_("Bạn không có quyền phân công vai trò trong tổ chức này."))
    if role not in Role.values:
        raise DomainError(_("Vai trò không hợp lệ."))
    if role == Role.SUPERVISOR and not organization.is_cell:
        raise DomainError(_("Cấp ủy viên phụ trách chỉ được phân công theo dõi một chi bộ."))
    with transaction.atomic():
        assignment, created = RoleAssignment.objects.get_or_create(
            user=user, organization=organization, role=role, defaults={"title": title, "starts_on": starts_on}
        )
        if created:
            audit.record(
                "role.assign",
                assignment,
                actor=actor,
                partition=audit_partition(organization),
                changes={"user": user.get_username(), "role": role, "organization": organization.pk},
            )
    forget_roles(user)
    return assignment


def revoke_role(*, actor, assignment: RoleAssignment) -> None:
    """Ends a role assignment; the audit log keeps who held it."""
    if not can_manage_organization(actor, assignment.organization):
        raise NotAllowed(_("Bạn không có quyền thu hồi vai trò trong tổ chức này."))
    with transaction.atomic():
        audit.record(
            "role.revoke",
            assignment,
            actor=actor,
            partition=audit_partition(assignment.organization),
            changes={"user": assignment.user.get_username(), "role": assignment.role},
        )
        assignment.delete()
    forget_roles(assignment.user)

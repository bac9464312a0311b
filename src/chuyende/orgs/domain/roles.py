"""Roles on the organization tree: appointing a member (Bí thư, Phó Bí thư, văn phòng, cấp uỷ viên
phụ trách…) for a period, and ending the appointment. Nothing is deleted: an ended appointment is
the history of who held the role, and `signers_for` reads the dates to offer the right signer."""

from datetime import date, timedelta

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from chuyende.common import audit
from chuyende.common.errors import DomainError, NotAllowed

from ..enums import Role
from ..models import Member, Organization, RoleAssignment
from ..rules import can_manage_organization, forget_roles
from .accounts import create_login
from .organizations import audit_partition

# One person at a time holds these on an organization.
SINGLE_HOLDER_ROLES = frozenset({Role.SECRETARY})


def _vn_date(day: date | None) -> str:
    return day.strftime("%d/%m/%Y") if day else "…"


def _overlapping(queryset, starts_on: date | None, ends_on: date | None):
    """Assignments of `queryset` whose period meets [starts_on, ends_on] (open ends are infinite)."""
    if ends_on is not None:
        queryset = queryset.filter(Q(starts_on__isnull=True) | Q(starts_on__lte=ends_on))
    if starts_on is not None:
        queryset = queryset.filter(Q(ends_on__isnull=True) | Q(ends_on__gte=starts_on))
    # A cancelled appointment (ends the day before it starts) was never in force.
    return [a for a in queryset if not (a.starts_on and a.ends_on and a.ends_on < a.starts_on)]


def check_can_appoint(actor, organization: Organization) -> None:
    """Permission to appoint on `organization`, before anything about the person is looked up or
    checked (an outsider learns nothing, e.g. which logins exist)."""
    if not can_manage_organization(actor, organization):
        raise NotAllowed(_("Bạn không có quyền phân công vai trò trong tổ chức này."))


def check_assignment(
    *, actor, user, organization: Organization, role: str, starts_on: date | None, ends_on: date | None
) -> tuple[RoleAssignment | None, list[RoleAssignment]]:
    """The rules of an appointment, writing nothing: permission first, then the role, the
    organization, the dates and the overlaps. Returns (the identical appointment already recorded,
    or None; the secretaries it succeeds, whose appointments end the day before `starts_on`).
    `assign_role` calls it under the organization's lock; the admin form calls it to show the
    refusal on the form — one copy of the rule."""
    check_can_appoint(actor, organization)
    if role not in Role.values:
        raise DomainError(_("Vai trò không hợp lệ."))
    if role == Role.SUPERVISOR and not organization.is_cell:
        raise DomainError(_("Cấp ủy viên phụ trách chỉ được phân công theo dõi một chi bộ."))
    if not organization.is_active:
        raise DomainError(_("Tổ chức này đã giải thể; không phân công vai trò mới."))
    if starts_on is not None and ends_on is not None and ends_on < starts_on:
        raise DomainError(_("Ngày kết thúc phải từ ngày bắt đầu trở về sau."))
    label = Role(role).label
    same = _overlapping(
        RoleAssignment.objects.filter(user=user, organization=organization, role=role), starts_on, ends_on
    )
    for existing in same:
        if existing.starts_on == starts_on and existing.ends_on == ends_on:
            return existing, []
    if same:
        raise DomainError(
            _(
                "Đồng chí này đã giữ vai trò %(role)s của %(organization)s trong thời gian %(start)s – %(end)s."
            )
            % {
                "role": label,
                "organization": organization.name,
                "start": _vn_date(same[0].starts_on),
                "end": _vn_date(same[0].ends_on),
            }
        )
    if role not in SINGLE_HOLDER_ROLES:
        return None, []
    others = _overlapping(
        RoleAssignment.objects.filter(organization=organization, role=role)
        .exclude(user=user)
        .select_related("user__member"),
        starts_on,
        ends_on,
    )
    # A successor appointed from a later day takes over: the predecessor's open appointment ends
    # the day before (recorded like any other end).
    succeeded = [
        o for o in others if starts_on is not None and (o.starts_on is None or o.starts_on < starts_on)
    ]
    others = [o for o in others if o not in succeeded]
    if others:
        other = others[0]
        member = getattr(other.user, "member", None)
        raise DomainError(
            _(
                "%(organization)s đã có %(role)s là đồng chí %(name)s (%(start)s – %(end)s). "
                "Hãy ghi ngày kết thúc vai trò đó, hoặc chọn ngày bắt đầu sau ngày bắt đầu của đồng chí ấy."
            )
            % {
                "organization": organization.name,
                "role": label,
                "name": member.full_name if member else other.user.get_username(),
                "start": _vn_date(other.starts_on),
                "end": _vn_date(other.ends_on),
            }
        )
    return None, succeeded


def assign_role(
    *,
    actor,
    user,
    organization: Organization,
    role: str,
    title: str = "",
    starts_on: date | None = None,
    ends_on: date | None = None,
) -> RoleAssignment:
    """Gives `user` a role on `organization` (and so on its subtree) from `starts_on` (open when
    None) to `ends_on` (open when None). Calling it again with the same person, role and start
    returns the existing appointment (idempotent); an overlapping period of the same person and
    role is refused. A secretary appointed from a later day than the one in office succeeds them
    (the predecessor's appointment ends the day before); any other overlap of secretaries is
    refused (`check_assignment`)."""
    check_can_appoint(actor, organization)
    with transaction.atomic():
        # Serialises appointments on one organization, so two clerks cannot both appoint a secretary.
        Organization.objects.select_for_update().filter(pk=organization.pk).first()
        existing, succeeded = check_assignment(
            actor=actor, user=user, organization=organization, role=role, starts_on=starts_on, ends_on=ends_on
        )
        if existing is not None:
            return existing
        for predecessor in succeeded:
            assert starts_on is not None  # only a dated successor takes over
            end_role(actor=actor, assignment=predecessor, ends_on=starts_on - timedelta(days=1))
        assignment = RoleAssignment.objects.create(
            user=user, organization=organization, role=role, title=title, starts_on=starts_on, ends_on=ends_on
        )
        audit.record(
            "role.assign",
            assignment,
            actor=actor,
            partition=audit_partition(organization),
            changes={
                "user": user.get_username(),
                "role": role,
                "organization": organization.pk,
                "starts_on": starts_on,
                "ends_on": ends_on,
            },
        )
    forget_roles(user)
    return assignment


def grant_role(
    *,
    actor,
    member: Member,
    organization: Organization,
    role: str,
    starts_on: date,
    ends_on: date | None = None,
    title: str = "",
) -> RoleAssignment:
    """Appoints `member` to `role` on `organization` (the page and the API choose a member, not a
    login). A member without a login gets one first (`accounts.create_login`; they activate it with
    a code like everyone else). See `assign_role` for the checks."""
    check_can_appoint(actor, organization)
    if not member.is_active:
        raise DomainError(
            _("Đồng chí %(name)s không còn sinh hoạt; không phân công vai trò.") % {"name": member.full_name}
        )
    with transaction.atomic():
        user = member.user if member.user_id is not None else create_login(actor=actor, member=member)
        return assign_role(
            actor=actor,
            user=user,
            organization=organization,
            role=role,
            title=title,
            starts_on=starts_on,
            ends_on=ends_on,
        )


def check_can_end_roles(actor, organization: Organization) -> None:
    if not can_manage_organization(actor, organization):
        raise NotAllowed(_("Bạn không có quyền thu hồi vai trò trong tổ chức này."))


def check_end(*, actor, assignment: RoleAssignment, ends_on: date | None) -> None:
    """The rules of ending an appointment, writing nothing (permission first): `end_role` and the
    admin form share them."""
    check_can_end_roles(actor, assignment.organization)
    if ends_on is None:
        raise DomainError(_("Hãy ghi ngày kết thúc vai trò."))
    if assignment.starts_on is not None and ends_on < assignment.starts_on - timedelta(days=1):
        raise DomainError(
            _("Ngày kết thúc không được trước ngày bắt đầu (%(start)s).")
            % {"start": _vn_date(assignment.starts_on)}
        )
    if assignment.ends_on is not None and ends_on >= assignment.ends_on:
        raise DomainError(_("Vai trò này đã kết thúc ngày %(end)s.") % {"end": _vn_date(assignment.ends_on)})


def end_role(*, actor, assignment: RoleAssignment, ends_on: date) -> RoleAssignment:
    """Sets the last day of an appointment; the row stays as history (who held it, when). An end
    the day before the start cancels an appointment that never took effect. Ending it later than
    already recorded, or before that cancel day, is refused."""
    organization = assignment.organization
    check_end(actor=actor, assignment=assignment, ends_on=ends_on)
    with transaction.atomic():
        before = assignment.ends_on
        assignment.ends_on = ends_on
        assignment.save(update_fields=["ends_on"])
        audit.record(
            "role.end",
            assignment,
            actor=actor,
            partition=audit_partition(organization),
            changes={
                "user": assignment.user.get_username(),
                "role": assignment.role,
                "ends_on": [before, ends_on],
            },
        )
    forget_roles(assignment.user)
    return assignment


def revoke_role(*, actor, assignment: RoleAssignment) -> RoleAssignment:
    """Takes a role away from today: the appointment ends yesterday (or is cancelled when it
    starts today or later). Kept as history, never deleted."""
    today = timezone.localdate()
    last_day = today - timedelta(days=1)
    if assignment.starts_on is not None and assignment.starts_on > today:
        last_day = assignment.starts_on - timedelta(days=1)
    return end_role(actor=actor, assignment=assignment, ends_on=last_day)

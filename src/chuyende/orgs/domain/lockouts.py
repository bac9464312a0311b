"""Lifting a login lockout (common.throttle locks after too many wrong passwords)."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from chuyende.common import audit, throttle
from chuyende.common.errors import DomainError, NotAllowed
from chuyende.common.models import LoginLockout

from ..rules import can_manage_organization, member_of


def can_unlock(actor, lockout: LoginLockout) -> bool:
    """The office of the locked member's cell (or above) lifts an account lock; an address lock
    affects everyone behind that address, so only an administrator lifts it."""
    if getattr(actor, "is_superuser", False):
        return True
    if lockout.kind != LoginLockout.Kind.ACCOUNT or lockout.user is None:
        return False
    member = member_of(lockout.user)
    return member is not None and can_manage_organization(actor, member.cell)


def lockouts_for(actor) -> list[LoginLockout]:
    """The active lockouts `actor` may lift, newest first."""
    active = LoginLockout.objects.filter(unlocked_at__isnull=True, locked_until__gt=timezone.now())
    return [lockout for lockout in active.select_related("user__member__cell") if can_unlock(actor, lockout)]


def unlock_login(*, actor, lockout: LoginLockout) -> LoginLockout:
    """Lifts a lockout now and clears its count of wrong passwords; the audit entry names who."""
    if not can_unlock(actor, lockout):
        raise NotAllowed(_("Bạn không có quyền mở khoá đăng nhập này."))
    if lockout.unlocked_at is not None:
        raise DomainError(_("Khoá đăng nhập này đã được mở."))
    with transaction.atomic():
        lockout.unlocked_at = timezone.now()
        lockout.unlocked_by = actor if getattr(actor, "is_authenticated", False) else None
        lockout.save(update_fields=["unlocked_at", "unlocked_by"])
        audit.record("auth.unlock", lockout, actor=actor, changes={"kind": lockout.kind, "key": lockout.key})
    throttle.clear_failures(lockout)
    return lockout

"""Brute-force protection for every login: the web form, the admin, and /api/auth/token.

It sits in the authentication backend, so any path that calls Django's `authenticate()` is
covered without knowing about it. Wrong passwords are counted in Django's cache per account and
per address (Redis when several app servers run, so the count is shared); at the limit a
`LoginLockout` row is written with an audit entry. The lock is read from the database, so it holds
on every worker even with a per-process cache, until it expires or the office lifts it.
"""

from datetime import timedelta

from django.conf import settings
from django.contrib.auth.backends import ModelBackend
from django.core.cache import cache
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from . import audit
from .errors import DomainError
from .models import LoginLockout

LOCKED_ATTR = "_chuyende_login_locked"


class LoginThrottled(DomainError):
    status_code = 429


def _limits() -> tuple[int, int, timedelta]:
    return (
        settings.CHUYENDE_LOGIN_MAX_FAILURES_ACCOUNT,
        settings.CHUYENDE_LOGIN_MAX_FAILURES_ADDRESS,
        timedelta(minutes=settings.CHUYENDE_LOGIN_LOCK_MINUTES),
    )


def client_address(request) -> str:
    # REMOTE_ADDR only: a forwarded-for header is written by the client and would let an attacker
    # pick a fresh address per try. Behind a proxy, the proxy sets REMOTE_ADDR (operator guide).
    return (getattr(request, "META", {}) or {}).get("REMOTE_ADDR", "") or "unknown"


def _active(kind: str, key: str):
    return LoginLockout.objects.filter(
        kind=kind, key=key, unlocked_at__isnull=True, locked_until__gt=timezone.now()
    ).first()


def lock_message(lockout: LoginLockout) -> str:
    minutes = max(1, int((lockout.locked_until - timezone.now()).total_seconds() // 60) + 1)
    return _(
        "Đăng nhập tạm khoá vì nhập sai mật khẩu nhiều lần. Hãy thử lại sau %(minutes)s phút, "
        "hoặc nhờ văn phòng cấp uỷ mở khoá."
    ) % {"minutes": minutes}


def current_lock(username: str, address: str) -> LoginLockout | None:
    return _active(LoginLockout.Kind.ACCOUNT, username.strip().lower()) or _active(
        LoginLockout.Kind.ADDRESS, address
    )


def _count(kind: str, key: str, window: timedelta) -> int:
    name = f"chuyende:login-failures:{kind}:{key}"
    if cache.add(name, 1, timeout=int(window.total_seconds())):
        return 1
    try:
        return cache.incr(name)
    except ValueError:  # expired between add and incr
        cache.set(name, 1, timeout=int(window.total_seconds()))
        return 1


def _forget(kind: str, key: str) -> None:
    cache.delete(f"chuyende:login-failures:{kind}:{key}")


def address_lock(address: str) -> LoginLockout | None:
    return _active(LoginLockout.Kind.ADDRESS, address)


def record_failure(
    username: str, address: str, user=None, *, account_too: bool = True
) -> LoginLockout | None:
    """Counts a wrong password; past a limit, locks the account or the address (audit entry).
    `account_too=False` counts for the address only (a wrong activation code: the account's own
    login must stay open, the code is how its owner gets back in)."""
    per_account, per_address, period = _limits()
    account = username.strip().lower()
    lockout = None
    counted = [(LoginLockout.Kind.ADDRESS, address, per_address)]
    if account_too:
        counted.insert(0, (LoginLockout.Kind.ACCOUNT, account, per_account))
    for kind, key, limit in counted:
        failures = _count(kind, key, period)
        if failures >= limit and _active(kind, key) is None:
            with transaction.atomic():
                lockout = LoginLockout.objects.create(
                    kind=kind,
                    key=key[:150],
                    user=user if kind == LoginLockout.Kind.ACCOUNT else None,
                    failures=failures,
                    locked_until=timezone.now() + period,
                )
                audit.record(
                    "auth.lockout", lockout, actor=None,
                    changes={"kind": kind, "key": lockout.key, "failures": failures, "address": address},
                )  # fmt: skip
            _forget(kind, key)
    return lockout


class ThrottledModelBackend(ModelBackend):
    """Django's model backend, refusing while the account or the address is locked and counting
    each wrong password. The reason for a refusal is left on the request for the form or the
    API to show (Django's `authenticate()` returns only None)."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if username is None:
            username = kwargs.get(self.user_model_field_name(), "")
        address = client_address(request)
        lockout = current_lock(username or "", address)
        if lockout is not None:
            if request is not None:
                setattr(request, LOCKED_ATTR, lock_message(lockout))
            return None
        user = super().authenticate(request, username=username, password=password, **kwargs)
        if user is None and username:
            known = self.user_model_class().objects.filter(username__iexact=username).first()
            lockout = record_failure(username, address, user=known)
            if lockout is not None and request is not None:
                setattr(request, LOCKED_ATTR, lock_message(lockout))
        elif user is not None:
            _forget(LoginLockout.Kind.ACCOUNT, username.strip().lower())
        return user

    @staticmethod
    def user_model_field_name() -> str:
        from django.contrib.auth import get_user_model

        return get_user_model().USERNAME_FIELD

    @staticmethod
    def user_model_class():
        from django.contrib.auth import get_user_model

        return get_user_model()


def locked_reason(request) -> str | None:
    return getattr(request, LOCKED_ATTR, None)


def clear_failures(lockout: LoginLockout) -> None:
    _forget(lockout.kind, lockout.key)

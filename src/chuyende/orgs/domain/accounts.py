"""Members' logins: created by the office, activated by the member.

The office creates the login (the member import and the member page do it) with an unusable
password, then hands out access: a printed sheet of one-time activation codes per cell, or an
e-mail through the outbox. The member signs in for the first time with their user name and the
code and chooses their own password, so the office never knows it. A forgotten password is a
reset code sent by e-mail. Codes are stored as a keyed hash (HMAC with SECRET_KEY and the
account id), work once and expire; issuing a new code revokes the older ones.
"""

import hashlib
import hmac
import re
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.auth import get_user_model, password_validation
from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from chuyende.common import audit
from chuyende.common.actors import SYSTEM
from chuyende.common.errors import DomainError, NotAllowed
from chuyende.common.models import ApiToken
from chuyende.common.text import fold
from chuyende.common.throttle import LoginThrottled, address_lock, lock_message, record_failure

from ..models import AccountCode, Member, Organization
from ..rules import can_manage_account, can_manage_organization
from .organizations import audit_partition

# No 0/O, 1/I/L: a code is read off paper and typed on a phone.
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 10
ACTIVATION_TOPIC = "accounts.activation"
RESET_TOPIC = "accounts.reset"
RESETS_PER_HOUR = 3  # "Quên mật khẩu" e-mails per account and hour


class AccountState:
    NONE = "none"  # no login yet
    PENDING = "pending"  # login created, the member has not chosen a password
    ACTIVE = "active"
    DISABLED = "disabled"  # locked by the office


STATE_LABELS = {
    AccountState.NONE: gettext_lazy("Chưa có tài khoản"),
    AccountState.PENDING: gettext_lazy("Chưa kích hoạt"),
    AccountState.ACTIVE: gettext_lazy("Đang sử dụng"),
    AccountState.DISABLED: gettext_lazy("Đã khoá"),
}


def account_state(member: Member) -> str:
    user = member.user
    if user is None:
        return AccountState.NONE
    if not user.is_active:
        return AccountState.DISABLED
    if not user.has_usable_password():
        return AccountState.PENDING
    return AccountState.ACTIVE


def pending_q(prefix: str = "user__") -> Q:
    """Logins created but not activated, as a query (the roll-up of a cell counts them)."""
    return Q(**{f"{prefix}is_active": True, f"{prefix}password__startswith": UNUSABLE_PASSWORD_PREFIX})


@dataclass(frozen=True)
class IssuedCode:
    member: Member
    username: str
    code: str
    expires_at: datetime


def username_base(full_name: str) -> str:
    """ "Nguyễn Đức Thành" → "thanhnd": the given name, then the initials of the family and middle
    names, without accents — how Vietnamese offices already name e-mail accounts."""
    words = [re.sub(r"[^a-z0-9]", "", word) for word in fold(full_name).lower().split()]
    words = [word for word in words if word]
    if not words:
        return "dangvien"
    return (words[-1] + "".join(word[0] for word in words[:-1]))[:30]


def derive_username(full_name: str) -> str:
    """A free user name from `username_base`; a namesake gets the next number ("thanhnd2")."""
    base = username_base(full_name)
    taken = set(get_user_model().objects.filter(username__startswith=base).values_list("username", flat=True))
    return _free_username(base, taken)


def _free_username(base: str, taken: set[str]) -> str:
    if base not in taken:
        return base
    number = 2
    while f"{base}{number}" in taken:
        number += 1
    return f"{base}{number}"


def normalize_code(code: str) -> str:
    return re.sub(r"[\s\-]", "", code or "").upper()


def format_code(code: str) -> str:
    return f"{code[:5]}-{code[5:]}"


def hash_code(user_id: int, code: str) -> str:
    message = f"{user_id}:{normalize_code(code)}".encode()
    return hmac.new(settings.SECRET_KEY.encode(), message, hashlib.sha256).hexdigest()


def _lifetime(purpose: str) -> timedelta:
    if purpose == AccountCode.Purpose.RESET:
        return timedelta(hours=settings.CHUYENDE_RESET_CODE_HOURS)
    return timedelta(days=settings.CHUYENDE_ACTIVATION_CODE_DAYS)


def _new_code(user, *, purpose: str, actor) -> tuple[str, datetime]:
    """Stores the hash of a fresh code for `user` and revokes the older unused ones; returns the
    code in clear (shown once) and its expiry. Call inside a transaction."""
    now = timezone.now()
    AccountCode.objects.filter(user=user, used_at__isnull=True, revoked_at__isnull=True).update(
        revoked_at=now
    )
    code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
    expires_at = now + _lifetime(purpose)
    AccountCode.objects.create(
        user=user,
        purpose=purpose,
        code_hash=hash_code(user.pk, code),
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
        expires_at=expires_at,
    )
    return format_code(code), expires_at


def _revoke_tokens(user, now: datetime) -> int:
    """Revokes the user's API tokens; returns how many were live."""
    return ApiToken.objects.filter(user=user, revoked_at__isnull=True).update(revoked_at=now)


def _check(actor, member: Member) -> None:
    if not can_manage_account(actor, member):
        raise NotAllowed(_("Bạn không có quyền quản lý tài khoản của đảng viên này."))


def create_login(*, actor, member: Member):
    """Gives `member` a login with a user name derived from their name and no usable password
    (the member chooses it when activating). Returns the existing login if there is one."""
    _check(actor, member)
    if member.user_id is not None:
        return member.user
    with transaction.atomic():
        user = get_user_model()(username=derive_username(member.full_name), email=member.email)
        user.set_unusable_password()
        user.save()
        member.user = user
        member.save(update_fields=["user"])
        audit.record(
            "account.create",
            member,
            actor=actor,
            partition=audit_partition(member.cell),
            changes={"username": user.username},
        )
    return user


def create_logins(*, actor, members: list[Member]) -> list[audit.Pending]:
    """`create_login` for many members at once (a chunk of the member import): the same check and
    user names ("thanhnd", then "thanhnd2" for a namesake, in the batch as well), with the
    names taken read in one query, the users inserted together and the members linked in one
    update. Members that have a login are skipped. Returns the "account.create" entries for the
    caller to append. Call inside a transaction."""
    members = list({member.pk: member for member in members if member.user_id is None}.values())
    for member in members:
        _check(actor, member)
    if not members:
        return []
    bases = {member.pk: username_base(member.full_name) for member in members}
    condition = Q()
    for base in set(bases.values()):
        condition |= Q(username__startswith=base)
    User = get_user_model()
    taken = set(User.objects.filter(condition).values_list("username", flat=True))
    users = []
    for member in members:
        username = _free_username(bases[member.pk], taken)
        taken.add(username)
        user = User(username=username, email=member.email)
        user.set_unusable_password()
        users.append(user)
    User.objects.bulk_create(users, batch_size=500)
    for member, user in zip(members, users, strict=True):
        member.user = user
    Member.objects.bulk_update(members, ["user"], batch_size=500)
    return [
        audit.Pending(
            "account.create", member, audit_partition(member.cell), {"username": member.user.username}
        )
        for member in members
        if member.user is not None
    ]


def issue_activation_codes(*, actor, cell: Organization, members=None) -> list[IssuedCode]:
    """Codes for the printed sheet of `cell`: every active member whose login is not activated yet
    (a login is created for those who have none) gets a new code; older codes stop working.
    Members whose login the actor may not manage (it holds a role above the actor) are left out.
    The codes are returned in clear once and never stored."""
    if not can_manage_organization(actor, cell):
        raise NotAllowed(_("Bạn không có quyền cấp mã kích hoạt cho chi bộ này."))
    if not cell.is_cell:
        raise DomainError(_("Phiếu mã kích hoạt được lập cho từng chi bộ."))
    queryset = members if members is not None else Member.objects.filter(cell=cell, is_active=True)
    candidates = list(queryset.filter(cell=cell).select_related("user", "cell").order_by("sort_key", "pk"))
    issued: list[IssuedCode] = []
    with transaction.atomic():
        for member in candidates:
            if not can_manage_account(actor, member):
                continue
            user = create_login(actor=actor, member=member)
            if not user.is_active or user.has_usable_password():
                continue
            code, expires_at = _new_code(user, purpose=AccountCode.Purpose.ACTIVATION, actor=actor)
            issued.append(IssuedCode(member, user.username, code, expires_at))
        if issued:
            audit.record(
                "account.codes_issued",
                cell,
                actor=actor,
                partition=audit_partition(cell),
                changes={"members": [row.member.pk for row in issued]},
            )
    return issued


def activation_link(site_url: str, username: str, code: str) -> str:
    return f"{site_url.rstrip('/')}/kich-hoat/?u={username}&ma={code}"


def prepare_activation_emails(*, actor, cell: Organization, site_url: str) -> int:
    """Prepares, in the outbox of `cell`, an activation e-mail with a fresh code for every member
    of the cell who has an e-mail address and has not activated their login. A person releases
    them on the outbox page. Returns how many were prepared."""
    from chuyende.common.models import OutboxMessage
    from chuyende.common.outbox import MessageDraft, prepare_messages

    if not can_manage_organization(actor, cell):
        raise NotAllowed(_("Bạn không có quyền gửi thư kích hoạt cho chi bộ này."))
    members = Member.objects.filter(cell=cell, is_active=True).exclude(email="")
    with transaction.atomic():
        # A waiting message carries a code the new round revokes: replace it.
        OutboxMessage.objects.filter(
            topic=ACTIVATION_TOPIC, member__in=members, status=OutboxMessage.Status.PREPARED
        ).delete()
        issued = issue_activation_codes(actor=actor, cell=cell, members=members)
        drafts = [
            MessageDraft(
                member=row.member,
                to_email=row.member.email,
                subject="Kích hoạt tài khoản Sinh hoạt chuyên đề",
                body=(
                    f"Kính gửi đồng chí {row.member.full_name},\n\n"
                    f"Chi bộ đã tạo tài khoản cho đồng chí trên hệ thống Sinh hoạt chuyên đề.\n"
                    f"Tên đăng nhập: {row.username}\nMã kích hoạt: {row.code}\n"
                    f"Hạn dùng mã: {timezone.localtime(row.expires_at):%d/%m/%Y}\n\n"
                    f"Mở liên kết sau, rồi tự đặt mật khẩu của mình:\n"
                    f"{activation_link(site_url, row.username, row.code)}\n\n"
                    "Mã chỉ dùng được một lần. Không chuyển mã này cho người khác."
                ),
            )
            for row in issued
        ]
        return prepare_messages(actor=actor, organization=cell, topic=ACTIVATION_TOPIC, drafts=drafts)


def activate_account(
    *, username: str, code: str, password: str, password_again: str | None = None, address: str = ""
):
    """The member's first visit (or a reset): a valid code lets them set their own password. The
    code is used up; the other codes of the account are revoked. Returns the user.

    A wrong code counts against the client's `address` like a wrong password (common.throttle):
    guessing codes from one address locks that address, as guessing passwords does. The account
    is not locked by it: a code is how its owner gets back in after a lock."""
    message = _("Tên đăng nhập hoặc mã kích hoạt không đúng, đã dùng hoặc đã hết hạn.")
    username = (username or "").strip()
    address = address or "unknown"
    lockout = address_lock(address)
    if lockout is not None:
        raise LoginThrottled(lock_message(lockout))
    user = get_user_model().objects.filter(username=username).first()
    if user is None:
        record_failure(username, address, account_too=False)
        raise DomainError(message)
    now = timezone.now()
    try:
        return _use_code(user, code, password, password_again, now)
    except _WrongCode:
        # Outside the transaction the refusal rolls back: the count and a lockout must stay.
        record_failure(username, address, account_too=False)
        raise DomainError(message) from None


class _WrongCode(Exception):
    pass


def _use_code(user, code: str, password: str, password_again: str | None, now):
    with transaction.atomic():
        found = (
            AccountCode.objects.select_for_update()
            .filter(
                user=user, code_hash=hash_code(user.pk, code), used_at__isnull=True, revoked_at__isnull=True
            )
            .filter(expires_at__gt=now)
            .first()
        )
        if found is None:
            raise _WrongCode
        if not user.is_active:
            raise DomainError(_("Tài khoản này đã bị khoá. Hãy liên hệ văn phòng cấp uỷ."))
        if password_again is not None and password != password_again:
            raise DomainError(_("Hai lần nhập mật khẩu không giống nhau."))
        try:
            password_validation.validate_password(password, user)
        except ValidationError as error:
            raise DomainError(" ".join(error.messages)) from None
        user.set_password(password)
        user.save(update_fields=["password"])
        found.used_at = now
        found.save(update_fields=["used_at"])
        AccountCode.objects.filter(user=user, used_at__isnull=True, revoked_at__isnull=True).update(
            revoked_at=now
        )
        # A new password ends every way in the old one opened: sessions follow the password hash
        # (Django), API tokens are revoked here, so whoever took the account is out of it.
        tokens = _revoke_tokens(user, now)
        member = Member.objects.filter(user=user).select_related("cell").first()
        audit.record(
            "account.activate"
            if found.purpose == AccountCode.Purpose.ACTIVATION
            else "account.password_reset",
            member or user,
            actor=user,
            partition=audit_partition(member.cell) if member else audit.GLOBAL_PARTITION,
            changes={"username": user.username} | ({"tokens_revoked": tokens} if tokens else {}),
        )
    return user


def change_password(*, actor, password: str):
    """The signed-in person chooses a new password (the page checked the old one through the
    throttled login, so guesses count and lock like wrong logins). Their API tokens are revoked,
    as after a reset: a changed password ends every way in the old one opened. Returns the user."""
    if not getattr(actor, "is_authenticated", False) or not actor.is_active:
        raise NotAllowed(_("Hãy đăng nhập để đổi mật khẩu."))
    try:
        password_validation.validate_password(password, actor)
    except ValidationError as error:
        raise DomainError(" ".join(error.messages)) from None
    with transaction.atomic():
        actor.set_password(password)
        actor.save(update_fields=["password"])
        tokens = _revoke_tokens(actor, timezone.now())
        member = Member.objects.filter(user=actor).select_related("cell").first()
        audit.record(
            "account.password_change",
            member or actor,
            actor=actor,
            partition=audit_partition(member.cell) if member else audit.GLOBAL_PARTITION,
            changes={"username": actor.username} | ({"tokens_revoked": tokens} if tokens else {}),
        )
    return actor


def request_password_reset(*, identifier: str, site_url: str) -> bool:
    """ "Quên mật khẩu": when `identifier` (user name or e-mail) names one active, activated member
    login with an e-mail address, a reset code is sent to that address through the outbox
    (released at once: the member asked for it). Returns whether a message was sent; the page
    says the same either way, so nobody learns which accounts exist."""
    from chuyende.common.models import OutboxMessage
    from chuyende.common.outbox import MessageDraft, prepare_messages, release
    from chuyende.common.tasks import send_outbox

    identifier = (identifier or "").strip()
    if not identifier:
        return False
    matches = list(
        Member.objects.filter(Q(user__username=identifier) | Q(email__iexact=identifier), is_active=True)
        .exclude(email="")
        .filter(user__is_active=True)
        # Not a login waiting for its activation: a new code would revoke the one on the printed
        # sheet, and anyone who guesses a user name ("thanhnd") could void a cell's sheet.
        .exclude(user__password__startswith=UNUSABLE_PASSWORD_PREFIX)
        .select_related("user", "cell")[:2]
    )
    if len(matches) != 1:
        return False
    member = matches[0]
    account = member.user
    assert account is not None  # matched through user__is_active
    # Each request e-mails the member and voids the code sent before: past a few an hour, a
    # stranger typing the name again and again is flooding the member's mailbox. The page says
    # the same as always; the codes already sent keep working.
    recent = AccountCode.objects.filter(
        user=account, purpose=AccountCode.Purpose.RESET, created_at__gte=timezone.now() - timedelta(hours=1)
    )
    if recent.count() >= RESETS_PER_HOUR:
        return False
    with transaction.atomic():
        code, expires_at = _new_code(account, purpose=AccountCode.Purpose.RESET, actor=None)
        OutboxMessage.objects.filter(topic=RESET_TOPIC, member=member).exclude(
            status=OutboxMessage.Status.SENT
        ).delete()
        prepare_messages(
            actor=SYSTEM,
            organization=member.cell,
            topic=RESET_TOPIC,
            drafts=[
                MessageDraft(
                    member=member,
                    to_email=member.email,
                    subject="Đặt lại mật khẩu Sinh hoạt chuyên đề",
                    body=(
                        f"Kính gửi đồng chí {member.full_name},\n\n"
                        "Có yêu cầu đặt lại mật khẩu cho tài khoản của đồng chí.\n"
                        f"Tên đăng nhập: {account.username}\nMã: {code}\n"
                        f"Mã dùng được đến {timezone.localtime(expires_at):%H:%M ngày %d/%m/%Y}.\n\n"
                        f"{activation_link(site_url, account.username, code)}\n\n"
                        "Nếu đồng chí không yêu cầu, hãy bỏ qua thư này; mật khẩu cũ vẫn dùng được."
                    ),
                )
            ],
        )
        release(
            actor=SYSTEM,
            organization=member.cell,
            messages=OutboxMessage.objects.filter(topic=RESET_TOPIC, member=member),
        )
        audit.record(
            "account.reset_requested",
            member,
            actor=SYSTEM,
            partition=audit_partition(member.cell),
            changes={"username": account.username},
        )
        transaction.on_commit(send_outbox.enqueue)
    return True


def _set_active(*, actor, member: Member, active: bool) -> Member:
    _check(actor, member)
    if member.user_id is None:
        raise DomainError(_("Đảng viên này chưa có tài khoản."))
    user = member.user
    assert user is not None  # user_id checked above
    if user.is_active == active:
        return member
    with transaction.atomic():
        user.is_active = active
        user.save(update_fields=["is_active"])
        if not active:
            AccountCode.objects.filter(user=user, used_at__isnull=True, revoked_at__isnull=True).update(
                revoked_at=timezone.now()
            )
        audit.record(
            "account.reactivate" if active else "account.deactivate",
            member,
            actor=actor,
            partition=audit_partition(member.cell),
            changes={"username": user.username},
        )
    return member


def deactivate_account(*, actor, member: Member) -> Member:
    """Locks the member's login: they can no longer sign in, their codes and API tokens stop
    working (both check `is_active`); their records stay."""
    return _set_active(actor=actor, member=member, active=False)


def reactivate_account(*, actor, member: Member) -> Member:
    """Unlocks a login locked by `deactivate_account`; the member's password is unchanged."""
    return _set_active(actor=actor, member=member, active=True)


def reset_account(*, actor, member: Member) -> IssuedCode:
    """The member lost access: their password stops working and a new activation code (shown
    once to the office, to hand over) lets them choose a new one. Creates the login if missing."""
    _check(actor, member)
    with transaction.atomic():
        user = create_login(actor=actor, member=member)
        if not user.is_active:
            raise DomainError(_("Tài khoản đang bị khoá. Hãy mở khoá trước khi cấp lại mã."))
        user.set_unusable_password()
        user.save(update_fields=["password"])
        tokens = _revoke_tokens(user, timezone.now())
        code, expires_at = _new_code(user, purpose=AccountCode.Purpose.ACTIVATION, actor=actor)
        audit.record(
            "account.reset",
            member,
            actor=actor,
            partition=audit_partition(member.cell),
            changes={"username": user.username} | ({"tokens_revoked": tokens} if tokens else {}),
        )
    return IssuedCode(member, user.username, code, expires_at)

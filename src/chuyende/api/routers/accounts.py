"""Members' logins over the API: the twin of the account pages (orgs.domain.accounts)."""

from datetime import datetime

from django.utils.translation import gettext as _
from ninja import Router, Schema, Status

from chuyende.common.errors import NotFound
from chuyende.common.throttle import client_address
from chuyende.orgs.access import get_member_for, get_organization_for
from chuyende.orgs.domain import accounts
from chuyende.orgs.models import Member
from chuyende.orgs.rules import can_manage_account

router = Router(tags=["accounts"])


class AccountOut(Schema):
    member_id: int
    username: str | None
    state: str
    state_label: str


class CodeOut(Schema):
    member_id: int
    full_name: str
    username: str
    code: str
    expires_at: datetime


class PreparedOut(Schema):
    prepared: int


class ActivateIn(Schema):
    username: str
    code: str
    password: str


class ActivatedOut(Schema):
    username: str


class ResetRequestIn(Schema):
    identifier: str


class ResetRequestOut(Schema):
    detail: str


def _account_out(member: Member) -> dict:
    member.refresh_from_db(fields=["user"])
    state = accounts.account_state(member)
    return {
        "member_id": member.pk,
        "username": member.user.username if member.user else None,
        "state": state,
        "state_label": str(accounts.STATE_LABELS[state]),
    }


def _code_out(issued: accounts.IssuedCode) -> dict:
    return {
        "member_id": issued.member.pk,
        "full_name": issued.member.full_name,
        "username": issued.username,
        "code": issued.code,
        "expires_at": issued.expires_at,
    }


def _site_url(request) -> str:
    return request.build_absolute_uri("/").rstrip("/")


@router.get("/members/{member_id}/account", response=AccountOut)
def get_account(request, member_id: int):
    """The state of a member's login: none, pending (not activated), active or disabled."""
    member = get_member_for(request.user, member_id)
    if not can_manage_account(request.user, member):
        raise NotFound(_("Không tìm thấy đảng viên này hoặc bạn không có quyền xem."))
    return _account_out(member)


@router.post("/members/{member_id}/account", response={201: AccountOut})
def create_account(request, member_id: int):
    """Creates the member's login (idempotent); the member activates it with a code."""
    member = get_member_for(request.user, member_id)
    accounts.create_login(actor=request.user, member=member)
    return Status(201, _account_out(member))


@router.post("/members/{member_id}/account/reset", response=CodeOut)
def reset_account(request, member_id: int):
    """Stops the password and returns a new one-time activation code, shown only in this answer."""
    member = get_member_for(request.user, member_id)
    return _code_out(accounts.reset_account(actor=request.user, member=member))


@router.post("/members/{member_id}/account/deactivate", response=AccountOut)
def deactivate_account(request, member_id: int):
    member = get_member_for(request.user, member_id)
    return _account_out(accounts.deactivate_account(actor=request.user, member=member))


@router.post("/members/{member_id}/account/reactivate", response=AccountOut)
def reactivate_account(request, member_id: int):
    member = get_member_for(request.user, member_id)
    return _account_out(accounts.reactivate_account(actor=request.user, member=member))


@router.post("/organizations/{organization_id}/activation-codes", response=list[CodeOut])
def issue_codes(request, organization_id: int):
    """New codes for every member of a cell who has not activated their login (the sheet's data)."""
    cell = get_organization_for(request.user, organization_id)
    return [_code_out(row) for row in accounts.issue_activation_codes(actor=request.user, cell=cell)]


@router.post("/organizations/{organization_id}/activation-emails", response=PreparedOut)
def prepare_emails(request, organization_id: int):
    """Prepares activation e-mails in the outbox of a cell; a person releases them."""
    cell = get_organization_for(request.user, organization_id)
    count = accounts.prepare_activation_emails(actor=request.user, cell=cell, site_url=_site_url(request))
    return {"prepared": count}


@router.post("/accounts/activate", response=ActivatedOut, auth=None)
def activate(request, payload: ActivateIn):
    """A member's first sign-in: user name, code and their own password. No login needed."""
    user = accounts.activate_account(
        username=payload.username,
        code=payload.code,
        password=payload.password,
        address=client_address(request),
    )
    return {"username": user.username}


@router.post("/accounts/password-reset", response=ResetRequestOut, auth=None)
def request_reset(request, payload: ResetRequestIn):
    """ "Forgot password": e-mails a reset code when the identifier names an account with an
    e-mail address; the answer is the same either way."""
    accounts.request_password_reset(identifier=payload.identifier, site_url=_site_url(request))
    return {"detail": _("Nếu tài khoản có thư điện tử, mã đặt lại mật khẩu đã được gửi.")}

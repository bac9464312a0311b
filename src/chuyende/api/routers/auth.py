import secrets

from django.contrib.auth import authenticate
from django.utils.translation import gettext as _
from ninja import Router, Schema, Status

from chuyende.api.schemas import InputSchema
from chuyende.common import audit
from chuyende.common.errors import NotAllowed
from chuyende.common.models import ApiToken
from chuyende.common.throttle import LoginThrottled, locked_reason

router = Router(tags=["auth"])


class TokenIn(InputSchema):
    username: str
    password: str
    name: str = "api"


class ErrorOut(Schema):
    detail: str


class TokenOut(Schema):
    token: str
    name: str


@router.post("/token", auth=None, response={201: TokenOut, 403: ErrorOut, 429: ErrorOut})
def create_token(request, payload: TokenIn):
    """Exchanges a username and password for a bearer token (shown once)."""
    user = authenticate(request, username=payload.username, password=payload.password)
    if user is None:
        reason = locked_reason(request)
        if reason:
            raise LoginThrottled(reason)
        raise NotAllowed(_("Tên đăng nhập hoặc mật khẩu không đúng."))
    key = secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=user, name=payload.name[:100], key_hash=ApiToken.hash_key(key), prefix=key[:8]
    )
    audit.record("api_token.create", token, actor=user, changes={"name": token.name})
    return Status(201, {"token": key, "name": token.name})

from django.utils import timezone
from ninja.security import HttpBearer, SessionAuth

from chuyende.common.models import ApiToken


class TokenAuth(HttpBearer):
    """`Authorization: Bearer <token>`; tokens are stored hashed and can be revoked."""

    def authenticate(self, request, token):
        try:
            api_token = ApiToken.objects.select_related("user").get(
                key_hash=ApiToken.hash_key(token), revoked_at__isnull=True
            )
        except ApiToken.DoesNotExist:
            return None
        if not api_token.user.is_active:
            return None
        ApiToken.objects.filter(pk=api_token.pk).update(last_used_at=timezone.now())
        request.user = api_token.user
        return api_token.user


AUTH = [TokenAuth(), SessionAuth()]

"""The hot path of a national consultation without the rest of the stack (issue 16).

A Bearer-token `POST /api/consultations/<id>/comments` is the one request that arrives by the
million. This WSGI wrapper answers it without URL resolution, the session, message and CSRF
middleware (a Bearer token is not a cookie, so CSRF does not apply: Ninja skips it for token auth
too) and Ninja's routing, and calls the very functions the endpoint calls: the host check,
`CachedTokenAuth` for the token, the `ConsultationCommentIn` schema for validation, `submit_comment_as` (the
domain's `submit_comment`: window, audience, permission, idempotency key) and the security
headers of Django's SecurityMiddleware, XFrameOptionsMiddleware and ContentSecurityPolicyMiddleware.

Only success is answered here. Anything else — an unknown or revoked token, a malformed body, a
refusal of the domain, a disallowed host, plain HTTP where HTTPS is required — goes to the full
Django application with the same body, which applies the same rules again and words the answer
(translated, with its status) exactly as the endpoint always did. A refusal writes nothing, so
answering it twice is harmless; every other request goes straight to Django.
"""

import json
import re
from io import BytesIO

from django.conf import settings
from django.core import signals
from django.core.exceptions import DisallowedHost
from django.core.handlers.wsgi import WSGIRequest
from django.http import Http404, HttpResponse
from django.middleware.clickjacking import XFrameOptionsMiddleware
from django.middleware.csp import ContentSecurityPolicyMiddleware
from django.middleware.security import SecurityMiddleware
from django.utils.cache import add_never_cache_headers, patch_cache_control
from pydantic import ValidationError

PATH = re.compile(r"^/api/consultations/(\d+)/comments$")
CONTENT_TYPE = "application/json; charset=utf-8"


class CommentFastPath:
    """WSGI middleware: the comment submission by token, else the wrapped application."""

    def __init__(self, application):
        self.application = application
        self._security = SecurityMiddleware(lambda request: None)
        self._frames = XFrameOptionsMiddleware(lambda request: None)
        self._csp = ContentSecurityPolicyMiddleware(lambda request: None)

    def __call__(self, environ, start_response):
        match = PATH.match(environ.get("PATH_INFO", ""))
        if (
            match is None
            or environ.get("REQUEST_METHOD") != "POST"
            or not environ.get("HTTP_AUTHORIZATION", "").startswith("Bearer ")
        ):
            return self.application(environ, start_response)
        try:
            length = int(environ.get("CONTENT_LENGTH") or 0)
        except ValueError:
            return self.application(environ, start_response)
        if length > settings.DATA_UPLOAD_MAX_MEMORY_SIZE:
            return self.application(environ, start_response)
        body = environ["wsgi.input"].read(length)
        environ["wsgi.input"] = BytesIO(body)
        signals.request_started.send(sender=self.__class__, environ=environ)
        try:
            response = self._answer(environ, body, int(match[1]))
        finally:
            signals.request_finished.send(sender=self.__class__)
        if response is None:
            environ["wsgi.input"] = BytesIO(body)
            return self.application(environ, start_response)
        headers = [*response.items(), *(("Set-Cookie", c.OutputString()) for c in response.cookies.values())]
        start_response(f"{response.status_code} {response.reason_phrase}", headers)
        return [response.content]

    def _answer(self, environ, body: bytes, consultation_id: int) -> HttpResponse | None:
        from chuyende.api.routers.consultation_schemas import ConsultationCommentIn
        from chuyende.api.routers.consultations import CachedTokenAuth, submit_comment_as
        from chuyende.common.errors import DomainError

        request = WSGIRequest(environ)
        try:
            request.get_host()
        except DisallowedHost:
            return None
        if settings.SECURE_SSL_REDIRECT and not request.is_secure():
            return None
        user = CachedTokenAuth().authenticate(request, environ["HTTP_AUTHORIZATION"][7:].strip())
        if user is None:
            return None
        try:
            payload = ConsultationCommentIn.model_validate_json(body)
            status, data = submit_comment_as(user, consultation_id, payload)
        except (ValidationError, DomainError, Http404):
            return None
        response = HttpResponse(json.dumps(data), content_type=CONTENT_TYPE, status=status)
        response.headers["Content-Length"] = str(len(response.content))  # as CommonMiddleware does
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        response.headers["Content-Language"] = (
            chosen if chosen in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE
        )
        self._security.process_response(request, response)
        self._frames.process_response(request, response)
        self._csp.process_response(request, response)
        # As web.middleware.PrivateCacheMiddleware does for every signed-in answer.
        add_never_cache_headers(response)
        patch_cache_control(response, private=True)
        return response

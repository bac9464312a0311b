"""The JSON API (Django Ninja). Endpoints parse, call the domain and serialize — no rules here."""

import json

from django.db import DataError
from django.http import Http404
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError
from ninja.parser import Parser

from chuyende.common.errors import DomainError
from chuyende.common.limits import nul_message

from .auth import AUTH
from .routers import accounts as accounts_router
from .routers import archive as archive_router
from .routers import auth as auth_router
from .routers import commitments as commitments_router
from .routers import consultations as consultations_router
from .routers import documents as documents_router
from .routers import meetings as meetings_router
from .routers import orgs as orgs_router
from .routers import papers as papers_router
from .routers import structure  # noqa: F401  (registers its operations on the orgs router)


class NulCharacter(ValueError):
    """A "\\u0000" in a JSON string: valid JSON, but PostgreSQL stores no NUL in text."""


def _check_text(value) -> None:
    """Raises on a string no database can store: a lone UTF-16 surrogate ("\\ud800") is valid
    JSON but not valid Unicode text, and PostgreSQL refuses a NUL character."""
    if isinstance(value, str):
        value.encode("utf-8")
        if "\x00" in value:
            raise NulCharacter
    elif isinstance(value, dict):
        for key, item in value.items():
            _check_text(key)
            _check_text(item)
    elif isinstance(value, list):
        for item in value:
            _check_text(item)


class TextParser(Parser):
    """JSON bodies whose strings are all valid Unicode text."""

    def parse_body(self, request):
        data = json.loads(request.body)
        try:
            _check_text(data)
        except UnicodeEncodeError:
            request._chuyende_body_error = _("Dữ liệu gửi lên có ký tự không hợp lệ (nửa cặp UTF-16).")
            raise
        except NulCharacter:
            request._chuyende_body_error = nul_message()
            raise
        return data


api = NinjaAPI(
    parser=TextParser(),
    title="chuyende API",
    version="1",
    description="API của hệ thống Sinh hoạt chuyên đề. Xác thực bằng phiên đăng nhập hoặc mã truy cập (Bearer).",
    auth=AUTH,
    urls_namespace="api",
)


@api.exception_handler(DomainError)
def domain_error(request, exc: DomainError):
    return api.create_response(request, {"detail": exc.message}, status=exc.status_code)


@api.exception_handler(Http404)
def not_found(request, exc):
    # Not the exception's text: Django's own (get_object_or_404) is English ("No … matches the given
    # query"). Our lookups raise NotFound with their own Vietnamese message (handled above).
    return api.create_response(request, {"detail": _("Không tìm thấy.")}, status=404)


@api.exception_handler(ValidationError)
def invalid_input(request, exc: ValidationError):
    fields = sorted(
        {".".join(str(p) for p in error.get("loc", ())[1:] if p != "payload") for error in exc.errors}
    )
    return api.create_response(
        request,
        {
            "detail": _("Dữ liệu gửi lên không hợp lệ: %(fields)s.")
            % {"fields": ", ".join(f for f in fields if f) or "body"},
            "errors": exc.errors,
        },
        status=422,
    )


@api.exception_handler(HttpError)
def http_error(request, exc: HttpError):
    message = getattr(request, "_chuyende_body_error", None)
    if message is None and exc.status_code == 400:
        message = _("Không đọc được dữ liệu gửi lên: nội dung phải là JSON hợp lệ (UTF-8).")
    if message is None and exc.status_code == 403:  # Ninja's "CSRF check Failed" (session without token)
        message = _("Yêu cầu bị từ chối: thiếu mã truy cập hợp lệ hoặc mã chống giả mạo (CSRF) của phiên.")
    if message is None:  # another of Ninja's own HttpErrors: its text is English
        message = _("Yêu cầu không được chấp nhận (mã %(status)s).") % {"status": exc.status_code}
    return api.create_response(request, {"detail": message}, status=exc.status_code)


@api.exception_handler(OverflowError)
@api.exception_handler(DataError)
def number_out_of_range(request, exc):
    # The last guard: a number past what the database stores (bounded inputs refuse it earlier).
    return api.create_response(request, {"detail": _("Giá trị số vượt quá giới hạn cho phép.")}, status=400)


@api.exception_handler(AuthenticationError)
def unauthenticated(request, exc):
    return api.create_response(
        request, {"detail": _("Chưa đăng nhập hoặc mã truy cập không hợp lệ.")}, status=401
    )


api.add_router("/auth", auth_router.router)
api.add_router("/", orgs_router.router)
api.add_router("/", accounts_router.router)
api.add_router("/", documents_router.router)
api.add_router("/meetings", meetings_router.router)
api.add_router("/papers", papers_router.router)
api.add_router("/archive", archive_router.router)
api.add_router("/commitments", commitments_router.router)
api.add_router("/consultations", consultations_router.router)

"""The JSON API (Django Ninja). Endpoints parse, call the domain and serialize — no rules here."""

from django.http import Http404
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError

from chuyende.common.errors import DomainError

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

api = NinjaAPI(
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
    return api.create_response(request, {"detail": str(exc) or _("Không tìm thấy.")}, status=404)


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

from django.contrib import admin
from django.urls import include, path

from chuyende.api.api import api
from chuyende.web.views.health import healthz

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("admin/", admin.site.urls),
    path("api/", api.urls),
    path("", include("chuyende.web.urls")),
]

handler400 = "chuyende.web.views.errors.bad_request"
handler403 = "chuyende.web.views.errors.permission_denied"
handler404 = "chuyende.web.views.errors.page_not_found"
handler500 = "chuyende.web.views.errors.server_error"

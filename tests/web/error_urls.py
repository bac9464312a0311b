"""The site's URLs plus one view that fails, to see the 500 page as a user would."""

from django.urls import path

from chuyende.urls import handler400, handler403, handler404, handler500
from chuyende.urls import urlpatterns as site


def _boom(request):
    raise RuntimeError("the database went away")


urlpatterns = [path("__boom__", _boom), *site]
__all__ = ["handler400", "handler403", "handler404", "handler500", "urlpatterns"]

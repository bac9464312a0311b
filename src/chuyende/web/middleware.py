from django.conf import settings
from django.http import HttpResponse
from django.shortcuts import resolve_url
from django.utils import translation


class PreferredLanguageMiddleware:
    """Vietnamese unless the user chose otherwise (language cookie, set by Django's set_language
    view). The browser's Accept-Language is ignored on purpose: many Vietnamese offices run
    browsers configured in English, and the product must still speak Vietnamese to them."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        language = chosen if chosen in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE
        request.LANGUAGE_CODE = language
        # override, not activate: the thread goes back to the site's language afterwards, so one
        # English request never leaks into work done later on the same thread (inline tasks,
        # messages built outside a request, the next test).
        with translation.override(language):
            response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        return response


class HtmxLoginRedirectMiddleware:
    """An htmx request whose session expired would get the login page swapped into a fragment of
    the current page. Tell htmx to load the login page as a whole page instead (HX-Redirect), so
    the user logs in again and comes back where they were."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if (
            request.headers.get("HX-Request")
            and response.status_code == 302
            and response.url.startswith(resolve_url(settings.LOGIN_URL))
        ):
            redirect = HttpResponse(status=204)
            redirect["HX-Redirect"] = response.url
            return redirect
        return response


class OversizedNumberMiddleware:
    """An id in an address past what a 64-bit key holds (/tham-luan/99999999999999999999/) makes
    the SQLite driver raise OverflowError and PostgreSQL a DataError. No such object can exist,
    so it is answered like any id that does not exist: 404, with the site's Vietnamese page."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        from django.db import DataError
        from django.http import Http404
        from django.views.defaults import page_not_found

        if isinstance(exception, OverflowError | DataError):
            return page_not_found(request, Http404())
        return None


class PrivateCacheMiddleware:
    """Nothing answered to a signed-in person is kept by a cache: pages, API answers and downloads
    carry members' names, contacts, minutes and comments. `Cache-Control: no-store, private` keeps
    them out of shared proxies and out of the browser's history cache, where the next person at a
    shared office computer would find them with the Back button after a log-out. Answers that set
    their own Cache-Control (static files, the login page) keep it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        from django.utils.cache import add_never_cache_headers, patch_cache_control

        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and not response.has_header("Cache-Control"):
            add_never_cache_headers(response)
            patch_cache_control(response, private=True)
        return response


class NulCharacterMiddleware:
    """A NUL character ("\\x00") in a form field or a query string is never typed by a person and
    no PostgreSQL text column stores it: the driver refuses the whole statement, which surfaced as
    "number out of range", a 404 or a 500 depending on where it landed. Refuse it at the door,
    in Vietnamese: JSON for the API, the 400 page for the pages. (JSON bodies are checked by the
    API's parser, uploaded files are not fields and may hold any byte.)"""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if self._has_nul(request):
            from django.http import JsonResponse
            from django.shortcuts import render

            from chuyende.common.limits import nul_message

            if request.path.startswith("/api/"):
                return JsonResponse({"detail": nul_message()}, status=400)
            return render(request, "web/errors/400.html", {"reason": nul_message()}, status=400)
        return self.get_response(request)

    @staticmethod
    def _has_nul(request) -> bool:
        sources = [request.GET]
        if request.method == "POST" and request.content_type in (
            "application/x-www-form-urlencoded",
            "multipart/form-data",
        ):
            sources.append(request.POST)
        return any(
            "\x00" in key or any("\x00" in value for value in values)
            for source in sources
            for key, values in source.lists()
        )

from django.conf import settings
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
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        return response

"""French first: the interface language is the user's explicit choice, else French."""

from django.conf import settings
from django.middleware.locale import LocaleMiddleware
from django.utils import translation


class FrenchFirstLocaleMiddleware(LocaleMiddleware):
    """Like Django's, but ignores the browser's Accept-Language header.

    Partners' phones are often set to English or to nothing; the product speaks French
    unless the URL prefix (public site) or the language switcher (cookie) says otherwise.
    """

    def process_request(self, request):
        supported = {code for code, _name in settings.LANGUAGES}
        language = translation.get_language_from_path(request.path_info)
        if not language:
            cookie = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
            language = cookie if cookie in supported else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()

    def process_response(self, request, response):
        # A 404 from the tracker or the API means "not yours / not there": Django would
        # redirect it to /fr/… (the public site's catch-all), so API clients got a 302.
        if response.status_code == 404 and request.path_info.startswith(("/api/", "/app/")):
            response.headers.setdefault("Content-Language", translation.get_language())
            return response
        return super().process_response(request, response)

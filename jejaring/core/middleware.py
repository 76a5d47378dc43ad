"""Request and response middleware: the language, and no caching of logged-in pages."""

from __future__ import annotations

from django.conf import settings
from django.utils import translation
from django.utils.cache import add_never_cache_headers


class LanguageMiddleware:
    """Activate the language the user picked (cookie set by the language switch), else
    Indonesian.

    Django's LocaleMiddleware would follow the browser's Accept-Language, and many phones and
    laptops in the field are set to English; the facilitators' working language is Indonesian.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.supported = {code for code, _ in settings.LANGUAGES}

    def __call__(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
        language = chosen if chosen in self.supported else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        translation.deactivate()
        return response


class NoStoreMiddleware:
    """``Cache-Control: no-store`` on every response to a logged-in user.

    Village pages and exports hold personal data: a shared computer's browser cache, or a proxy,
    must not keep a copy after the facilitator logs out.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            add_never_cache_headers(response)
        return response


class ConflictMiddleware:
    """A page write that collided with another at the same moment (a unique constraint) gets
    the 409 page asking to reload, instead of a 500. The services lock what they read before
    writing (jejaring.core.locks); this is the last line of defence."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        from django.db import IntegrityError
        from django.shortcuts import render

        if isinstance(exception, IntegrityError):
            return render(request, "409.html", status=409)
        return None

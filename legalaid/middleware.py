from django.conf import settings
from django.utils import translation
from django.utils.cache import add_never_cache_headers, patch_vary_headers


class VietnameseFirstLocaleMiddleware:
    """Vietnamese unless the user picked another language with the switch (its cookie).

    Django's LocaleMiddleware would follow the browser's Accept-Language, and most browsers
    in the centres' offices are set to English: the interface must still speak Vietnamese.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.languages = {code for code, _name in settings.LANGUAGES}

    def __call__(self, request):
        language = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        if language not in self.languages:
            language = settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        patch_vary_headers(response, ["Cookie"])
        response.headers.setdefault("Content-Language", language)
        return response


class PrivateResponseMiddleware:
    """No copy of what a signed-in user was shown may stay in a cache: pages, JSON, PDFs,
    spreadsheets and files carry ``Cache-Control: no-store`` (and ``Pragma: no-cache`` for old
    proxies), so that after logging out the browser's Back button asks the server again and
    finds the login page, not a case with a citizen ID.

    A response that already forbids storing keeps its own header; one that allowed caching
    (``private, max-age=…``) loses that for a signed-in user. Anonymous public pages (the
    roster, the survey form) and static files keep their normal caching.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            if "no-store" not in response.headers.get("Cache-Control", ""):
                add_never_cache_headers(response)
            response.headers.setdefault("Pragma", "no-cache")
        return response

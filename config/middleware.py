from django.conf import settings
from django.utils.translation import get_language


class RememberLanguageMiddleware:
    """Remember the language of the last page read, so that `/` leads back to it.

    The language comes from the URL (`/en/`, `/es/`); the cookie only decides where `/` goes.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        language = get_language()
        prefix = f"/{language}/"
        if (
            request.path.startswith(prefix)
            and response.status_code < 400
            and request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME) != language
        ):
            response.set_cookie(
                settings.LANGUAGE_COOKIE_NAME,
                language,
                max_age=365 * 24 * 3600,
                samesite="Lax",
                secure=settings.LANGUAGE_COOKIE_SECURE,
                httponly=True,
            )
        return response

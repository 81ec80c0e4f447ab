from django.conf import settings
from django.core.exceptions import BadRequest
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


class ErrorPageMiddleware:
    """A 405 (Django's is an empty body) gets a page in the page's language, keeping `Allow`.

    Last in MIDDLEWARE, so that the CSP and the other headers are added to the page it makes.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code == 405 and not getattr(response, "streaming", False):
            if not response.content:
                from config.error_views import method_not_allowed

                return method_not_allowed(request, response.get("Allow", ""))
        return response


FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")
UTF8_NAMES = ("utf-8", "utf8", "us-ascii", "ascii")


def allowed_methods(view):
    """The methods a view takes, as given to Django's `require_http_methods` (`require_safe`,
    `require_GET`...), found through its wrappers; None when the view does not say."""
    while view is not None:
        code, closure = getattr(view, "__code__", None), getattr(view, "__closure__", None)
        if code and closure:
            cells = dict(zip(code.co_freevars, closure, strict=True))
            if "request_method_list" in cells:
                return list(cells["request_method_list"].cell_contents)
        view = getattr(view, "__wrapped__", None)
    return None


class RequestCheckMiddleware:
    """Refusals that must come before the CSRF check, which would otherwise answer them with
    "allow cookies":

    - a method the page does not take (PUT, DELETE, a POST to a page that only reads) is a 405
      with `Allow`, in the page's language;
    - a form declared in another charset than UTF-8 (`charset=utf-16`, or one that does not
      exist) is a 400 in the page's language. Browsers send forms in the page's encoding, always
      UTF-8 here.

    In process_view rather than __call__, so that these pages pass through every middleware (the
    CSP and the other headers come from those listed after this one).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        allowed = allowed_methods(view_func)
        if allowed is not None and request.method not in allowed:
            from config.error_views import method_not_allowed

            return method_not_allowed(request, ", ".join(allowed))
        if request.method == "POST" and request.content_type in FORM_TYPES:
            charset = request.content_params.get("charset", "utf-8").strip().lower()
            if charset not in UTF8_NAMES:
                raise BadRequest("A form must be sent in UTF-8.")
        return None

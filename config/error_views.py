"""Error pages in the page's language and the site's layout, under the same CSP and headers.

Django's own handlers render without the request (so without our layout and switcher) and are
wrapped in `requires_csrf_token`, which reads the request body again: a body that cannot be
decoded (a form sent as UTF-16) then raised a second time inside the handler and reached gunicorn
as a bare 500. These never read the body.
"""

import logging

from django.conf import settings
from django.http import HttpResponse, HttpResponsePermanentRedirect
from django.shortcuts import render
from django.urls import translate_url
from django.utils.translation import get_language, override

logger = logging.getLogger(__name__)


def bad_request(request, exception=None):
    return render(request, "errors/400.html", status=400)


def permission_denied(request, exception=None):
    return render(request, "errors/403.html", status=403)


def csrf_failure(request, reason=""):
    """A form sent without its cookie (blocked cookies, a page open for hours): how to fix it."""
    return render(request, "errors/403_csrf.html", status=403)


def page_not_found(request, exception=None):
    address = _address_in_the_other_words(request)
    if address:
        return HttpResponsePermanentRedirect(address)
    return render(request, "404.html", status=404)


def _address_in_the_other_words(request):
    """/es/petitions/SLUG/ → /es/peticiones/SLUG/, /en/peticiones/… → /en/petitions/…: an
    address whose language segment was edited by hand, with the rest in the other language."""
    if request.method not in ("GET", "HEAD"):
        return None
    language = get_language()
    prefix = f"/{language}/"
    if not request.path.startswith(prefix):
        return None
    for code, _name in settings.LANGUAGES:
        if code == language:
            continue
        candidate = f"/{code}/" + request.path[len(prefix) :]
        with override(code):
            address = translate_url(candidate, language)
        if address != candidate:
            query = request.META.get("QUERY_STRING", "")
            return address + ("?" + query if query else "")
    return None


def method_not_allowed(request, allow):
    response = render(request, "errors/405.html", status=405)
    response["Allow"] = allow
    return response


def server_error(request):
    """Truthful: whatever failed may have been the signature. The layout if it can be drawn (it
    reads the session for messages), else a page with no dependencies at all."""
    try:
        return render(request, "500.html", status=500)
    except Exception:  # the database or the templates are what failed
        logger.exception("The error page could not be drawn; sending the plain one")
        first, second = ("es", "en") if get_language() == "es" else ("en", "es")
        body = PLAIN_500[first].format(lang=first, h="h1") + PLAIN_500[second].format(
            lang=second, h="h2"
        )
        return HttpResponse(
            PLAIN_PAGE.format(lang=first, body=body),
            status=500,
            content_type="text/html; charset=utf-8",
        )


PLAIN_PAGE = (
    '<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8">'
    '<meta name="viewport" content="width=device-width, initial-scale=1">'
    "<title>Firmamos</title></head><body><main>{body}</main></body></html>"
)
PLAIN_500 = {
    "en": '<div lang="{lang}"><{h}>Something went wrong</{h}><p>Your signature may not have been '
    "saved. Please try again in a moment; if it was saved, signing again does not count it "
    "twice.</p></div>",
    "es": '<div lang="{lang}"><{h}>Algo salió mal</{h}><p>Es posible que su firma no se haya '
    "guardado. Por favor, inténtelo de nuevo en un momento; si ya se guardó, firmar otra vez "
    "no la cuenta dos veces.</p></div>",
}

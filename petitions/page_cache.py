"""The petition page, cached whole for a couple of seconds, with a fresh CSRF token every time.

A viral petition's page is read far more often than it changes; rendering it (the crispy form most
of all) cost many times what the database does. Anonymous readers therefore get the page rendered
at most `COUNT_CACHE_SECONDS` ago (so the count shown is never more than that behind), with the
CSRF token and the sign form's timestamp (bound to the reader's CSRF cookie) put in per
request. Anyone with a session or a pending message gets a fresh render.

The pages are kept in each server process's memory, not in Redis: a process renders a page at most
once every few seconds, and a read costs no network round trip.
"""

import hashlib
import re

from django.conf import settings
from django.core.cache.backends.locmem import LocMemCache
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.template.loader import render_to_string
from django.utils.translation import get_language

from petitions import bot_checks

# Stands in for the CSRF token in the cached page; no field a signer fills may hold ":" or "_".
CSRF_PLACEHOLDER = "csrf:placeholder_3f9c1e"
# Stands in for the sign form's timestamp (bot_checks), which must be as fresh as the request.
STAMP_PLACEHOLDER = "stamp:placeholder_8d2a71"
_STAMP_INPUT = re.compile(rf'(name="{bot_checks.STARTED_FIELD}" value=")[^"]*(")')
pages = LocMemCache("firmamos-petition-pages", {"OPTIONS": {"MAX_ENTRIES": 500}})


# The blank sign form's fields, rendered once per language in each process (see blank_form).
_blank_forms = {}


def clear():
    pages.clear()
    _blank_forms.clear()


def blank_form(form, request):
    """The unfilled sign form's fields as HTML, for a page rendered for this cache: rendering
    them (crispy forms) was half of rendering the page, and the page is rendered again every
    `COUNT_CACHE_SECONDS` in each process, each time costing readers 3% of the throughput
    (bench/). They depend only on the language; their fill-time stamp is replaced per request
    like the rest of the page's."""
    language = get_language()
    if language not in _blank_forms:
        html = render_to_string("petitions/includes/sign_form_fields.html", {"form": form}, request)
        _blank_forms[language] = html
    return _blank_forms[language]


def cacheable(request):
    return (
        settings.COUNT_CACHE_SECONDS > 0
        and request.method in ("GET", "HEAD")
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and "messages" not in request.COOKIES
    )


def _key(request):
    where = f"{request.scheme}://{request.get_host()}{request.get_full_path()}|{get_language()}"
    return "petition-page:" + hashlib.sha256(where.encode()).hexdigest()


def cached_page(request, render):
    """`render(csrf_token)` makes the page; for anonymous readers, once every few seconds."""
    if not cacheable(request):
        return render(None)
    key = _key(request)
    html = pages.get(key)
    if html is None:
        response = render(CSRF_PLACEHOLDER)
        if response.status_code != 200:
            return render(None)
        html = _STAMP_INPUT.sub(rf"\g<1>{STAMP_PLACEHOLDER}\g<2>", response.content.decode())
        pages.set(key, html, settings.COUNT_CACHE_SECONDS)
    html = html.replace(CSRF_PLACEHOLDER, get_token(request))
    return HttpResponse(html.replace(STAMP_PLACEHOLDER, bot_checks.stamp(request)))

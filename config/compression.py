"""Responses compressed by the app itself, so that a phone downloads a third of the petition page.

Django's GZipMiddleware, which since Django 4.2 mitigates BREACH: it puts 0-99 random bytes in
each gzip header, so a response's length no longer tells an attacker whether a guess matched a
secret in it (the CSRF token in a page is also masked anew for every response). It compresses
when the browser sends `Accept-Encoding: gzip` and always adds `Vary: Accept-Encoding`.

Only what a browser renders is compressed: pages, CSS, scripts, JSON, SVG, calendars. Downloads
(`Content-Disposition: attachment`: the CSV export as it streams, XLSX, PDF packets) keep their
bytes and their length; pictures are compressed already. Placed just after SecurityMiddleware,
before whitenoise: in production whitenoise answers with its own `.gz` of each static file (made
by collectstatic), which this leaves alone; under `manage.py runserver` (DEBUG) whitenoise serves
the plain files and this compresses them. Behind a proxy that compresses (deploy/Caddyfile), the
proxy sees a response already encoded and passes it on as it is.
"""

import re

from django.middleware.gzip import GZipMiddleware

COMPRESSIBLE = re.compile(
    r"^(text/|application/(json|javascript|xml|manifest\+json)|image/svg\+xml)", re.IGNORECASE
)


class CompressMiddleware(GZipMiddleware):
    def process_response(self, request, response):
        if (
            (response.streaming and request.method == "HEAD")  # no body to compress
            or response.status_code == 206  # a byte range of the file, not of its gzip
            or "attachment" in response.get("Content-Disposition", "")
            or not COMPRESSIBLE.match(response.get("Content-Type", ""))
        ):
            return response
        return super().process_response(request, response)

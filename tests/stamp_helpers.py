"""The sign form's fill-time stamp as the petition page gives it to a test client's browser.

The stamp is bound to the browser's CSRF cookie (petitions/bot_checks.py), so a test that posts
the sign form with a stamp of its own making gets it from `stamp_for(client, at=...)`: the client
first reads a page (for its CSRF cookie) if it has none yet.
"""

import time

from django.conf import settings
from django.test import RequestFactory

from petitions import bot_checks


def stamp_for(client, at=None, page="/en/petitions/trust-act-2018/"):
    if settings.CSRF_COOKIE_NAME not in client.cookies:
        client.get(page)
    request = RequestFactory().get(page)
    request.META["CSRF_COOKIE"] = client.cookies[settings.CSRF_COOKIE_NAME].value
    return bot_checks.stamp(request, now=time.time() if at is None else at)


def aged_stamp(client, seconds=20):
    """A stamp served `seconds` ago to this client: past the minimum fill time."""
    return stamp_for(client, at=time.time() - seconds)

"""The sign form's fill time (petitions/bot_checks.py), moved the way a person would move it.

The suite runs with the production minimum fill time (`SIGN_MIN_SECONDS`, 3 s). A person reads the
page before signing; a test that posts the form at once says when the form was served instead:
a minute ago, with a stamp signed exactly as the page signs it.
"""

import time

from django.test import RequestFactory

from petitions import bot_checks

A_MINUTE = 60
# The CSRF cookie every test browser carries (tests/conftest.py), as a real browser does once it
# has loaded the form: the stamp is bound to it (bot_checks), so a stamp made here fits it.
BROWSER_CSRF_SECRET = "TestBrowserCsrfSecret0123456789a"


def served_ago(seconds=A_MINUTE, csrf_secret=BROWSER_CSRF_SECRET):
    """The hidden `started` value of a form served `seconds` ago to a test browser (or to the
    browser whose CSRF cookie is `csrf_secret`)."""
    request = RequestFactory().get("/")
    request.META["CSRF_COOKIE"] = csrf_secret
    return bot_checks.stamp(request, now=time.time() - seconds)


def filled_in(data, seconds=A_MINUTE):
    """`data` as a person sends it after `seconds` on the page (a `started` already there stays)."""
    return {bot_checks.STARTED_FIELD: served_ago(seconds), **data}


def new_browser():
    """A browser that has loaded nothing yet: no CSRF cookie (unlike every other test client)."""
    from django.test import Client

    browser = Client()
    browser.cookies.clear()
    return browser

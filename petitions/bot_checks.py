"""Cheap checks that keep scripts out of the sign form without bothering people.

- A honeypot field that people never see, hear or reach with the keyboard: its container is
  hidden by CSS and from screen readers, and its label says to leave it empty. A script that fills
  every field is answered as if it had signed, and nothing is stored.
- A fill-time stamp: the form carries a signed stamp of when it was served and to which browser
  (a keyed digest of the browser's CSRF cookie, which the page's cache leaves per request: see
  page_cache.py). A form sent back sooner than `SIGN_MIN_SECONDS`, later than
  `SIGN_FORM_MAX_HOURS`, from another browser than the one it was served to, or with a stamp
  tampered with, gets a friendly error and a fresh form (stamped for this browser). So a stamp
  cannot be collected once and replayed for hours, nor handed to other machines.
  `SIGN_MIN_SECONDS=0` turns the stamp check off.
"""

import time

from django.conf import settings
from django.core import signing
from django.middleware.csrf import get_token
from django.utils.crypto import constant_time_compare, salted_hmac

HONEYPOT_FIELD = "leave_blank"
STARTED_FIELD = "started"
_signer = signing.Signer(salt="firmamos.sign-form.started")

TOO_FAST = "too_fast"
UNREADABLE = "unreadable"
EXPIRED = "expired"
OTHER_BROWSER = "other_browser"
# A stamp from the future beyond clock differences between app servers is not ours.
CLOCK_SKEW_SECONDS = 60


def _browser(csrf_secret):
    if not csrf_secret:
        return ""
    return salted_hmac("firmamos.sign-form.browser", csrf_secret).hexdigest()[:20]


def stamp(request=None, now=None):
    """The hidden field's value: when the form was served, and to which browser, signed.

    With a request, the browser's CSRF secret is made if it has none yet (the page then sets
    its cookie, as it does for the form's CSRF token).
    """
    browser = ""
    if request is not None:
        if "CSRF_COOKIE" not in request.META:  # the page's get_token() usually made it already
            get_token(request)
        browser = _browser(request.META.get("CSRF_COOKIE", ""))
    served = int(now if now is not None else time.time())
    return _signer.sign(f"{served}:{browser}")


def check_stamp(value, request=None, now=None):
    """None if the form is fine; TOO_FAST, EXPIRED, OTHER_BROWSER or UNREADABLE otherwise."""
    minimum = settings.SIGN_MIN_SECONDS
    if not minimum:
        return None
    try:
        served, browser = _signer.unsign(value or "").split(":")
        served = int(served)
    except (signing.BadSignature, ValueError):
        return UNREADABLE
    now = now if now is not None else time.time()
    if served > now + CLOCK_SKEW_SECONDS:
        return UNREADABLE
    if now - served > settings.SIGN_FORM_MAX_HOURS * 3600:
        return EXPIRED
    secret = request.META.get("CSRF_COOKIE", "") if request is not None else ""
    if not browser or not constant_time_compare(browser, _browser(secret)):
        return OTHER_BROWSER
    if now - served < minimum:
        return TOO_FAST
    return None


def filled_honeypot(data):
    return bool(data.get(HONEYPOT_FIELD, ""))

"""Cheap checks that keep scripts out of the sign form without bothering people.

- A honeypot field that people never see, hear or reach with the keyboard: its container is
  hidden by CSS and from screen readers, and its label says to leave it empty. A script that fills
  every field is answered as if it had signed, and nothing is stored.
- A minimum fill time: the form carries a signed timestamp of when it was served; a form sent back
  sooner than `SIGN_MIN_SECONDS`, or whose timestamp was tampered with, gets a friendly error and
  a fresh form.
"""

import time

from django.conf import settings
from django.core import signing

HONEYPOT_FIELD = "leave_blank"
STARTED_FIELD = "started"
_signer = signing.Signer(salt="firmamos.sign-form.started")

TOO_FAST = "too_fast"
UNREADABLE = "unreadable"


def stamp(now=None):
    """The hidden field's value: when the form was served, signed."""
    return _signer.sign(str(int(now if now is not None else time.time())))


def check_stamp(value, now=None):
    """None if the form took long enough; TOO_FAST or UNREADABLE otherwise."""
    minimum = settings.SIGN_MIN_SECONDS
    if not minimum:
        return None
    try:
        started = int(_signer.unsign(value or ""))
    except (signing.BadSignature, ValueError):
        return UNREADABLE
    now = now if now is not None else time.time()
    if now - started < minimum:
        return TOO_FAST
    return None


def filled_honeypot(data):
    return bool(data.get(HONEYPOT_FIELD, ""))

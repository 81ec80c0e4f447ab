"""Signed, expiring links for signers: confirm a signature, withdraw it, stop update emails.

A token names one signature, by its random link key (never its sequential id: a link reveals
neither how many signed nor when relative to others), and one purpose (each purpose has its own
salt, so a withdraw link cannot confirm or unsubscribe, and so on) and expires after a number of
days set in the settings (`CONFIRM_LINK_DAYS`, `WITHDRAW_LINK_DAYS`, `UNSUBSCRIBE_LINK_DAYS`).
It works once because the signature's state says so: a confirmed signature is not confirmed
again, a withdrawn one not withdrawn again, an unsubscribed signer not unsubscribed again.

The pages behind the links answer a bad token alike (petitions.views_signer.link_problem): 410
for an expired link, 404 for one that is not valid.
"""

import re
import secrets

from django.conf import settings
from django.core import signing

CONFIRM = "confirm"
WITHDRAW = "withdraw"
UNSUBSCRIBE = "unsubscribe"
PURPOSES = {
    CONFIRM: "CONFIRM_LINK_DAYS",
    WITHDRAW: "WITHDRAW_LINK_DAYS",
    UNSUBSCRIBE: "UNSUBSCRIBE_LINK_DAYS",
}


# What new_key() makes: 16 random bytes, URL-safe base64 without padding.
KEY = re.compile(r"[A-Za-z0-9_-]{22}")


class Expired(Exception):
    pass


class Invalid(Exception):
    pass


def _signer(purpose):
    if purpose not in PURPOSES:
        raise ValueError(f"unknown token purpose {purpose!r}")
    return signing.TimestampSigner(salt=f"firmamos.signature.{purpose}")


def new_key():
    """A signature's link key: random, so that a link shows no sequential id and no count."""
    return secrets.token_urlsafe(16)


def make(key, purpose):
    """A link token for the signature whose link key is `key` (Signature.link_key)."""
    return _signer(purpose).sign(str(key))


def read(token, purpose):
    """The link key the token was made for. Raises Expired or Invalid."""
    max_age = getattr(settings, PURPOSES[purpose]) * 24 * 3600
    try:
        value = _signer(purpose).unsign(token, max_age=max_age)
    except signing.SignatureExpired:
        raise Expired from None
    except signing.BadSignature:
        raise Invalid from None
    if not KEY.fullmatch(value):
        raise Invalid
    return value

"""Signed, expiring links for signers: confirm a signature, withdraw it, stop update emails.

A token names one signature and one purpose (each purpose has its own salt, so a withdraw link
cannot confirm or unsubscribe, and so on) and expires after a number of days set in the settings
(`CONFIRM_LINK_DAYS`, `WITHDRAW_LINK_DAYS`, `UNSUBSCRIBE_LINK_DAYS`). It works once because the
signature's state says so: a confirmed signature is not confirmed again, a withdrawn one not
withdrawn again, an unsubscribed signer not unsubscribed again.

The pages behind the links answer a bad token alike (petitions.views_signer.link_problem): 410
for an expired link, 404 for one that is not valid.
"""

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


class Expired(Exception):
    pass


class Invalid(Exception):
    pass


def _signer(purpose):
    if purpose not in PURPOSES:
        raise ValueError(f"unknown token purpose {purpose!r}")
    return signing.TimestampSigner(salt=f"firmamos.signature.{purpose}")


def make(signature_id, purpose):
    return _signer(purpose).sign(str(signature_id))


def read(token, purpose):
    """The signature id the token was made for. Raises Expired or Invalid."""
    max_age = getattr(settings, PURPOSES[purpose]) * 24 * 3600
    try:
        value = _signer(purpose).unsign(token, max_age=max_age)
    except signing.SignatureExpired:
        raise Expired from None
    except signing.BadSignature:
        raise Invalid from None
    if not value.isdigit():
        raise Invalid
    return int(value)

"""One-click unsubscribe links: a signed, timestamped signature id, so nobody can guess one."""

from datetime import timedelta

from django.core import signing
from django.urls import reverse
from django.utils import translation

from core.emails import absolute_url

SALT = "firmamos.outreach.unsubscribe"
# Long enough for an old email in an inbox to still work.
MAX_AGE = timedelta(days=400)


def make_token(signature_id):
    return signing.TimestampSigner(salt=SALT).sign_object(signature_id)


def read_token(token):
    """The signature id in `token`; raises signing.BadSignature (or SignatureExpired)."""
    signature_id = signing.TimestampSigner(salt=SALT).unsign_object(token, max_age=MAX_AGE)
    if not isinstance(signature_id, int):
        raise signing.BadSignature("not a signature id")
    return signature_id


def unsubscribe_url(signature_id, language):
    """Absolute link to the unsubscribe page, in the signer's language."""
    with translation.override(language):
        path = reverse("unsubscribe", kwargs={"token": make_token(signature_id)})
    return absolute_url(path)

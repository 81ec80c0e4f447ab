"""One-click unsubscribe links: a signed, expiring token (core.tokens) for one signature."""

from django.urls import reverse
from django.utils import translation

from core import tokens
from core.emails import absolute_url


def unsubscribe_url(signature, language):
    """Absolute link to the unsubscribe page, in the signer's language."""
    token = tokens.make(signature.link_key, tokens.UNSUBSCRIBE)
    with translation.override(language):
        path = reverse("unsubscribe", kwargs={"token": token})
    return absolute_url(path)

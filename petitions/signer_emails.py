"""The emails a signer gets, in the language they signed in: a receipt and a confirmation request.

A receipt goes out when a signature counts: at once on most petitions, after the confirmation on
petitions that require one. It says what was signed and carries a link to share and a link to
withdraw. The confirmation email carries a link to the confirm page (the button there confirms).
"""

from django.urls import reverse
from django.utils import translation

from petitions import tokens
from petitions.emails import absolute_url, send_email


def _link(name, petition, signature, purpose):
    token = tokens.make(signature.pk, purpose)
    return absolute_url(reverse(name, kwargs={"slug": petition.slug, "token": token}))


def withdraw_url(signature, petition):
    """The link, for any email to a signer, that leads to withdrawing their signature, in the
    language they signed in."""
    with translation.override(signature.language):
        return _link("petitions:withdraw", petition, signature, tokens.WITHDRAW)


def _context(signature, petition):
    with translation.override(signature.language):
        return {
            "first_name": signature.first_name,
            "petition_title": petition.title,
            "petition_target": petition.target,
            "petition_statement": petition.statement,
            "petition_url": absolute_url(petition.get_absolute_url()),
            "withdraw_url": withdraw_url(signature, petition),
            "privacy_url": absolute_url(reverse("privacy")),
        }


def send_receipt(signature, petition):
    send_email("receipt", signature.email, _context(signature, petition), signature.language)


def send_confirmation(signature, petition):
    context = _context(signature, petition)
    with translation.override(signature.language):
        context["confirm_url"] = _link("petitions:confirm", petition, signature, tokens.CONFIRM)
    send_email("confirm", signature.email, context, signature.language)


def after_signing(signature, petition):
    """The email a new signature gets."""
    if not signature.email:
        return
    if petition.requires_confirmation:
        send_confirmation(signature, petition)
    else:
        send_receipt(signature, petition)

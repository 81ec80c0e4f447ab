"""The emails a signer gets, in the language they signed in: a receipt and a confirmation request.

A receipt goes out when a signature counts: at once on most petitions, after the confirmation on
petitions that require one. It says what was signed and carries a link to share and a link to
withdraw. The confirmation email carries a link to the confirm page (the button there confirms).

The job queued for a signer (core/outbox.py) holds only the signature's id and the kind of email:
the worker reads the signature and its petition when it sends, so that storing a signature stays
cheap, the queue holds no personal data, and a signature withdrawn or invalidated in between gets
nothing.
"""

import hashlib

from django.core.cache import cache
from django.urls import reverse
from django.utils import translation

from core import outbox, tokens
from core.emails import absolute_url, build_email
from petitions.models import Signature

RECEIPT = "receipt"
CONFIRM = "confirm"
REPEAT = "repeat"  # to someone whose address signed again: what happened, and the withdraw link
# One explanation per address per petition in this time, however often it is tried.
REPEAT_EMAIL_SECONDS = 3600


def _link(name, petition, signature, purpose):
    token = tokens.make(signature.link_key, purpose)
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
            # Where the signer said they live, as it goes to the petition's target.
            "place": ", ".join(part for part in (signature.town, signature.state) if part),
            "petition_title": petition.title,
            "petition_target": petition.target,
            "petition_statement": petition.statement,
            "petition_url": absolute_url(petition.get_absolute_url()),
            "withdraw_url": withdraw_url(signature, petition),
            "privacy_url": absolute_url(reverse("privacy")),
        }


def email_for(signature_id, kind):
    """The email `kind` to a signer as things stand now; None when it should no longer go."""
    # A receipt says the signature counts: sent only if it still does.
    signatures = Signature.objects.counted() if kind == RECEIPT else Signature.objects.valid()
    signature = signatures.select_related("petition").filter(pk=signature_id).first()
    if signature is None or not signature.email:
        return None
    if kind == CONFIRM and signature.confirmed_at:
        return None
    if kind == REPEAT and signature.invalidated_at:
        return None
    petition = signature.petition
    context = _context(signature, petition)
    if kind == CONFIRM:
        with translation.override(signature.language):
            context["confirm_url"] = _link("petitions:confirm", petition, signature, tokens.CONFIRM)
    return build_email(kind, signature.email, context, signature.language)


def _build(job):
    return email_for(job.signature_id, job.kind)


for _kind in (RECEIPT, CONFIRM, REPEAT):
    outbox.register(_kind, _build)


def send_receipt(signature):
    outbox.enqueue(RECEIPT, signature_id=signature.pk)


def after_repeat(signature, petition):
    """Someone signed again with an address that had signed: the page they see is a new signer's
    (petitions/views.py), and the address's owner is told by email — the confirmation again while
    it is pending, otherwise what happened. At most one such email per address per petition per
    REPEAT_EMAIL_SECONDS, so the form cannot be used to flood someone's inbox."""
    if not signature.email:
        return
    key = "repeat-email:" + hashlib.sha256(f"{petition.pk}:{signature.email}".encode()).hexdigest()
    if not cache.add(key, 1, REPEAT_EMAIL_SECONDS):
        return
    pending = signature.confirmed_at is None and petition.requires_confirmation
    outbox.enqueue(CONFIRM if pending else REPEAT, signature_id=signature.pk)


def kind_after_signing(signature, petition):
    """The email a new signature gets: the confirmation link, the receipt, or none (no email).
    Queued in the signature's own transaction by petitions/lifecycle.py."""
    if not signature.email:
        return None
    return CONFIRM if petition.requires_confirmation else RECEIPT

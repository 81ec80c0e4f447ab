"""Telling signers what happened: an update emailed to a petition's signers who asked for news.

`send_update(update)` checks the update and queues ONE job (core/outbox.py); the worker runs it:
it walks the recipients and, for each, records the recipient (a unique row per update and
signature: the database refuses a second) and queues that signer's email job in the same
transaction. So a request never loops over signers, an update reaches each signer at most once
even if it is sent twice or two workers overlap, and one slow or failing email does not hold up
the others. An email job holds only the update's and the signature's ids: the email is built
when it is sent, and a signer who withdrew or unsubscribed in between gets nothing.
"""

from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from core import outbox
from core.emails import absolute_url, build_email
from core.languages import codes
from outreach.models import Update, UpdateRecipient
from outreach.unsubscribe import unsubscribe_url
from petitions.models import Signature
from petitions.signer_emails import withdraw_url

EMAIL = "update"
FAN_OUT = "update-fan-out"
BATCH = 500
LANGUAGES = set(codes())


class CannotSend(Exception):
    pass


def problem(update):
    """Why this update cannot be emailed, in words for the organiser; None when it can."""
    if update.petition_id is None:
        return _("It is not about a petition, so there are no signers to email.")
    if not update.is_published:
        return _("It is not published yet.")
    missing = update.missing_translations()
    if missing:
        return _("Its title and text must be written in both languages first (missing: %s).") % (
            ", ".join(str(name) for name in missing)
        )
    return None


def subscribers(petition):
    """Signers of `petition` who count and asked for news by email."""
    return (
        Signature.objects.filter(petition=petition)
        .counted()
        .filter(updates_opt_in=True)
        .exclude(email="")
    )


def recipients(update):
    """Subscribers this update has not been emailed to yet.

    An update announcing a delivery goes to the signers whose signatures that delivery handed over.
    """
    queryset = subscribers(update.petition_id)
    if update.delivery_id:
        queryset = queryset.filter(delivery_id=update.delivery_id)
    return queryset.exclude(update_emails__update=update)


def recipients_by_language(update):
    counts = dict.fromkeys(sorted(LANGUAGES), 0)
    for language in recipients(update).values_list("language", flat=True):
        counts[language if language in LANGUAGES else settings.LANGUAGE_CODE] += 1
    return counts


def send_update(update):
    """Email `update` to its petition's subscribers who have not had it yet.

    Returns how many signers it is queued for; raises CannotSend with the reason otherwise.
    For a delivery: create an Update with `petition=delivery.petition` (title and text in both
    languages), then call this.
    """
    reason = problem(update)
    if reason:
        raise CannotSend(reason)
    count = recipients(update).count()
    outbox.enqueue(FAN_OUT, update_id=update.pk)
    return count


def fan_out(update_id):
    """Queue one email per subscriber not yet recorded for this update. Returns how many."""
    update = Update.objects.select_related("petition").filter(pk=update_id).first()
    if update is None or problem(update):
        return 0
    queued, last_pk = 0, 0
    while True:
        # In batches by primary key: never writing to a table while a cursor is still reading it
        # (SQLite gives no isolation inside one connection), and memory stays flat.
        batch = list(
            recipients(update).filter(pk__gt=last_pk).order_by("pk").only("pk", "language")[:BATCH]
        )
        if not batch:
            return queued
        for signature in batch:
            queued += _record(update, signature)
        last_pk = batch[-1].pk


def _record(update, signature):
    """Claim this (update, signer) pair and queue its email, together; False when it was already
    emailed."""
    try:
        with transaction.atomic():
            UpdateRecipient.objects.create(
                update=update, signature=signature, language=signature.language
            )
            outbox.enqueue(EMAIL, signature_id=signature.pk, update_id=update.pk)
    except IntegrityError:
        return False
    return True


def email_for(update_id, signature_id):
    """The update email to one signer, built now; None when they should no longer get it
    (withdrawn, invalidated, unsubscribed, no address) or the update can no longer be sent."""
    update = Update.objects.select_related("petition").filter(pk=update_id).first()
    if update is None or problem(update):
        return None
    signature = subscribers(update.petition_id).filter(pk=signature_id).first()
    if signature is None:
        return None
    language = signature.language if signature.language in LANGUAGES else settings.LANGUAGE_CODE
    unsubscribe = unsubscribe_url(signature, language)
    with translation.override(language):
        petition_url = absolute_url(
            reverse("petitions:detail", kwargs={"slug": update.petition.slug})
        )
    context = {
        "first_name": signature.first_name,
        "title": getattr(update, f"title_{language}"),
        "body": getattr(update, f"body_{language}"),
        "source_url": update.source_url,
        "petition_title": getattr(update.petition, f"title_{language}") or update.petition.title,
        "petition_url": petition_url,
        "unsubscribe_url": unsubscribe,
        "withdraw_url": withdraw_url(signature, update.petition),
    }
    headers = {
        "List-Unsubscribe": f"<{unsubscribe}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    }
    return build_email(EMAIL, signature.email, context, language, headers=headers)


def _fan_out_job(job):
    fan_out(job.update_id)
    return None  # it queues emails; it sends none itself


outbox.register(FAN_OUT, _fan_out_job)
outbox.register(EMAIL, lambda job: email_for(job.update_id, job.signature_id))

"""Announcing a delivery: an update on the petition, in both languages, emailed to its signers.

The update is written once per delivery (`Update.delivery`), from the delivery's own figures, so
announcing twice neither writes a second update nor emails anyone a second time.
"""

from django.utils import formats, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from core.languages import codes
from outreach.announce import CannotSend, send_update
from outreach.models import Update
from petitions.models import Delivery


def _texts(delivery, code):
    with translation.override(code):
        values = {
            "count": delivery.signature_count,
            "recipient": delivery.recipient,  # in `code`, with modeltranslation's fallback
            "method": delivery.get_method_display(),
            "date": formats.date_format(delivery.delivered_on, "DATE_FORMAT"),
        }
        count = delivery.signature_count
        title = ngettext(
            "%(count)s signature delivered (%(recipient)s)",
            "%(count)s signatures delivered (%(recipient)s)",
            count,
        )
        body = ngettext(
            "On %(date)s we delivered %(count)s signature %(method)s. Recipient: %(recipient)s.",
            "On %(date)s we delivered %(count)s signatures %(method)s. Recipient: %(recipient)s.",
            count,
        )
        title, body = title % values, body % values
        if delivery.place:
            body += " " + _("Place: %(place)s.") % {"place": delivery.place}
        body += "\n\n" + _("Thank you to everyone who signed.")
    return {f"title_{code}": title, f"body_{code}": body}


def delivery_update(delivery):
    """The update announcing `delivery`, written the first time it is asked for."""
    fields = {}
    for code in codes():
        fields.update(_texts(delivery, code))
    update, _created = Update.objects.get_or_create(
        delivery=delivery,
        defaults={
            "campaign_id": delivery.petition.campaign_id,
            "petition": delivery.petition,
            "published_on": delivery.delivered_on,
            # A draft: on the public page only once an organiser has read and published it.
            "is_published": False,
            **fields,
        },
    )
    return update


def check_announceable(delivery):
    if delivery.status != Delivery.Status.DELIVERED or not delivery.delivered_on:
        raise CannotSend(_("Only a delivery marked as delivered, with its date, can be announced."))


def announce_delivery(delivery):
    """Publish and email the news of a delivered delivery to the signers it handed over.

    Returns how many signers it goes to.
    """
    check_announceable(delivery)
    update = delivery_update(delivery)
    if not update.is_published:
        Update.objects.filter(pk=update.pk).update(is_published=True)
        update.is_published = True
    return send_update(update)

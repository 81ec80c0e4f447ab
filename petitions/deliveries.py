"""Recording which signatures a delivery handed over: each signature in one delivery at most."""

from django.db import transaction
from django.db.models import Q

from core.languages import codes
from petitions.models import Delivery, Petition, Signature


@transaction.atomic
def attach(delivery, signatures):
    """Put the counted, not yet delivered ones among `signatures` into `delivery`.

    The petition's row is locked first, so two organisers recording at once cannot both take
    the same signatures. Returns how many were added; `delivery.signature_count` is refreshed.
    """
    Petition.objects.select_for_update().filter(pk=delivery.petition_id).first()
    eligible = signatures.filter(petition_id=delivery.petition_id).counted().undelivered()
    added = Signature.objects.filter(pk__in=eligible.values("pk")).update(delivery=delivery)
    delivery.signature_count = delivery.signatures.count()
    delivery.save(update_fields=["signature_count"])
    return added


@transaction.atomic
def record(petition, signatures, **fields):
    """A new planned delivery of `petition` holding the not yet delivered among `signatures`."""
    if not any(name.startswith("recipient") for name in fields):
        # By default the petition's target, in each language.
        for code in codes():
            fields[f"recipient_{code}"] = getattr(petition, f"target_{code}")
    delivery = Delivery.objects.create(petition=petition, **fields)
    attach(delivery, signatures)
    return delivery


def forget_packets(signatures):
    """Delete the stored packets (PDFs with names, emails, comments) of the deliveries holding
    any of `signatures`, once the surrounding transaction commits: a withdrawn or anonymised
    person must not survive in a file. The next download builds the packet again from the
    signatures as they are then (petitions/admin/delivery.py)."""
    deliveries = Delivery.objects.filter(
        pk__in=signatures.exclude(delivery=None).values("delivery_id")
    ).exclude(Q(packet="") | Q(packet__isnull=True))
    names = list(deliveries.values_list("packet", flat=True))
    if not names:
        return 0
    deliveries.update(packet="")
    storage = Delivery._meta.get_field("packet").storage
    transaction.on_commit(lambda: [storage.delete(name) for name in names])
    return len(names)

"""Recording which signatures a delivery handed over: each signature in one delivery at most.

A delivery is never empty, is recorded once per form (its `request_token`, so a double click
records one), and its stored packet and `signature_count` follow its signatures while it is
planned: any change (more added, one withdrawn, invalidated or restored) deletes the packet, and
the next download builds it again (petitions/admin/delivery.py).
"""

from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from core import jobs
from core.languages import codes
from petitions.job_kinds import PACKET, SIGNER_FILES
from petitions.models import Delivery, Petition, Signature


class EmptyDelivery(Exception):
    """None of the chosen signatures can go into a delivery."""

    def __str__(self):
        return _(
            "No signatures to deliver: every signature you chose is already in a delivery, "
            "or does not count. A delivery cannot be empty."
        )


def eligible(petition, signatures):
    """Those among `signatures` that a new delivery of `petition` would take."""
    return signatures.filter(petition_id=petition.pk).counted().undelivered()


@transaction.atomic
def attach(delivery, signatures):
    """Put the counted, not yet delivered ones among `signatures` into `delivery`.

    The petition's row is locked first, so two organisers recording at once cannot both take
    the same signatures. Returns how many were added; `delivery.signature_count` is refreshed.
    """
    Petition.objects.select_for_update().filter(pk=delivery.petition_id).first()
    chosen = eligible(delivery.petition, signatures)
    added = Signature.objects.filter(pk__in=chosen.values("pk")).update(delivery=delivery)
    if added:
        count = Signature.objects.filter(delivery=delivery).counted().count()
        Delivery.objects.filter(pk=delivery.pk).update(signature_count=count)
        _forget_packet(delivery)
        delivery.refresh_from_db(fields=["signature_count", "packet"])
    return added


@transaction.atomic
def record(petition, signatures, token=None, **fields):
    """A new planned delivery of `petition` holding the not yet delivered among `signatures`.

    With `token` (one per form shown), a second call returns the delivery the first recorded.
    Raises EmptyDelivery when there is nothing to take; `delivery.repeated` tells which.
    """
    Petition.objects.select_for_update().filter(pk=petition.pk).first()
    if token:
        existing = Delivery.objects.filter(request_token=token).first()
        if existing is not None:
            existing.repeated = True
            return existing
    if not eligible(petition, signatures).exists():
        raise EmptyDelivery
    if not any(name.startswith("recipient") for name in fields):
        # By default the petition's target, in each language.
        for code in codes():
            fields[f"recipient_{code}"] = getattr(petition, f"target_{code}")
    delivery = Delivery.objects.create(petition=petition, request_token=token or None, **fields)
    attach(delivery, signatures)
    delivery.repeated = False
    return delivery


@transaction.atomic
def cancel(delivery):
    """Cancel a planned delivery: its signatures are freed for the next one, its packet
    deleted, the record removed. False (and nothing done) for a delivered one."""
    if delivery.status != Delivery.Status.PLANNED:
        return False
    Signature.objects.filter(delivery=delivery).update(delivery=None)
    _delete_files([delivery.packet.name] if delivery.packet else [])
    delivery.delete()
    return True


def holding(signatures):
    """The ids of the deliveries holding any of `signatures` (taken before they change)."""
    return list(
        Delivery.objects.filter(
            pk__in=signatures.exclude(delivery=None).values("delivery_id")
        ).values_list("pk", flat=True)
    )


def refresh(delivery_ids):
    """Their signatures changed: the planned ones among these deliveries are recounted and
    their stored packets deleted (built again on the next download). A delivered one keeps
    the count it handed over."""
    planned = Delivery.objects.filter(pk__in=delivery_ids, status=Delivery.Status.PLANNED)
    petition_ids = set(planned.values_list("petition_id", flat=True))
    if petition_ids:  # a packet being built now for one of them starts again
        jobs.forget(petition_ids, (PACKET,))
    for delivery in planned:
        count = Signature.objects.filter(delivery=delivery).counted().count()
        if count != delivery.signature_count:
            Delivery.objects.filter(pk=delivery.pk).update(signature_count=count)
    stored = planned.exclude(Q(packet="") | Q(packet__isnull=True))
    names = list(stored.values_list("packet", flat=True))
    stored.update(packet="")
    _delete_files(names)


def _forget_packet(delivery):
    jobs.forget([delivery.petition_id], (PACKET,))  # one being built now starts again
    stored = Delivery.objects.filter(pk=delivery.pk).exclude(Q(packet="") | Q(packet__isnull=True))
    names = list(stored.values_list("packet", flat=True))
    stored.update(packet="")
    _delete_files(names)


def _delete_files(names):
    if names:
        storage = Delivery._meta.get_field("packet").storage
        transaction.on_commit(lambda: [storage.delete(name) for name in names])


def forget_packets(signatures):
    """Delete the stored packets (PDFs with names, emails, comments) of the deliveries holding
    any of `signatures`, once the surrounding transaction commits: a withdrawn or anonymised
    person must not survive in a file. The next download builds the packet again from the
    signatures as they are then (petitions/admin/delivery.py).

    The same for the files of background jobs of their petitions (exports, packets being built):
    finished ones are deleted, running ones start again (core/jobs.py, `forget`)."""
    petition_ids = set(signatures.order_by().values_list("petition_id", flat=True).distinct())
    if petition_ids:
        jobs.forget(petition_ids, SIGNER_FILES)
    deliveries = Delivery.objects.filter(
        pk__in=signatures.exclude(delivery=None).values("delivery_id")
    ).exclude(Q(packet="") | Q(packet__isnull=True))
    names = list(deliveries.values_list("packet", flat=True))
    if not names:
        return 0
    deliveries.update(packet="")
    _delete_files(names)
    return len(names)

"""Invalidating signatures (abuse) and restoring them: never deleted, always out of the count."""

from django.db import transaction
from django.utils import timezone

from petitions import counting
from petitions.models import Petition


def _recount(petition_ids):
    for petition in Petition.objects.filter(pk__in=petition_ids):
        counting.recount(petition)


@transaction.atomic
def invalidate(signatures):
    """Mark `signatures` invalid; the counts of their petitions are recomputed in the same
    transaction. Returns how many were newly invalidated."""
    targets = signatures.filter(invalidated_at__isnull=True)
    petition_ids = set(targets.order_by().values_list("petition_id", flat=True).distinct())
    changed = targets.update(invalidated_at=timezone.now())
    _recount(petition_ids)
    return changed


@transaction.atomic
def restore(signatures):
    targets = signatures.filter(invalidated_at__isnull=False)
    petition_ids = set(targets.order_by().values_list("petition_id", flat=True).distinct())
    changed = targets.update(invalidated_at=None)
    _recount(petition_ids)
    return changed

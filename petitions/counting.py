"""The petition's count: kept exact by the database, never COUNT(*) on a page view.

Every change to whether a signature counts goes through here, in the same transaction as the
change itself, so `Petition.signature_count` is always the number of counted signatures.
"""

from django.db import transaction
from django.db.models import F

from petitions.models import Petition, Signature


def adjust(petition_id, delta):
    if delta:
        Petition.objects.filter(pk=petition_id).update(signature_count=F("signature_count") + delta)


@transaction.atomic
def recount(petition):
    """Recompute a petition's count from its signatures (after bulk changes, or to audit)."""
    count = Signature.objects.filter(petition=petition).counted().count()
    Petition.objects.filter(pk=petition.pk).update(signature_count=count)
    petition.signature_count = count
    return count

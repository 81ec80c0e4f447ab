"""What happens to a signature after it is stored: confirmed, withdrawn, invalidated, anonymised.

Each change is a conditional UPDATE that only one of several simultaneous requests can win (the
row count says who did), and the petition's count moves in the same transaction, so repeated or
concurrent clicks never count a signature twice or take it away twice.
"""

from collections import Counter

from django.db import transaction
from django.utils import timezone

from petitions import counting
from petitions.models import Signature

# What anonymising a signature blanks. Town, state, language, dates and whether it counted stay,
# so the figures (and the towns a petition reached) survive without the person.
ANONYMISED = {
    "first_name": "",
    "last_name": "",
    "email": "",
    "postal_code": "",
    "comment": "",
    "ip_hash": "",
    "user_agent": "",
    "public": False,
    "updates_opt_in": False,
}


def _counts(signature):
    return signature.confirmed_at is not None or not signature.petition.requires_confirmation


@transaction.atomic
def confirm(signature_id):
    """Confirm a pending signature. True if this call confirmed it, False if nothing changed."""
    won = (
        Signature.objects.valid()
        .filter(pk=signature_id, confirmed_at__isnull=True)
        .update(confirmed_at=timezone.now())
    )
    if not won:
        return False
    signature = Signature.objects.select_related("petition").get(pk=signature_id)
    if signature.petition.requires_confirmation:
        counting.adjust(signature.petition_id, +1)
    return True


@transaction.atomic
def withdraw(signature_id):
    """Withdraw and anonymise a signature. True if this call withdrew it."""
    won = Signature.objects.filter(pk=signature_id, withdrawn_at__isnull=True).update(
        withdrawn_at=timezone.now(), **ANONYMISED
    )
    if not won:
        return False
    # The row is ours (locked by the UPDATE) until commit: whether it counted cannot change now.
    signature = Signature.objects.select_related("petition").get(pk=signature_id)
    if signature.invalidated_at is None and _counts(signature):
        counting.adjust(signature.petition_id, -1)
    return True


@transaction.atomic
def invalidate(signature_ids):
    """Invalidate signatures as abuse (they stay, marked). Returns how many this call changed."""
    rows = list(
        Signature.objects.valid()
        .filter(pk__in=list(signature_ids))
        .select_for_update(of=("self",))
        .select_related("petition")
        .order_by("pk")
    )
    if not rows:
        return 0
    Signature.objects.filter(pk__in=[row.pk for row in rows]).update(invalidated_at=timezone.now())
    lost = Counter(row.petition_id for row in rows if _counts(row))
    for petition_id, number in lost.items():
        counting.adjust(petition_id, -number)
    return len(rows)


def anonymise(queryset):
    """Blank the personal details of these signatures; counts, towns and states are kept."""
    return queryset.exclude(**ANONYMISED).update(**ANONYMISED)

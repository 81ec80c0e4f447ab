"""The petition's count: kept exact by the database, never COUNT(*) on a page view.

Every change to whether a signature counts goes through here, in the same transaction as the
change itself, so `Petition.signature_count` is always the number of counted signatures.
"""

from django.db import connections, router, transaction
from django.db.models import F
from django.utils import timezone

from petitions.models import Petition, PetitionQuerySet, Signature


def _petitions():
    """The petition table without modeltranslation's query rewriting, which these queries do not
    need (they touch no translated column) and which cost more than the UPDATE itself."""
    return PetitionQuerySet(model=Petition)


def adjust(petition_id, delta):
    if delta:
        _petitions().filter(pk=petition_id).update(signature_count=F("signature_count") + delta)


def count_new_signature(petition):
    """Count a signature just stored online, if the petition still takes signatures the way
    `petition` (perhaps a copy a few seconds old) says: open, and counting signatures at once or
    only once confirmed. Returns False when it does not, and the caller rolls back.

    For a petition that counts at once, the check and the count are one UPDATE, which waits for
    the lock an organiser closing the petition holds: no signature is counted after a close. It
    is written in SQL because it runs for every signature, and building it with the ORM cost a
    millisecond of Python each time (bench/): the same conditions as `PetitionQuerySet.open`.
    """
    if petition.requires_confirmation:  # counted once confirmed (lifecycle.confirm)
        # Locked like the UPDATE below, so that a close or a change of the rule is not missed.
        still = _petitions().open().filter(pk=petition.pk, requires_confirmation=True)
        return still.select_for_update().exists()
    connection = connections[router.db_for_write(Petition)]
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    with connection.cursor() as cursor:
        cursor.execute(_COUNT_IF_OPEN, [petition.pk, Petition.Status.OPEN.value, now, now])
        return cursor.rowcount == 1


# The table name is ours, the values are parameters.
_COUNT_IF_OPEN = (
    f"UPDATE {Petition._meta.db_table} SET signature_count = signature_count + 1"  # noqa: S608
    " WHERE id = %s AND status = %s AND NOT requires_confirmation"
    " AND (opens_at IS NULL OR opens_at <= %s) AND (closes_at IS NULL OR closes_at > %s)"
)


@transaction.atomic
def recount(petition):
    """Recompute a petition's count from its signatures (after bulk changes, or to audit)."""
    count = Signature.objects.filter(petition=petition).counted().count()
    Petition.objects.filter(pk=petition.pk).update(signature_count=count)
    petition.signature_count = count
    return count

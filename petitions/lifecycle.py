"""Every change to whether a signature counts, and the petition's count with it.

What counts is defined once, in petitions/models.py: a signature counts when it is valid (not
invalidated as abuse, not withdrawn) and confirmed, or its petition does not ask for confirmation
(`SignatureQuerySet.counted()` in SQL, `Signature.counts_under()` in Python, side by side).

`Petition.signature_count` is written here and nowhere else. Each writer below is one transaction
that locks the petition's row first, then changes signatures, then moves the counter by exactly
the number of signatures that started or stopped counting: a delta under the lock, never a COUNT
followed by an unlocked UPDATE. The exceptions are deliberate:

- `add` (online signing and paper entry) inserts the new row first and takes the petition's lock
  last, in the counter's UPDATE itself, so that every signer holds it only until the commit. A
  new row is invisible to other transactions until then, so none of them can count it twice.
- `save_petition` and `recount` recount with COUNT, but under the petition's lock.

The writers: `add`, `confirm`, `withdraw`, `invalidate`, `restore`, `delete`, `anonymise`,
`save_petition` (a change of the counting rule), `recount` (repairs, for `manage.py recount`).

Each of them also tells petitions/rollup.py which days' stored figures it changed (the dashboard's
closed days), in the same transaction; `add` only for a signature dated in the past (paper,
imports), never for one signed online now.
"""

import unicodedata
from collections import Counter

from django.db import IntegrityError, connections, router, transaction
from django.db.models import Count, F, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from petitions import deliveries, rollup, signer_emails, sqlite_writers
from petitions.models import Petition, PetitionQuerySet, Signature

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
    "name_key": "",
}

# The signature's fields that decide whether it counts (with its petition's rule).
# With the date: the day whose stored figures (petitions/rollup.py) a change touches.
_STATE = ("pk", "petition_id", "signed_at", "confirmed_at", "invalidated_at", "withdrawn_at")


class PetitionChanged(Exception):
    """The petition stopped taking signatures, or changed how it counts them, since it was read."""


# The counter ----------------------------------------------------------------------------------


def _petitions():
    """The petition table without modeltranslation's query rewriting, which these queries do not
    need (they touch no translated column) and which cost more than the UPDATE itself."""
    return PetitionQuerySet(model=Petition)


def _lock(petition_ids):
    """Lock these petitions' rows, in id order (so two writers never deadlock); returns each
    one's counting rule, {id: requires_confirmation}, as it is now that nobody can change it."""
    rows = (
        _petitions()
        .select_for_update()
        .filter(pk__in=set(petition_ids))
        .order_by("pk")
        .values_list("pk", "requires_confirmation")
    )
    return dict(rows)


def _move(deltas):
    """Move each petition's counter by its delta ({petition id: n}); the rows are locked."""
    for petition_id, delta in sorted(deltas.items()):
        if delta:
            _petitions().filter(pk=petition_id).update(signature_count=F("signature_count") + delta)


# The counter's UPDATE for a new signature, with the checks that the petition still takes
# signatures the way the caller's (perhaps seconds old) copy says: the same conditions as
# `PetitionQuerySet.open`, and the same counting rule. Written in SQL because it runs for every
# signer and building it with the ORM cost a millisecond of Python each time (bench/). The table
# name is ours, the values are parameters.
_COUNT_IF_OPEN = (
    f"UPDATE {Petition._meta.db_table} SET signature_count = signature_count + %s"  # noqa: S608
    " WHERE id = %s AND status = %s AND requires_confirmation = %s"
    " AND (opens_at IS NULL OR opens_at <= %s) AND (closes_at IS NULL OR closes_at > %s)"
)


def _count_if_open(petition, delta):
    connection = connections[router.db_for_write(Petition)]
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    params = [delta, petition.pk, Petition.Status.OPEN.value]
    params += [petition.requires_confirmation, now, now]
    with connection.cursor() as cursor:
        cursor.execute(_COUNT_IF_OPEN, params)
        return cursor.rowcount == 1


# New signatures --------------------------------------------------------------------------------


def name_key(first_name, last_name):
    """A name as compared to tell two people sharing an email apart: case, accents, spacing and
    punctuation ignored ("José  María Núñez-Ortiz" = "jose maria nunez ortiz")."""
    text = unicodedata.normalize("NFKD", f"{first_name} {last_name}")
    text = "".join(char for char in text if not unicodedata.combining(char)).casefold()
    return " ".join("".join(c if c.isalnum() else " " for c in text).split())[:201]


def add(petition, signature, *, notify=False, only_if_open=False):
    """Store `signature` (built, not saved) on `petition`, counted if it counts.

    Returns (signature, created); created is False, and the stored one is returned, when it is a
    repeat: its email already signed (on a petition with `shared_email`: with the same name, or
    by two people already). One transaction: the row, the signer's email job when `notify`, and
    last the counter. With `only_if_open` (online signing), the counter's UPDATE also checks that
    the petition is open and counts as `petition` says, and raises PetitionChanged (nothing
    stored) when it does not.
    """
    signature.petition = petition
    signature.name_key = name_key(signature.first_name, signature.last_name)
    signature.email_slot = 0
    try:
        return _insert(petition, signature, notify, only_if_open), True
    except IntegrityError:
        if not signature.email:  # not a repeated email: a real error
            raise
    existing = list(Signature.objects.filter(petition=petition, email=signature.email))
    same_person = [s for s in existing if s.name_key == signature.name_key]
    if existing and not same_person and len(existing) < 2 and petition.shared_email:
        signature.pk, signature.email_slot = None, 1
        signature._state.adding = True
        try:
            return _insert(petition, signature, notify, only_if_open), True
        except IntegrityError:  # the second slot was taken meanwhile
            existing = list(Signature.objects.filter(petition=petition, email=signature.email))
            same_person = [s for s in existing if s.name_key == signature.name_key]
    if not existing:
        raise IntegrityError("a signature that is neither new nor a repeat")
    return (same_person or existing)[0], False


def _insert(petition, signature, notify, only_if_open):
    """One transaction: the row, its email job, and last the counter (see `add`)."""
    delta = 1 if signature.counts_under(petition.requires_confirmation) else 0
    with sqlite_writers.atomic():
        signature.save()
        if notify:
            signer_emails.after_signing(signature, petition)
        if only_if_open:
            if not _count_if_open(petition, delta):
                raise PetitionChanged
        else:  # paper entry: counted under the rule as it is once locked
            rule = _lock([petition.pk])[petition.pk]
            _move({petition.pk: int(signature.counts_under(rule))})
        rollup.added(signature)  # a past date (paper, imports); never one signed now
    return signature


# Changes to stored signatures -------------------------------------------------------------------


def _petition_ids(signatures):
    return set(signatures.order_by().values_list("petition_id", flat=True).distinct())


def _lock_rows(signatures):
    """Lock the petitions of `signatures` (first, in id order), then the signatures' rows; returns
    the petitions' rules ({id: requires_confirmation}) and the rows (with what decides counting)."""
    rules = _lock(_petition_ids(signatures))
    rows = list(
        signatures.filter(petition_id__in=rules)
        .select_related(None)
        .select_for_update(of=("self",))
        .order_by("pk")
        .only(*_STATE)
    )
    return rules, rows


def _change(signatures, **values):
    """Apply `values` to `signatures` (a queryset) and move the counts by what that changed.
    Returns how many signatures were changed."""
    rules, rows = _lock_rows(signatures)
    if not rows:
        return 0
    Signature.objects.filter(pk__in=[row.pk for row in rows]).update(**values)
    deltas = Counter()
    for row in rows:
        before = row.counts_under(rules[row.petition_id])
        for name, value in values.items():
            setattr(row, name, value)
        deltas[row.petition_id] += int(row.counts_under(rules[row.petition_id])) - int(before)
    _move(deltas)
    rollup.changed_rows(rows)
    return len(rows)


@transaction.atomic
def confirm(signature_id):
    """Confirm a pending signature. True if this call confirmed it, False if nothing changed."""
    pending = Signature.objects.valid().filter(pk=signature_id, confirmed_at__isnull=True)
    return _change(pending, confirmed_at=timezone.now()) == 1


@transaction.atomic
def withdraw(signature_id):
    """Withdraw and anonymise a signature (and delete the stored packets that named it). True
    if this call withdrew it."""
    current = Signature.objects.filter(pk=signature_id, withdrawn_at__isnull=True)
    held = deliveries.holding(current)
    deliveries.forget_packets(current)
    changed = _change(current, withdrawn_at=timezone.now(), **ANONYMISED) == 1
    deliveries.refresh(held)
    return changed


@transaction.atomic
def invalidate(signatures):
    """Invalidate signatures as abuse: kept, marked, out of the count and the exports.
    Returns how many this call invalidated."""
    held = deliveries.holding(signatures)
    changed = _change(signatures.filter(invalidated_at__isnull=True), invalidated_at=timezone.now())
    deliveries.refresh(held)  # a planned packet loses them
    return changed


@transaction.atomic
def restore(signatures):
    """Undo `invalidate`. Returns how many this call restored."""
    held = deliveries.holding(signatures)
    changed = _change(signatures.filter(invalidated_at__isnull=False), invalidated_at=None)
    deliveries.refresh(held)
    return changed


@transaction.atomic
def delete(signatures):
    """Delete signatures for good (admins only; organisers invalidate). Returns how many."""
    rules, rows = _lock_rows(signatures)
    lost = Counter(row.petition_id for row in rows if row.counts_under(rules[row.petition_id]))
    Signature.objects.filter(pk__in=[row.pk for row in rows]).delete()
    _move({petition_id: -number for petition_id, number in lost.items()})
    rollup.changed_rows(rows)
    return len(rows)


@transaction.atomic
def anonymise(signatures):
    """Blank the personal details of these signatures (and delete the stored packets that named
    them). Whether they count does not change."""
    deliveries.forget_packets(signatures)
    return signatures.exclude(**ANONYMISED).update(**ANONYMISED)


def forget_abuse_traces(before):
    """Blank the IP hash and user agent of signatures made before `before`: kept only as long
    as abuse review needs them (ABUSE_REVIEW_DAYS). Returns how many were blanked."""
    old = Signature.objects.filter(signed_at__lt=before).exclude(ip_hash="", user_agent="")
    return old.update(ip_hash="", user_agent="")


# The counting rule and repairs --------------------------------------------------------------------


def count_under(petition, requires_confirmation):
    """How many of the petition's signatures would count under this rule (for the organiser's
    preview of a change)."""
    valid = Signature.objects.filter(petition=petition).valid()
    if requires_confirmation:
        valid = valid.filter(confirmed_at__isnull=False)
    return valid.count()


def _recount_locked(petition_id):
    counted = Signature.objects.filter(petition_id=petition_id).counted().count()
    _petitions().filter(pk=petition_id).update(signature_count=counted)
    return counted


@transaction.atomic
def save_petition(petition):
    """Save a petition someone edited; a change of its counting rule recounts it under the lock.

    `Petition.save()` alone never writes the count, and refuses to change the rule.
    """
    if petition._state.adding or petition.pk is None:
        petition.save()
        return
    rules = _lock([petition.pk])
    if petition.pk not in rules:  # deleted meanwhile: saved anew, as Django would
        petition.save()
        return
    petition.save(update_fields=petition.editable_field_names(rule=True))
    if rules[petition.pk] != petition.requires_confirmation:
        petition.signature_count = _recount_locked(petition.pk)
        rollup.changed(petition.pk)  # every day counts anew


@transaction.atomic
def recount(petition):
    """Recount a petition from its signatures, under its lock. Returns the count."""
    _lock([petition.pk])
    petition.signature_count = _recount_locked(petition.pk)
    rollup.changed(petition.pk)  # a repair: the stored days are computed again too
    return petition.signature_count


def drift(petitions=None):
    """Petitions whose stored count differs from their counted signatures, as
    (petition, stored, counted). Each petition's two figures come from one statement, so from
    one snapshot of the database: a signer committing meanwhile is in both or in neither."""
    counted = (
        Signature.objects.filter(petition=OuterRef("pk"))
        .counted()
        .order_by()
        .values("petition")
        .annotate(n=Count("pk"))
        .values("n")
    )
    petitions = (petitions if petitions is not None else Petition.objects.all()).annotate(
        counted=Coalesce(Subquery(counted), 0)
    )
    return [
        (petition, petition.signature_count, petition.counted)
        for petition in petitions.filter(~Q(signature_count=F("counted"))).order_by("slug")
    ]

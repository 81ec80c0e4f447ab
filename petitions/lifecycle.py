"""Every change to whether a signature counts, and the petition's count with it.

What counts is defined once, in petitions/models.py: a signature counts when it is valid (not
invalidated as abuse, not withdrawn) and confirmed, or its petition does not ask for confirmation
(`SignatureQuerySet.counted()` in SQL, `Signature.counts_under()` in Python, side by side).

The count is written here and nowhere else. It is the petition's `count_base` plus its
`CountShard` rows (`Petition.signature_count` reads their sum in one statement). Each writer
below is one transaction that locks the petition's row first, then changes signatures, then
moves `count_base` by exactly the number of signatures that started or stopped counting: a delta
under the lock, never a COUNT followed by an unlocked UPDATE. The exceptions are deliberate:

- `add` (online signing and paper entry) inserts the new row first and moves the count last, so
  that the lock is held only until the commit. A new row is invisible to other transactions until
  then, so none of them can count it twice. Online signers (`only_if_open`) on PostgreSQL add to
  one of the petition's SHARDS rows, chosen at random, instead of the petition's row: signers no
  longer queue for one lock that each holds through its commit (bench/: a quarter to nine tenths
  of PostgreSQL's waits while signing). Holding that shard's lock, the signer then reads the
  petition afresh (a new statement, so a new snapshot) and is rolled back (PetitionChanged)
  unless it is still open and counts the way the signer's copy said. There the row, its email
  job, the shard's increment and that read go to the database in one round trip
  (`_store_and_count`), each row by a plain INSERT (core/plain_insert.py). SQLite signers add
  to a shard too, checked and counted in one statement (`_count_on_shard_if_open`): there is one
  writer at a time, but the petition's row is large and every UPDATE writes all of it again.
- `save_petition` and `recount` write the count whole (COUNT), so they lock the petition's row
  AND all its shard rows, in a fixed order (petition, then shards by number): no signer's shard
  increment is in flight while they count, and a signer that waited for them reads the rule
  they committed. The delta writers (`confirm`, `withdraw`, `invalidate`, `restore`, `delete`,
  paper entry) need only the petition's lock: a signer's increment and theirs are about
  different signatures (a signer's row is invisible to them until it commits), and the rule they
  count under cannot change while they hold the petition's lock, nor while a signer holds a
  shard (a rule change waits for every shard).

The writers: `add`, `confirm`, `withdraw`, `invalidate`, `restore`, `delete`, `anonymise`,
`save_petition` (a change of the counting rule), `recount` (repairs, for `manage.py recount`).

Each of them also tells petitions/rollup.py which days' stored figures it changed (the dashboard's
closed days), in the same transaction; `add` only for a signature dated in the past (paper,
imports), never for one signed online now.
"""

import random
import unicodedata
from collections import Counter

from django.db import IntegrityError, connections, router, transaction
from django.db.models import Count, F, OuterRef, Q, Subquery, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone

from core import outbox
from core.models import EmailJob
from core.plain_insert import PlainInsert
from petitions import deliveries, rollup, signer_emails, sqlite_writers
from petitions.models import COUNT_SHARDS, CountShard, Petition, PetitionQuerySet, Signature

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

SHARDS = COUNT_SHARDS  # a recount locks them all

# Every signer's row: one plain INSERT, not the ORM's save() (core/plain_insert.py).
SIGNATURES = PlainInsert(Signature)
_NEW = "new_signature"  # the new row, in the statement that writes it with its email job


class PetitionChanged(Exception):
    """The petition stopped taking signatures, or changed how it counts them, since it was read."""


# The counter ----------------------------------------------------------------------------------


def _petitions():
    """The petition table without modeltranslation's query rewriting, which these queries do not
    need (they touch no translated column) and which cost more than the UPDATE itself."""
    return PetitionQuerySet(model=Petition)


def _lock(petition_ids, *, shards=False):
    """Lock these petitions' rows, in id order (so two writers never deadlock), and with `shards`
    then all their shard rows, in (petition, shard) order (made first if missing); returns each
    petition's counting rule, {id: requires_confirmation}, as it is now that nobody can change it.

    FOR NO KEY UPDATE, as an UPDATE of the row takes: writers exclude each other, while a signer's
    new row (whose foreign key PostgreSQL checks at its commit, FOR KEY SHARE) need not wait for
    them, so a signer holding a shard never waits for a writer waiting for that shard."""
    rows = (
        _petitions()
        .select_for_update(no_key=True)
        .filter(pk__in=set(petition_ids))
        .order_by("pk")
        .values_list("pk", "requires_confirmation")
    )
    rules = dict(rows)
    if shards and rules:
        for petition_id in sorted(rules):
            create_shards(petition_id)
        list(
            CountShard.objects.select_for_update(no_key=True)
            .filter(petition_id__in=rules)
            .order_by("petition_id", "shard")
            .values_list("pk", flat=True)
        )
    return rules


def create_shards(petition_id):
    """The petition's shard rows, those missing (a new petition, or one restored without them).
    Under the petition's lock or at its creation, so a recount finds all of them or none."""
    rows = [CountShard(petition_id=petition_id, shard=n) for n in range(SHARDS)]
    CountShard.objects.bulk_create(rows, ignore_conflicts=True)


def _move(deltas):
    """Move each petition's counter by its delta ({petition id: n}); the rows are locked."""
    for petition_id, delta in sorted(deltas.items()):
        if delta:
            _petitions().filter(pk=petition_id).update(count_base=F("count_base") + delta)


# The checks that the petition still takes signatures the way the caller's (perhaps seconds old)
# copy says: the same conditions as `PetitionQuerySet.open`, and the same counting rule. Written
# in SQL because they run for every signer and building them with the ORM cost a millisecond of
# Python each time (bench/). The table names are ours, the values are parameters.
_OPEN_AS_COPIED = (
    " WHERE id = %s AND status = %s AND requires_confirmation = %s"
    " AND (opens_at IS NULL OR opens_at <= %s) AND (closes_at IS NULL OR closes_at > %s)"
)
# The petition's own row, checked and counted in one statement: where it has no shard rows yet.
_COUNT_IF_OPEN = (
    f"UPDATE {Petition._meta.db_table} SET count_base = count_base + %s"  # noqa: S608
    + _OPEN_AS_COPIED
)
# Row locks (PostgreSQL): a shard, then the petition read afresh under that shard's lock.
_ADD_TO_SHARD = (
    f"UPDATE {CountShard._meta.db_table} SET count = count + %s"  # noqa: S608
    " WHERE petition_id = %s AND shard = %s"
)
_STILL_OPEN = f"SELECT 1 FROM {Petition._meta.db_table}" + _OPEN_AS_COPIED  # noqa: S608
# One writer at a time (SQLite): a shard, if the petition is still open as copied, in one
# statement. The petition's row is about 10 KB (its text in both languages), three pages that
# SQLite would write again for every signature; a shard's row is a few bytes.
_ADD_TO_SHARD_IF_OPEN = f"{_ADD_TO_SHARD} AND EXISTS ({_STILL_OPEN})"


def _checks(petition, connection):
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    return [petition.pk, Petition.Status.OPEN.value, petition.requires_confirmation, now, now]


def _count_if_open(petition, delta, connection):
    """Count the signature on the petition's own row if the petition is still open as copied
    (a petition without shard rows, made by the next recount). True if it was."""
    with connection.cursor() as cursor:
        cursor.execute(_COUNT_IF_OPEN, [delta, *_checks(petition, connection)])
        return cursor.rowcount == 1


def _count_on_shard_if_open(petition, delta, connection):
    """SQLite, where one writer at a time holds the database (so what it reads cannot change
    before it commits): count the signature on a shard if the petition is still open as copied.
    True if it was."""
    shard = random.randrange(SHARDS)  # noqa: S311 (spreading load, not a secret)
    params = [delta, petition.pk, shard, *_checks(petition, connection)]
    with connection.cursor() as cursor:
        cursor.execute(_ADD_TO_SHARD_IF_OPEN, params)
        if cursor.rowcount == 1:
            return True
    return _count_if_open(petition, delta, connection)  # closed, or no shard rows yet


def _store_and_count(petition, signature, kind, delta, connection):
    """PostgreSQL, a signer online: the signature's row, its email job (`kind`, or none), its
    shard's increment and the petition read afresh, in one round trip of three statements. The
    row and the job are one statement (the job takes the new row's id); the shard's UPDATE then
    waits for its lock, and the SELECT after it gets its own snapshot, taken once it holds that
    lock (see the module's docstring). True if the petition is still open as copied."""
    replaced = {"signature_id": f"{_NEW}.{SIGNATURES.pk_column}"}
    params = SIGNATURES.params(signature, connection)
    if kind:
        job = EmailJob(kind=kind)
        store = (
            f"WITH {_NEW} AS ({SIGNATURES.sql()}) {outbox.JOBS.select_sql(_NEW, replaced)}"
            f" RETURNING signature_id, {outbox.JOBS.pk_column}"
        )
        params += outbox.JOBS.select_params(job, connection, replaced)
    else:
        store = SIGNATURES.sql()
    shard = random.randrange(SHARDS)  # noqa: S311 (spreading load, not a secret)
    params += [delta, petition.pk, shard, *_checks(petition, connection)]
    with connection.cursor() as cursor:
        cursor.execute(f"{store}; {_ADD_TO_SHARD}; {_STILL_OPEN}", params)
        row = cursor.fetchone()
        SIGNATURES.saved(signature, row[0], connection.alias)
        if kind:
            job.signature_id = row[0]
            outbox.JOBS.saved(job, row[1], connection.alias)
            outbox.queued(job)
        cursor.nextset()
        if cursor.rowcount == 1:
            cursor.nextset()
            return cursor.fetchone() is not None
    return _count_if_open(petition, delta, connection)  # no shard rows yet


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
    kind = signer_emails.kind_after_signing(signature, petition) if notify else None
    connection = connections[router.db_for_write(Signature)]
    with sqlite_writers.atomic():
        if only_if_open and connection.vendor == "postgresql":
            if not _store_and_count(petition, signature, kind, delta, connection):
                raise PetitionChanged
        elif only_if_open:
            _store(signature, kind)
            if not _count_on_shard_if_open(petition, delta, connection):
                raise PetitionChanged
        else:  # paper entry: counted under the rule as it is once locked
            _store(signature, kind)
            rule = _lock([petition.pk])[petition.pk]
            _move({petition.pk: int(signature.counts_under(rule))})
        rollup.added(signature)  # a past date (paper, imports); never one signed now
    return signature


def _store(signature, kind):
    SIGNATURES.save(signature)
    if kind:
        outbox.enqueue(kind, signature_id=signature.pk)


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
    """The count written whole; the petition and its shards are locked (`_lock(shards=True)`)."""
    counted = Signature.objects.filter(petition_id=petition_id).counted().count()
    _petitions().filter(pk=petition_id).update(count_base=counted)
    CountShard.objects.filter(petition_id=petition_id).exclude(count=0).update(count=0)
    return counted


@transaction.atomic
def save_petition(petition):
    """Save a petition someone edited; a change of its counting rule recounts it under the lock.

    `Petition.save()` alone never writes the count, and refuses to change the rule.
    """
    if petition._state.adding or petition.pk is None:
        petition.save()
        return
    rules = _lock([petition.pk], shards=True)
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
    _lock([petition.pk], shards=True)
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
    shards = (
        CountShard.objects.filter(petition=OuterRef("pk"))
        .order_by()
        .values("petition")
        .annotate(n=Sum("count"))
        .values("n")
    )
    petitions = (petitions if petitions is not None else Petition.objects.all()).annotate(
        counted=Coalesce(Subquery(counted), 0),
        stored=F("count_base") + Coalesce(Subquery(shards), 0),
    )
    found = []
    for petition in petitions.filter(~Q(stored=F("counted"))).order_by("slug"):
        petition.signature_count = petition.stored
        found.append((petition, petition.stored, petition.counted))
    return found

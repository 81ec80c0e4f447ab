"""A petition's figures per closed day, so that its dashboard reads a few small rows, not every
signature (`PetitionDay`; bench/dashboard.py measures it at a million signatures).

A day (in Connecticut time, settings.TIME_ZONE) is *closed* once it ended more than GRACE ago. Its
figures (the signatures that count, those of them in no delivery yet, by language and by town) are
computed once, by the first view that needs them, and stored. Newer signatures (today's, and in
the first GRACE after midnight yesterday's too) are counted live, a range of the
(petition, signed_at) index.

Whoever changes stored signatures in a way that can change a day's figures calls `changed()` in
the same transaction: petitions/lifecycle.py (confirm, withdraw, invalidate, restore, delete, a
signature added with a past date, a change of the counting rule, recount), petitions/deliveries.py
(attach, cancel, a delivery deleted) and the signature admin (town, state). It moves the
petition's version on and deletes those days. Signing online never calls it: its signatures are
dated now, in no closed day, and commit long before GRACE has passed (`add` checks the date).

No lock is held while a day is computed: the builder notes the version, computes, and stores only
if the version is still the one it noted, checked under the version row's lock in the short
transaction that writes. A writer who changed signatures meanwhile either moved the version first
(nothing is stored) or moves it after the store, and then deletes what was stored. Either way no
stored day misses a change; `drift()` (manage.py recount --check) compares them with a count
from scratch.
"""

import datetime
from collections import Counter

from django.db import OperationalError, connection, transaction
from django.db.models import BooleanField, Count, ExpressionWrapper, F, Min, Q
from django.db.models.functions import TruncDate
from django.utils import timezone

from petitions.models import PetitionDay, PetitionDayVersion, Signature

# A day is stored once it ended this long ago (far longer than any signing transaction).
GRACE = datetime.timedelta(minutes=15)
# A new signature dated earlier than this marks its day (paper, imports); a newer one is online.
RECENT = datetime.timedelta(minutes=5)


# Days in Connecticut time ---------------------------------------------------------------------


def local_day(moment):
    return timezone.localtime(moment).date()


def day_start(day):
    """The first instant of a local day (23 or 25 hours long when the clocks change)."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def first_live_day(now):
    """Days before this one are closed; from its start signatures are counted live."""
    return local_day(now - GRACE)


def _day_expression():
    return TruncDate("signed_at", tzinfo=timezone.get_current_timezone())


# Marking days changed (writers, inside their transaction) -----------------------------------------


def changed(petition_id, days=None):
    """The stored figures of these days (all, with None) may be wrong: forget them."""
    PetitionDayVersion.objects.bulk_create(
        [PetitionDayVersion(petition_id=petition_id)], ignore_conflicts=True
    )
    PetitionDayVersion.objects.filter(petition_id=petition_id).update(version=F("version") + 1)
    stored = PetitionDay.objects.filter(petition_id=petition_id)
    if days is not None:
        stored = stored.filter(day__in=sorted(set(days)))
    stored.delete()


def changed_rows(rows):
    """`changed` for the days of these signatures (instances with petition_id and signed_at)."""
    days = {}
    for row in rows:
        days.setdefault(row.petition_id, set()).add(local_day(row.signed_at))
    for petition_id in sorted(days):
        changed(petition_id, days[petition_id])


def changed_signatures(signatures):
    """`changed` for the days of the signatures of a queryset (one query for the days)."""
    pairs = (
        signatures.order_by()
        .annotate(rollup_day=_day_expression())
        .values_list("petition_id", "rollup_day")
        .distinct()
    )
    days = {}
    for petition_id, day in pairs:
        days.setdefault(petition_id, set()).add(day)
    for petition_id in sorted(days):
        changed(petition_id, days[petition_id])


def added(signature):
    """After `lifecycle.add`: a signature dated in the past (paper, an import) changes its day."""
    if signature.signed_at < timezone.now() - RECENT:
        changed(signature.petition_id, [local_day(signature.signed_at)])


# Computing days ---------------------------------------------------------------------------------


def _groups(petition, signatures, day=None):
    """(day, town, state, language, in no delivery, n) of the counted ones among `signatures`;
    with `day`, all of them are of that day (a third cheaper: no date computed per row)."""
    loose = ExpressionWrapper(Q(delivery__isnull=True), output_field=BooleanField())
    counted = signatures.filter(petition=petition).counted().annotate(loose=loose).order_by()
    if day is not None:
        groups = counted.values_list("town", "state", "language", "loose").annotate(n=Count("pk"))
        return [(day, *group) for group in groups]
    return list(
        counted.annotate(rollup_day=_day_expression())
        .values_list("rollup_day", "town", "state", "language", "loose")
        .annotate(n=Count("pk"))
    )


def _fold(petition_id, days, groups):
    """PetitionDay objects (not saved) for `days`, from grouped rows; a day with none is zero."""
    built = {day: PetitionDay(petition_id=petition_id, day=day) for day in days}
    towns = {day: Counter() for day in days}
    languages = {day: Counter() for day in days}
    for day, town, state, language, loose, n in groups:
        if day not in built:
            continue
        built[day].counted += n
        built[day].undelivered += n if loose else 0
        towns[day][(town, state)] += n
        languages[day][language] += n
    for day, row in built.items():
        row.by_language = dict(sorted(languages[day].items()))
        row.by_town = [[town, state, n] for (town, state), n in sorted(towns[day].items())]
    return built


def _runs(days):
    """Consecutive days as [first, last] pairs."""
    runs = []
    for day in sorted(days):
        if runs and (day - runs[-1][1]).days == 1:
            runs[-1][1] = day
        else:
            runs.append([day, day])
    return runs


def _between(first, last):
    """The signatures of the local days first to last."""
    end = day_start(last + datetime.timedelta(days=1))
    return Signature.objects.filter(signed_at__gte=day_start(first), signed_at__lt=end)


def compute(petition, days):
    """The figures of these days from the signatures themselves (not stored): one range scan of
    the (petition, signed_at) index per run of consecutive days."""
    groups = []
    for first, last in _runs(days):
        one = first if first == last else None
        groups += _groups(petition, _between(first, last), day=one)
    return _fold(petition.pk, days, groups)


def _version(petition):
    row = PetitionDayVersion.objects.filter(petition=petition).values_list("version", flat=True)
    return row.first() or 0


def _lock_version(petition):
    """The version, locked until the transaction ends; None when a writer holds it (a view
    never waits for a writer)."""
    return (
        PetitionDayVersion.objects.select_for_update(skip_locked=True)
        .filter(petition=petition)
        .values_list("version", flat=True)
        .first()
    )


def _store(petition, version, built):
    """Store the computed days if no writer moved the version since it was noted. Never waits
    for a writer more than a moment: the days are then simply not stored this time."""
    try:
        with transaction.atomic():
            if connection.vendor == "postgresql":
                with connection.cursor() as cursor:
                    cursor.execute("SET LOCAL lock_timeout = '200ms'")
            now = _lock_version(petition)
            if now is None:
                if PetitionDayVersion.objects.filter(petition=petition).exists():
                    return False  # a writer holds it: changing signatures now
                PetitionDayVersion.objects.bulk_create(
                    [PetitionDayVersion(petition_id=petition.pk)], ignore_conflicts=True
                )
                now = _lock_version(petition)
            if now != version:
                return False
            PetitionDay.objects.bulk_create(built, ignore_conflicts=True, batch_size=500)
    except OperationalError:  # a lock held longer than lock_timeout (a writer's first change)
        return False
    return True


def _stored(petition, first, live, **only):
    return PetitionDay.objects.filter(petition=petition, day__gte=first, day__lt=live, **only)


def closed_days(petition, now=None):
    """{day: PetitionDay} for the closed days with signatures that count, from the petition's
    first signature; the days not stored yet are computed and stored (a day with none is stored
    too, so that it is not computed again, but not returned)."""
    now = now or timezone.now()
    live = first_live_day(now)
    version = _version(petition)
    first = Signature.objects.filter(petition=petition).aggregate(first=Min("signed_at"))["first"]
    if first is None or local_day(first) >= live:
        return {}
    first = local_day(first)
    fields = ("day", "counted", "undelivered", "by_language", "by_town")
    found = {
        values[0]: PetitionDay(petition_id=petition.pk, **dict(zip(fields, values, strict=True)))
        for values in _stored(petition, first, live, counted__gt=0).values_list(*fields)
    }
    if _stored(petition, first, live).count() < (live - first).days:  # some not stored yet
        stored = set(_stored(petition, first, live).values_list("day", flat=True))
        missing = [
            day
            for day in (first + datetime.timedelta(days=i) for i in range((live - first).days))
            if day not in stored
        ]
        built = compute(petition, missing)
        _store(petition, version, list(built.values()))
        found.update({day: row for day, row in built.items() if row.counted})
    return found


def live_groups(petition, now=None):
    """Grouped rows (as `_groups`) of the signatures from the first live day on: each live day
    (today, and yesterday in the first GRACE after midnight) by its own range, then any dated
    later than today (a typo on paper) with their dates."""
    now = now or timezone.now()
    day, today, groups = first_live_day(now), local_day(now), []
    while day <= today:
        groups += _groups(petition, _between(day, day), day=day)
        day += datetime.timedelta(days=1)
    later = Signature.objects.filter(signed_at__gte=day_start(day))
    return groups + _groups(petition, later)


# Checking ---------------------------------------------------------------------------------------


def _figures(row):
    return (row.counted, row.undelivered, row.by_language, row.by_town)


def drift(petition):
    """Stored days whose figures differ from a count from scratch, as
    [(day, stored, counted)] with (counted, undelivered, by language, by town) each."""
    for _attempt in range(3):
        version = _version(petition)
        stored = {row.day: row for row in PetitionDay.objects.filter(petition=petition)}
        fresh = compute(petition, list(stored))
        if _version(petition) == version:
            return [
                (day, _figures(row), _figures(fresh[day]))
                for day, row in sorted(stored.items())
                if _figures(row) != _figures(fresh[day])
            ]
    return []  # changing all along: each change forgets the days it touches

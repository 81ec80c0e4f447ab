"""The dashboard's stored days (petitions/rollup.py) never go silently wrong: after any sequence of
lifecycle operations, deliveries and views, its figures equal a count from scratch; days are cut at
midnight Connecticut time, daylight saving included, and a day is stored only once it has closed;
a day computed while a writer changed it is not stored."""

import datetime
from collections import Counter
from unittest import mock

import pytest
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from petitions import deliveries, lifecycle, rollup
from petitions.admin import stats
from petitions.admin.dashboard import headline
from petitions.models import Delivery, Petition, PetitionDay, Signature
from tests.signature_helpers import add_signature, at, stored_count

TOWNS = ("Hartford", "New Haven", "Norwalk")


def local(year, month, day, hour=12, minute=0, fold=0):
    return timezone.make_aware(datetime.datetime(year, month, day, hour, minute, fold=fold))


def utc(*args):
    return datetime.datetime(*args, tzinfo=datetime.UTC)


def from_scratch(petition):
    """The dashboard's figures, computed in Python from every signature."""
    petition = Petition.objects.get(pk=petition.pk)
    days, towns, languages, undelivered = Counter(), Counter(), Counter(), 0
    for s in Signature.objects.filter(petition=petition):
        if s.counts_under(petition.requires_confirmation):
            days[timezone.localtime(s.signed_at).date()] += 1
            towns[(s.town, s.state)] += 1
            languages[s.language] += 1
            undelivered += s.delivery_id is None
    return {"days": +days, "towns": +towns, "languages": +languages, "undelivered": undelivered}


def shown(petition, now=None):
    """The same figures as the dashboard computes them (stored days plus live ones)."""
    figures = stats.petition_stats(petition, now)
    labels = {label: code for code, label in Signature.Language.choices}
    return {
        "days": +Counter(figures["days"]),
        "towns": Counter({(r["town"], r["state"]): r["n"] for r in figures["by_town"]}),
        "languages": Counter({labels[r["label"]]: r["n"] for r in figures["by_language"]}),
        "undelivered": figures["undelivered"],
    }


def assert_exact(petition, now=None):
    expected = from_scratch(petition)
    assert shown(petition, now) == expected
    assert sum(expected["days"].values()) == stored_count(petition)


# Every operation that changes signatures, drawn in any order ------------------------------------


def _pick(petition, index, **filters):
    rows = list(Signature.objects.filter(petition=petition, **filters).order_by("pk"))
    return rows[index % len(rows)] if rows else None


def op_paper(petition, i):
    """Paper entry or an import: a signature dated in the past."""
    add_signature(
        petition,
        signed_at=at(1 + i % 5, hour=(i * 7) % 24),
        town=TOWNS[i % 3],
        language="es" if i % 2 else "en",
    )


def op_online(petition, i):
    add_signature(petition, town=TOWNS[i % 3])


def op_confirm(petition, i):
    s = _pick(petition, i, confirmed_at__isnull=True)
    if s:
        lifecycle.confirm(s.pk)


def op_withdraw(petition, i):
    s = _pick(petition, i, withdrawn_at__isnull=True)
    if s:
        lifecycle.withdraw(s.pk)


def op_invalidate(petition, i):
    s = _pick(petition, i)
    if s:
        lifecycle.invalidate(Signature.objects.filter(pk=s.pk))


def op_restore(petition, i):
    s = _pick(petition, i, invalidated_at__isnull=False)
    if s:
        lifecycle.restore(Signature.objects.filter(pk=s.pk))


def op_delete(petition, i):
    s = _pick(petition, i)
    if s:
        lifecycle.delete(Signature.objects.filter(pk=s.pk))


def op_anonymise(petition, i):
    s = _pick(petition, i)
    if s:
        lifecycle.anonymise(Signature.objects.filter(pk=s.pk))


def op_rule(petition, i):
    fresh = Petition.objects.get(pk=petition.pk)
    fresh.requires_confirmation = not fresh.requires_confirmation
    lifecycle.save_petition(fresh)


def op_recount(petition, i):
    lifecycle.recount(Petition.objects.get(pk=petition.pk))


def op_deliver(petition, i):
    first = at(1 + i % 5, hour=0)
    chosen = Signature.objects.filter(signed_at__gte=first)
    try:
        deliveries.record(petition, chosen, recipient="CGA")
    except deliveries.EmptyDelivery:
        pass


def op_cancel(petition, i):
    planned = list(Delivery.objects.filter(petition=petition, status="planned").order_by("pk"))
    if planned:
        deliveries.cancel(planned[i % len(planned)])


def op_delete_delivery(petition, i):
    every = list(Delivery.objects.filter(petition=petition).order_by("pk"))
    if every:
        Delivery.objects.get(pk=every[i % len(every)].pk).delete()  # the admin's delete


def op_view(petition, i):
    """A dashboard view in between: the closed days are stored."""
    stats.petition_stats(petition)


OPERATIONS = {
    name[3:]: function for name, function in dict(globals()).items() if name.startswith("op_")
}


def _seed(petition):
    for i in range(6):
        op_paper(petition, i)
    for i in range(3):
        op_confirm(petition, i)  # some count on a petition that asks for confirmation
    op_online(petition, 0)
    op_view(petition, 0)


@pytest.mark.parametrize("name", sorted(OPERATIONS))
@pytest.mark.parametrize("requires_confirmation", [False, True])
def test_each_operation_keeps_the_figures_exact(petition, name, requires_confirmation):
    petition.requires_confirmation = requires_confirmation
    lifecycle.save_petition(petition)
    _seed(petition)
    assert PetitionDay.objects.filter(petition=petition).exists()  # stored: the test can fail
    for i in range(4):
        OPERATIONS[name](petition, i)
        assert_exact(petition)


@settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    steps=st.lists(st.tuples(st.sampled_from(sorted(OPERATIONS)), st.integers(0, 50)), max_size=12),
    requires_confirmation=st.booleans(),
)
def test_any_sequence_keeps_the_figures_exact(petition, steps, requires_confirmation):
    with transaction.atomic():
        petition.requires_confirmation = requires_confirmation
        lifecycle.save_petition(petition)
        _seed(petition)
        for name, i in steps:
            OPERATIONS[name](petition, i)
            if i % 3 == 0:
                assert_exact(petition)
        assert_exact(petition)
        assert rollup.drift(petition) == []
        transaction.set_rollback(True)


def test_a_town_corrected_in_the_admin_moves_its_day(admin_client, petition):
    signature = add_signature(petition, signed_at=at(2), town="Hartford")
    assert_exact(petition)
    data = {
        "first_name": signature.first_name,
        "last_name": signature.last_name,
        "email": signature.email,
        "postal_code": signature.postal_code,
        "town": "New Haven",
        "state": "CT",
        "comment": "",
    }
    url = f"/admin/petitions/signature/{signature.pk}/change/"
    assert admin_client.post(url, data).status_code == 302
    assert shown(petition)["towns"] == Counter({("New Haven", "CT"): 1})
    assert_exact(petition)


# A view that computes a day while a writer changes it -------------------------------------------


def test_a_day_computed_while_a_writer_changed_it_is_not_stored(petition):
    signature = add_signature(petition, signed_at=at(2))
    noted = rollup._version(petition)
    computed = rollup.compute(petition, [at(2).date()])
    lifecycle.invalidate(Signature.objects.filter(pk=signature.pk))  # meanwhile
    assert rollup._store(petition, noted, list(computed.values())) is False
    assert not PetitionDay.objects.filter(petition=petition).exists()
    assert_exact(petition)


def test_a_day_stored_before_a_writer_commits_is_forgotten_by_it(petition):
    signature = add_signature(petition, signed_at=at(2))
    with transaction.atomic():
        Signature.objects.filter(pk=signature.pk).update(invalidated_at=timezone.now())
        # A view stores the day now (it cannot see the change yet in another transaction) ...
        noted = rollup._version(petition)
        stale = rollup.compute(petition, [at(2).date()])
        stale[at(2).date()].counted = 1  # as it was before the change
        assert rollup._store(petition, noted, list(stale.values()))
        # ... then the writer, still in its transaction, marks the day: the row goes.
        rollup.changed(petition.pk, [at(2).date()])
        assert not PetitionDay.objects.filter(petition=petition).exists()
        transaction.set_rollback(True)


def test_recount_check_finds_a_wrong_stored_day_and_fix_forgets_it(petition, capsys):
    add_signature(petition, signed_at=at(2))
    add_signature(petition, signed_at=at(3))
    stats.petition_stats(petition)
    PetitionDay.objects.filter(petition=petition, day=at(2).date()).update(counted=5)
    with pytest.raises(SystemExit):
        call_command("recount", "--check")
    assert "2018-03-02: stored 5 counted" in capsys.readouterr().out
    call_command("recount", "--fix")
    assert not PetitionDay.objects.filter(petition=petition, day=at(2).date()).exists()
    assert PetitionDay.objects.filter(petition=petition, day=at(3).date()).exists()
    call_command("recount", "--check")
    assert_exact(petition)


def test_store_days_command_stores_the_closed_days(petition):
    add_signature(petition, signed_at=at(2))
    call_command("store_days", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert PetitionDay.objects.get(petition=petition, day=at(2).date()).counted == 1


def test_signing_online_writes_no_stored_day(petition):
    add_signature(petition, signed_at=at(2))
    stats.petition_stats(petition)
    rows = list(PetitionDay.objects.order_by("pk").values())
    versions = rollup._version(petition)
    add_signature(petition)  # online, now
    assert list(PetitionDay.objects.order_by("pk").values()) == rows
    assert rollup._version(petition) == versions
    assert_exact(petition)


# Midnight and daylight saving (a frozen clock) ----------------------------------------------------


def frozen(moment):
    return mock.patch("django.utils.timezone.now", return_value=moment)


def test_a_day_is_stored_only_once_it_has_closed_and_late_signers_are_in_it(petition):
    evening = local(2018, 11, 3, 23, 40)
    add_signature(petition, signed_at=evening)  # paper, dated
    with frozen(local(2018, 11, 3, 23, 55)):
        add_signature(petition, signed_at=timezone.now())  # online, now: marks nothing
        assert shown(petition, timezone.now())["days"] == Counter({evening.date(): 2})
        assert (
            headline(petition, stats.petition_stats(petition)["days"], timezone.now())["today"] == 2
        )
    assert not PetitionDay.objects.filter(petition=petition, day=evening.date()).exists()
    just_after = local(2018, 11, 4, 0, 5)  # within GRACE: still counted live
    assert shown(petition, just_after)["days"] == Counter({evening.date(): 2})
    assert not PetitionDay.objects.filter(petition=petition, day=evening.date()).exists()
    figures = stats.petition_stats(petition, just_after)
    live = headline(petition, figures["days"], just_after)
    assert (live["today"], live["week"]) == (0, 2)  # Sunday the 4th; the week began Monday
    later = local(2018, 11, 4, 0, 20)  # closed and stored, with the late signer
    assert shown(petition, later)["days"] == Counter({evening.date(): 2})
    assert PetitionDay.objects.get(petition=petition, day=evening.date()).counted == 2
    monday = local(2018, 11, 5, 9)
    live = headline(petition, stats.petition_stats(petition, monday)["days"], monday)
    assert (live["today"], live["week"]) == (0, 0)
    assert_exact(petition, monday)


@pytest.mark.parametrize(
    "moments, day, n",
    [
        # Spring forward, 2018-03-11: a 23-hour day from 05:00 to 04:00 UTC.
        ([utc(2018, 3, 11, 5), utc(2018, 3, 11, 6, 59), utc(2018, 3, 11, 7)], (2018, 3, 11), 3),
        ([utc(2018, 3, 12, 3, 59), utc(2018, 3, 12, 4)], (2018, 3, 11), 1),
        # Fall back, 2018-11-04: a 25-hour day from 04:00 to 05:00 UTC, 01:30 twice.
        ([local(2018, 11, 4, 1, 30), local(2018, 11, 4, 1, 30, fold=1)], (2018, 11, 4), 2),
        ([utc(2018, 11, 4, 3, 59), utc(2018, 11, 5, 4, 59), utc(2018, 11, 5, 5)], (2018, 11, 4), 1),
    ],
)
def test_days_are_cut_at_midnight_connecticut_time_across_daylight_saving(
    petition, moments, day, n
):
    for moment in moments:
        add_signature(petition, signed_at=moment)
    now = local(2018, 11, 20)
    assert shown(petition, now)["days"][datetime.date(*day)] == n
    assert PetitionDay.objects.get(petition=petition, day=datetime.date(*day)).counted == n
    assert_exact(petition, now)
    assert rollup.drift(petition) == []

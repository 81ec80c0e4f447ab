"""On PostgreSQL, with real transactions side by side: a dashboard view computing a day while a
writer is changing that day's signatures neither waits for the writer nor stores the day
without its change; a writer that commits after a view stored the day forgets it."""

import threading

import pytest
from django.conf import settings as django_settings
from django.db import connection, transaction

from petitions import lifecycle, rollup
from petitions.admin import stats
from petitions.models import PetitionDay, Signature
from tests.signature_helpers import add_signature, at
from tests.test_dashboard_rollup import assert_exact

ON_POSTGRES = django_settings.DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"
pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(not ON_POSTGRES, reason="needs PostgreSQL (set DATABASE_URL)"),
    pytest.mark.django_db(transaction=True),
]


def _writer_holding(work, changed, release):
    """In another connection: `work()` in a transaction, then wait for `release` to commit."""
    errors = []

    def run():
        try:
            with transaction.atomic():
                work()
                changed.set()
                assert release.wait(30)
        except BaseException as error:  # reported by the test
            errors.append(error)
        finally:
            connection.close()

    thread = threading.Thread(target=run)
    thread.start()
    return thread, errors


def test_a_view_during_a_writers_transaction_does_not_wait_or_store_a_stale_day(petition):
    signatures = [add_signature(petition, signed_at=at(2)) for _ in range(3)]
    changed, release = threading.Event(), threading.Event()
    target = Signature.objects.filter(pk=signatures[0].pk)
    thread, errors = _writer_holding(lambda: lifecycle.invalidate(target), changed, release)
    assert changed.wait(30)
    figures = stats.petition_stats(petition)  # does not wait for the writer's locks
    assert figures["days"][at(2).date()] == 3  # what was committed when it read
    assert not PetitionDay.objects.filter(petition=petition, day=at(2).date()).exists()
    release.set()
    thread.join(30)
    assert not errors
    assert_exact(petition)
    assert PetitionDay.objects.get(petition=petition, day=at(2).date()).counted == 2


def test_a_day_stored_while_a_writer_was_working_is_forgotten_when_it_commits(petition):
    signature = add_signature(petition, signed_at=at(2))
    add_signature(petition, signed_at=at(3))
    moved, release = threading.Event(), threading.Event()

    def change_then_wait():  # the signature changed, the day not yet marked
        Signature.objects.filter(pk=signature.pk).update(town="New Haven")
        moved.set()
        assert release.wait(30)
        rollup.changed(petition.pk, [at(2).date()])

    thread, errors = _writer_holding(change_then_wait, threading.Event(), release)
    assert moved.wait(30)
    stats.petition_stats(petition)  # stores day 2 with the old town
    assert PetitionDay.objects.filter(petition=petition, day=at(2).date()).exists()
    release.set()
    thread.join(30)
    assert not errors
    assert not PetitionDay.objects.filter(petition=petition, day=at(2).date()).exists()
    assert_exact(petition)

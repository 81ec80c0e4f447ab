"""The count spread over shard rows (petitions/lifecycle.py): online signers on PostgreSQL add to
one of the petition's CountShard rows, not to the petition's own row; the count is the sum, and
recounts fold the shards back into the petition's row."""

import itertools

import pytest
from django.core.management import call_command

from petitions import lifecycle, signing
from petitions.models import COUNT_SHARDS, CountShard, Petition, Signature
from tests.trust_helpers import assert_count_is_exact

_numbers = itertools.count(1)


def _sign_online(petition, count):
    for _ in range(count):
        n = next(_numbers)
        data = {
            "first_name": "Ana",
            "last_name": f"Ruiz {n}",
            "email": f"shard{n}@example.com",
            "postal_code": "06106",
        }
        petition = Petition.objects.get(pk=petition.pk)
        _signature, created = signing.sign(petition, data, language="en", only_if_open=True)
        assert created


def _shards(petition):
    return dict(CountShard.objects.filter(petition=petition).values_list("shard", "count"))


def test_a_new_petition_has_its_shard_rows_at_zero(petition):
    assert _shards(petition) == dict.fromkeys(range(COUNT_SHARDS), 0)


def test_online_signers_add_to_shards_not_to_the_petition_row(petition):
    """On both databases: on PostgreSQL so that signers do not queue for one row's lock, on
    SQLite because the petition's row is large and every UPDATE writes all of it again."""
    base = Petition.objects.get(pk=petition.pk).count_base
    _sign_online(petition, 40)
    stored = Petition.objects.get(pk=petition.pk)
    assert stored.signature_count == base + 40
    assert_count_is_exact(petition)
    shards = _shards(petition)
    assert stored.count_base == base  # the petition's row was not written
    assert sum(shards.values()) == 40
    assert sum(1 for n in shards.values() if n) > 1  # spread, not one row


def test_recount_folds_the_shards_into_the_petition_row(petition):
    _sign_online(petition, 10)
    assert lifecycle.recount(Petition.objects.get(pk=petition.pk)) == 10
    assert set(_shards(petition).values()) == {0}
    assert Petition.objects.get(pk=petition.pk).count_base == 10


def test_a_petition_without_shard_rows_still_counts_and_recount_makes_them(petition):
    CountShard.objects.filter(petition=petition).delete()  # e.g. restored from an old dump
    _sign_online(petition, 3)
    assert Petition.objects.get(pk=petition.pk).signature_count == 3
    lifecycle.recount(Petition.objects.get(pk=petition.pk))
    assert _shards(petition) == dict.fromkeys(range(COUNT_SHARDS), 0)
    _sign_online(petition, 2)
    assert_count_is_exact(petition)


def test_drift_sees_a_shard_changed_behind_the_lifecycles_back(petition, capsys):
    _sign_online(petition, 2)
    CountShard.objects.filter(petition=petition, shard=5).update(count=7)
    with pytest.raises(SystemExit):
        call_command("recount", "--check")
    counted = Signature.objects.filter(petition=petition).counted().count()
    assert f"counted {counted}" in capsys.readouterr().out
    call_command("recount", "--fix", "trust-act-2018")
    assert_count_is_exact(petition)


@pytest.mark.parametrize("change", ["closed", "rule"])
def test_a_signer_whose_copy_is_out_of_date_stores_nothing(petition, change):
    """The row, its email job and the increment go in one round trip on PostgreSQL
    (lifecycle._store_and_count); the check after them rolls all three back."""
    from core.models import EmailJob

    copy = Petition.objects.get(pk=petition.pk)
    if change == "closed":
        Petition.objects.filter(pk=petition.pk).update(status=Petition.Status.CLOSED)
    else:
        Petition.objects.filter(pk=petition.pk).update(
            requires_confirmation=not copy.requires_confirmation
        )
    data = {"first_name": "Ana", "last_name": "Ruiz", "email": "late@example.com"}
    with pytest.raises(lifecycle.PetitionChanged):
        signing.sign(
            copy, {**data, "postal_code": "06106"}, language="es", notify=True, only_if_open=True
        )
    assert not Signature.objects.filter(email="late@example.com").exists()
    assert not EmailJob.objects.exists()
    assert set(_shards(petition).values()) == {0}
    assert Petition.objects.get(pk=petition.pk).signature_count == copy.signature_count


def test_a_signer_online_gets_one_email_job_naming_the_signature(petition):
    from core.models import EmailJob

    data = {"first_name": "Ana", "last_name": "Ruiz", "email": "job@example.com"}
    signature, created = signing.sign(
        Petition.objects.get(pk=petition.pk),
        {**data, "postal_code": "06106"},
        language="es",
        notify=True,
        only_if_open=True,
    )
    assert created
    job = EmailJob.objects.get()
    assert job.signature_id == signature.pk and job.status == EmailJob.QUEUED
    assert Signature.objects.get(pk=signature.pk).email == "job@example.com"

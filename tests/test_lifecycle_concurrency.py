"""Each writer of the count, run against signers signing at the same moment, on PostgreSQL:
afterwards the stored count equals the counted signatures (and `manage.py recount --check` finds
no drift). SQLite runs one writer at a time, so only PostgreSQL can show a race."""

import itertools

import pytest
from django.conf import settings as django_settings
from django.core.management import call_command
from django.utils import timezone

from petitions import lifecycle, paper, signing
from petitions.models import Petition, Signature
from tests.signature_helpers import set_stored_count
from tests.threads import in_threads
from tests.trust_helpers import assert_count_is_exact

ON_POSTGRES = django_settings.DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"
pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(
        not ON_POSTGRES,
        reason="needs PostgreSQL (set DATABASE_URL): SQLite runs one writer at a time",
    ),
    pytest.mark.django_db(transaction=True),
]

_numbers = itertools.count(1)
SIGNERS = 60
EXISTING = 40


def _data(n):
    return {
        "first_name": "Ana",
        "last_name": f"Ruiz {n}",
        "email": f"signer{n}@example.com",
        "postal_code": "06106",
        "town": "Hartford",
        "state": "CT",
    }


def _signer(petition_id):
    """An online signer, as the sign view does it: a copy of the petition, retried on change."""

    def sign():
        n = next(_numbers)
        for _attempt in range(20):
            petition = Petition.objects.get(pk=petition_id)
            try:
                return signing.sign(petition, _data(n), language="en", only_if_open=True)
            except lifecycle.PetitionChanged:
                continue
        raise AssertionError("the petition kept changing")

    return sign


def _existing(petition, count=EXISTING, **fields):
    rows = [
        Signature(petition=petition, language="es", **_data(next(_numbers)), **fields)
        for _ in range(count)
    ]
    Signature.objects.bulk_create(rows)
    lifecycle.recount(petition)
    return [row.pk for row in Signature.objects.filter(petition=petition).order_by("pk")]


def _race(petition, writer_jobs):
    """The signers and the writer's jobs interleaved, in 8 threads released at once."""
    signers = [_signer(petition.pk) for _ in range(SIGNERS)]
    jobs = []
    for n, signer in enumerate(signers):
        jobs.append(signer)
        if n % 3 == 0 and writer_jobs:
            jobs.append(writer_jobs.pop())
    jobs.extend(writer_jobs)
    in_threads(jobs, workers=8)
    assert_count_is_exact(petition)
    call_command("recount", "--check", stdout=open("/dev/null", "w"))  # exits 1 on drift


def _batches(ids, size=3):
    return [ids[i : i + size] for i in range(0, len(ids), size)]


def test_invalidate_against_signers(petition):
    ids = _existing(petition)
    jobs = [
        (lambda b=b: lifecycle.invalidate(Signature.objects.filter(pk__in=b)))
        for b in _batches(ids)
    ]
    _race(petition, jobs)
    assert Signature.objects.filter(invalidated_at__isnull=False).count() == EXISTING


def test_restore_against_signers(petition):
    ids = _existing(petition)
    lifecycle.invalidate(Signature.objects.filter(pk__in=ids))
    jobs = [
        (lambda b=b: lifecycle.restore(Signature.objects.filter(pk__in=b))) for b in _batches(ids)
    ]
    _race(petition, jobs)
    assert Petition.objects.get(pk=petition.pk).signature_count == EXISTING + SIGNERS


def test_delete_against_signers(petition):
    ids = _existing(petition)
    jobs = [
        (lambda b=b: lifecycle.delete(Signature.objects.filter(pk__in=b))) for b in _batches(ids)
    ]
    _race(petition, jobs)
    assert Petition.objects.get(pk=petition.pk).signature_count == SIGNERS


def test_confirm_against_signers(petition):
    Petition.objects.filter(pk=petition.pk).update(requires_confirmation=True)
    ids = _existing(petition)
    jobs = [(lambda pk=pk: lifecycle.confirm(pk)) for pk in ids for _ in range(2)]
    _race(petition, jobs)
    assert Petition.objects.get(pk=petition.pk).signature_count == EXISTING


def test_withdraw_against_signers(petition):
    ids = _existing(petition)
    jobs = [(lambda pk=pk: lifecycle.withdraw(pk)) for pk in ids for _ in range(2)]
    _race(petition, jobs)
    assert Petition.objects.get(pk=petition.pk).signature_count == SIGNERS


def test_paper_entry_against_signers(petition):
    def sheet():
        rows = "\n".join(f"Luz,Papel,luz{next(_numbers)}@example.com,06106" for _ in range(5))
        return paper.import_csv(
            Petition.objects.get(pk=petition.pk),
            f"first_name,last_name,email,postal_code\n{rows}\n",
        )

    _race(petition, [sheet for _ in range(8)])
    assert Signature.objects.filter(source="paper").count() == 40


def test_counting_rule_changes_against_signers(petition):
    _existing(petition, confirmed_at=timezone.now())
    _existing(petition, count=10)  # unconfirmed: they count only while no confirmation is asked

    def switch(rule):
        def job():
            current = Petition.objects.get(pk=petition.pk)
            current.requires_confirmation = rule
            lifecycle.save_petition(current)

        return job

    _race(petition, [switch(n % 2 == 0) for n in range(12)])


def test_the_unlocked_recount_of_old_would_have_drifted_and_recount_fix_repairs_it(petition):
    """What `manage.py recount` is for: a count changed behind the lifecycle's back."""
    _existing(petition, count=5)
    set_stored_count(petition, 41)
    with pytest.raises(SystemExit) as exit_code:
        call_command("recount", "--check", stdout=open("/dev/null", "w"))
    assert exit_code.value.code == 1
    assert Petition.objects.get(pk=petition.pk).signature_count == 41  # --check changes nothing
    call_command("recount", "--fix", stdout=open("/dev/null", "w"))
    assert_count_is_exact(petition)

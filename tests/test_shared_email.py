"""A family sharing one email address: on a petition that allows it, a second person with a
different name signs with the same address; the same name again is a repeat, and a third person
is a repeat too. The database holds the rule."""

import pytest
from django.db import IntegrityError, transaction

from petitions import lifecycle
from petitions.models import Petition, Signature
from tests.conftest import petition_url
from tests.trust_helpers import assert_count_is_exact, post


@pytest.fixture
def shared(petition):
    Petition.objects.filter(pk=petition.pk).update(shared_email=True)
    petition.refresh_from_db()
    return petition


def _sign(client, data, **changes):
    return post(client, petition_url("es"), {**data, **changes})


def test_two_people_with_one_address_both_count(client, shared, sign_data):
    _sign(client, sign_data)
    _sign(client, sign_data, first_name="Ana", last_name="Nuñez-Ortiz", email="JOSE@example.com ")
    assert Signature.objects.count() == 2
    assert sorted(Signature.objects.values_list("email_slot", flat=True)) == [0, 1]
    assert_count_is_exact(shared)
    assert shared.signature_count == 2


@pytest.mark.parametrize(
    "name",
    [("José María", "Nuñez-Ortiz"), ("jose  maria", "NUNEZ ORTIZ"), ("JOSÉ MARÍA", "nuñez ortiz")],
)
def test_the_same_name_again_is_a_repeat(client, shared, sign_data, name):
    _sign(client, sign_data)
    _sign(client, sign_data, first_name=name[0], last_name=name[1])
    assert Signature.objects.count() == 1


def test_a_third_person_is_a_repeat(client, shared, sign_data):
    for first in ("José", "Ana", "Luz"):
        _sign(client, sign_data, first_name=first)
    assert Signature.objects.count() == 2
    assert_count_is_exact(shared)


def test_without_the_setting_one_signature_per_address(client, petition, sign_data):
    _sign(client, sign_data)
    _sign(client, sign_data, first_name="Ana")
    assert Signature.objects.count() == 1


def test_the_database_refuses_a_third_slot_and_a_twin(shared):
    def row(slot, first):
        return Signature(
            petition=shared,
            first_name=first,
            last_name="Ruiz",
            email="casa@example.com",
            postal_code="06106",
            language="es",
            email_slot=slot,
            name_key=lifecycle.name_key(first, "Ruiz"),
        )

    row(0, "Ana").save()
    row(1, "Luz").save()
    for bad in (row(2, "Eva"), row(1, "Eva"), row(0, "Eva")):
        with pytest.raises(IntegrityError), transaction.atomic():
            bad.save()
    twin = row(1, "Ana")
    twin.email_slot = 1
    with pytest.raises(IntegrityError), transaction.atomic():
        Signature.objects.filter(first_name="Luz").delete()
        twin.save()


def test_a_withdrawn_person_frees_the_address_for_someone_else(client, shared, sign_data):
    _sign(client, sign_data)
    first = Signature.objects.get()
    lifecycle.withdraw(first.pk)
    _sign(client, sign_data, first_name="Ana")
    _sign(client, sign_data, first_name="Luz")
    assert Signature.objects.exclude(email="").count() == 2
    assert_count_is_exact(shared)

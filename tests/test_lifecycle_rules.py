"""Any sequence of lifecycle operations keeps each petition's stored count equal to its counted
signatures; the rule in Python (`Signature.counts_under`) and in SQL (`counted()`) agree."""

import itertools

import pytest
from django.utils import timezone
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    invariant,
    precondition,
    rule,
    run_state_machine_as_test,
)

from petitions import lifecycle, signing
from petitions.models import Petition, Signature

pytestmark = pytest.mark.django_db

_slugs = itertools.count(1)


def _data(n):
    return {
        "first_name": "José María",
        "last_name": f"Nuñez-Ortiz {n}",
        "email": f"Signer{n}@Example.com ",
        "postal_code": "06106",
        "town": "Hartford",
        "state": "CT",
    }


class Lifecycle(RuleBasedStateMachine):
    def __init__(self):
        super().__init__()
        campaign = Petition.objects.get(slug="trust-act-2018").campaign
        self.petition = Petition.objects.create(
            campaign=campaign,
            slug=f"machine-{next(_slugs)}",
            title="T",
            target="T",
            statement="S",
            status=Petition.Status.OPEN,
        )
        self.emails = itertools.count(1)

    def _fresh(self):
        return Petition.objects.get(pk=self.petition.pk)

    def _mine(self, picks):
        ids = list(Signature.objects.filter(petition=self.petition).values_list("pk", flat=True))
        return Signature.objects.filter(pk__in=[ids[i % len(ids)] for i in picks] if ids else [])

    @rule(again=st.integers(0, 50) | st.none())
    def sign_online(self, again):
        """A new signer, or (again) someone whose email signed before: stored once."""
        n = next(self.emails) if again is None else again % next(self.emails) + 1
        signing.sign(self._fresh(), _data(n), language="es", only_if_open=True)

    @rule()
    def enter_paper(self):
        data = {**_data(next(self.emails)), "confirmed_at": timezone.now()}
        signing.sign(self._fresh(), data, language="en", source=Signature.Source.PAPER)

    @precondition(lambda self: Signature.objects.filter(petition=self.petition).exists())
    @rule(pick=st.integers(0, 50))
    def confirm(self, pick):
        lifecycle.confirm(self._mine([pick]).get().pk)

    @precondition(lambda self: Signature.objects.filter(petition=self.petition).exists())
    @rule(pick=st.integers(0, 50))
    def withdraw(self, pick):
        lifecycle.withdraw(self._mine([pick]).get().pk)

    @rule(picks=st.lists(st.integers(0, 50), max_size=4))
    def invalidate(self, picks):
        lifecycle.invalidate(self._mine(picks))

    @rule(picks=st.lists(st.integers(0, 50), max_size=4))
    def restore(self, picks):
        lifecycle.restore(self._mine(picks))

    @rule(picks=st.lists(st.integers(0, 50), max_size=2))
    def delete(self, picks):
        lifecycle.delete(self._mine(picks))

    @rule(picks=st.lists(st.integers(0, 50), max_size=3))
    def anonymise(self, picks):
        lifecycle.anonymise(self._mine(picks))

    @rule(requires_confirmation=st.booleans())
    def change_rule(self, requires_confirmation):
        petition = self._fresh()
        petition.requires_confirmation = requires_confirmation
        lifecycle.save_petition(petition)

    @invariant()
    def count_is_exact(self):
        petition = self._fresh()
        counted = Signature.objects.filter(petition=petition).counted().count()
        assert petition.signature_count == counted
        assert lifecycle.drift(Petition.objects.filter(pk=petition.pk)) == []

    @invariant()
    def python_rule_agrees_with_sql(self):
        rule_now = self._fresh().requires_confirmation
        signatures = Signature.objects.filter(petition=self.petition)
        in_python = {s.pk for s in signatures if s.counts_under(rule_now)}
        assert in_python == set(signatures.counted().values_list("pk", flat=True))


def test_any_sequence_of_lifecycle_operations_keeps_the_count_exact(petition):
    run_state_machine_as_test(
        Lifecycle,
        settings=settings(
            max_examples=40,
            stateful_step_count=25,
            deadline=None,
            suppress_health_check=list(HealthCheck),
        ),
    )


def test_a_plain_save_refuses_to_change_the_counting_rule(petition):
    petition.requires_confirmation = True
    with pytest.raises(ValueError, match="save_petition"):
        petition.save()
    petition.refresh_from_db()
    petition.title_en = "A new title"
    petition.save()
    assert Petition.objects.get(pk=petition.pk).requires_confirmation is False

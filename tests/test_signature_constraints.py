"""Signature.validate_constraints leaves out only the check constraints on fields excluded from the
validation (the sign form never sets `email_slot`); with the field included it still refuses."""

import pytest
from django.core.exceptions import ValidationError

from petitions.models import Signature


def _signature(petition, **fields):
    return Signature(
        petition=petition,
        first_name="Ana",
        last_name="Ruiz",
        email="ana@example.com",
        postal_code="06106",
        language="en",
        **fields,
    )


def test_a_third_email_slot_is_refused_when_the_slot_is_validated(petition):
    with pytest.raises(ValidationError) as error:
        _signature(petition, email_slot=2).validate_constraints()
    assert "two_signatures_per_email_at_most" in str(error.value)


def test_the_check_is_left_out_with_its_field_and_the_unique_ones_still_run(petition):
    third = _signature(petition, email_slot=2)
    third.validate_constraints(exclude={"email_slot"})
    assert not hasattr(third, "_left_out")
    _signature(petition).save()
    with pytest.raises(ValidationError):  # the same email, slot and name again
        _signature(petition).validate_constraints(exclude={"first_name"})

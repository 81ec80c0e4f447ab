"""The sign form skips the model's validation (SignatureForm._post_clean): it must stay the case
that the model checks nothing on these fields that the form's own fields do not."""

from django.db import models

from petitions.forms import SignatureForm
from petitions.models import Signature
from petitions.paper import PaperSignatureForm


def test_every_check_of_the_model_on_the_form_fields_is_the_form_fields_own():
    for form_class in (SignatureForm, PaperSignatureForm):
        form = form_class()
        for name in SignatureForm.Meta.fields:
            model_field = Signature._meta.get_field(name)
            form_field = form.fields[name]
            model_checks = {type(v) for v in model_field.validators}
            form_checks = {type(v) for v in form_field.validators}
            assert model_checks <= form_checks, (form_class.__name__, name)
            assert not model_field.choices, name  # a choice list would be the model's check
            if not model_field.blank and not isinstance(model_field, models.BooleanField):
                assert form_field.required, (form_class.__name__, name)


def test_the_signature_model_has_no_clean_of_its_own():
    assert Signature.clean is models.Model.clean
    assert Signature.clean_fields is models.Model.clean_fields


def test_a_bad_email_is_still_refused_by_the_form():
    data = {
        "first_name": "José María",
        "last_name": "Nuñez-Ortiz",
        "email": "not an address",
        "postal_code": "06106",
    }
    form = PaperSignatureForm({**data, "language": "es"})
    assert not form.is_valid()
    assert "email" in form.errors
    assert not PaperSignatureForm({**data, "first_name": "x" * 101, "language": "es"}).is_valid()

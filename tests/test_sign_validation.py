"""Every sign-form field's validation, with the error in the page's language next to the field."""

import pytest

from petitions.models import Signature
from tests.conftest import petition_url

CASES = [
    # (field, value, English error, Spanish error)
    ("first_name", "", "Please enter your first name.", "Por favor, escriba su nombre."),
    ("last_name", "", "Please enter your last name.", "Por favor, escriba su apellido."),
    ("email", "", "Please enter your email address.", "Por favor, escriba su correo electrónico."),
    (
        "email",
        "not-an-email",
        "Please enter a valid email address",
        "Por favor, escriba un correo electrónico válido",
    ),
    ("postal_code", "", "Please enter your ZIP code.", "Por favor, escriba su código postal."),
    (
        "postal_code",
        "ABCDE",
        "Please enter a 5-digit US ZIP code",
        "Por favor, escriba un código postal de EE. UU. de 5 dígitos",
    ),
    (
        "postal_code",
        "00000",
        "We could not find the ZIP code 00000",
        "No encontramos el código postal 00000",
    ),
    (
        "first_name",
        "x" * 101,
        "Please keep this under 100 characters.",
        "Por favor, use como máximo 100 caracteres.",
    ),
    (
        "first_name",
        "<script>alert(1)</script>",
        "Please use only letters, spaces, apostrophes, hyphens and periods.",
        "Por favor, use solo letras, espacios, apóstrofos, guiones y puntos.",
    ),
    (
        "last_name",
        '=HYPERLINK("http://x")',
        "Please use only letters, spaces, apostrophes, hyphens and periods.",
        "Por favor, use solo letras, espacios, apóstrofos, guiones y puntos.",
    ),
    (
        "first_name",
        "Ana\u202e",
        "Please remove invisible or special characters.",
        "Por favor, quite los caracteres invisibles o especiales.",
    ),
    (
        "town",
        "Hartford<b>",
        "Please use only letters, numbers, spaces",
        "Por favor, use solo letras, números, espacios",
    ),
    (
        "comment",
        "a" * 10_000,
        "Please keep your comment under 2000 characters",
        "Su comentario debe tener como máximo 2000 caracteres",
    ),
]


@pytest.mark.parametrize("lang", ["en", "es"])
@pytest.mark.parametrize(("field", "value", "error_en", "error_es"), CASES)
def test_each_field_error_is_shown_next_to_it_in_the_page_language(
    client, petition, sign_data, lang, field, value, error_en, error_es
):
    response = client.post(petition_url(lang), {**sign_data, field: value})
    assert response.status_code == 400
    html = response.content.decode()
    error = {"en": error_en, "es": error_es}[lang]
    assert error in html
    # crispy-forms ties the message to its field: the field's error block names the field.
    assert f'id="error_1_id_{field}"' in html
    assert Signature.objects.count() == 0
    other = {"en": error_es, "es": error_en}[lang]
    assert other not in html


def test_names_are_kept_exactly_as_typed(client, petition, sign_data):
    names = [("Siobhán", "O'Brien"), ("Nguyễn", "Thị Minh-Khai"), ("José María", "Nuñez-Ortiz")]
    for i, (first, last) in enumerate(names):
        client.post(
            petition_url("en"),
            {**sign_data, "first_name": first, "last_name": last, "email": f"n{i}@example.com"},
        )
    stored = set(Signature.objects.values_list("first_name", "last_name"))
    assert stored == set(names)


def test_a_comment_with_html_is_stored_as_text_and_never_rendered(client, petition, sign_data):
    comment = "<script>alert('x')</script> =1+1"
    response = client.post(petition_url("en"), {**sign_data, "comment": comment})
    assert response.status_code == 302
    assert Signature.objects.get().comment == comment
    assert "<script>alert" not in client.get(petition_url("en")).content.decode()


def test_a_failed_submission_keeps_what_the_signer_typed(client, petition, sign_data):
    response = client.post(petition_url("es"), {**sign_data, "postal_code": "ABCDE"})
    html = response.content.decode()
    assert 'value="José María"' in html
    assert 'value="jose@example.com"' in html

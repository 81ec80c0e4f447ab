"""Bad input on the sign form: each value gets the signature it deserves or a clear error in the
page's language; never a 500; nothing saved before changes."""

from urllib.parse import quote_from_bytes

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from petitions.models import Petition, Signature
from tests.conftest import petition_url
from tests.trust_helpers import assert_count_is_exact, snapshot

TEXT_FIELDS = ["first_name", "last_name", "email", "postal_code", "town", "comment"]
ALL_FIELDS = [*TEXT_FIELDS, "public", "updates_opt_in", "leave_blank", "started"]

# (value, English error, Spanish error) for every text field.
NASTY = {
    "10,000 characters": (
        "a" * 10_000,
        {
            "first_name": ("Please keep this under 100", "Por favor, use como máximo 100"),
            "last_name": ("Please keep this under 100", "Por favor, use como máximo 100"),
            "email": ("Please enter a valid email", "Por favor, escriba un correo electrónico"),
            "postal_code": ("Please enter a 5-digit US ZIP", "Por favor, escriba un código postal"),
            "town": ("Please keep this under 100", "Por favor, use como máximo 100"),
            "comment": ("Please keep your comment under 2000", "como máximo 2000 caracteres"),
        },
    ),
    "control characters": ("Ana\x07\x1b[31m", "invisible"),
    "a NUL byte": ("Ana\x00", "invisible"),
    "a right-to-left override": ("Ana\u202eZ", "invisible"),
    "invalid UTF-8 (replacement character)": ("Ana\ufffd", "invisible"),
}
INVISIBLE = {
    "first_name": ("Please remove invisible", "Por favor, quite los caracteres invisibles"),
    "last_name": ("Please remove invisible", "Por favor, quite los caracteres invisibles"),
    "email": ("Please enter a valid email", "Por favor, escriba un correo electrónico"),
    "postal_code": ("Please enter a 5-digit US ZIP", "Por favor, escriba un código postal"),
    "town": ("Please remove invisible", "Por favor, quite los caracteres invisibles"),
    "comment": ("Please remove invisible", "Por favor, quite los caracteres invisibles"),
}
NUL = {"first_name", "last_name", "postal_code"}  # Django's own null check speaks first there
NUL_ERROR = ("Null characters are not allowed.", "Los caracteres nulos no están permitidos.")


@pytest.fixture
def earlier(client, petition, sign_data, settings):
    """A signature saved before the bad input arrives; the rate limit is off for these tests."""
    settings.SIGN_RATE_LIMIT = None
    client.post(petition_url("en"), {**sign_data, "email": "earlier@example.com"})
    return snapshot()


@pytest.mark.parametrize("lang", ["en", "es"])
@pytest.mark.parametrize("kind", list(NASTY))
@pytest.mark.parametrize("field", TEXT_FIELDS)
def test_each_nasty_value_in_each_field_gets_a_clear_error(
    client, petition, sign_data, earlier, field, kind, lang
):
    value, errors = NASTY[kind]
    if errors == "invisible":
        errors = NUL_ERROR if kind == "a NUL byte" and field in NUL else INVISIBLE[field]
    else:
        errors = errors[field]
    response = client.post(
        petition_url(lang), {**sign_data, "email": "new@example.com", field: value}
    )
    assert response.status_code == 400
    html = response.content.decode()
    expected, other = (errors[0], errors[1]) if lang == "en" else (errors[1], errors[0])
    assert expected in html
    assert other not in html
    assert f'id="error_1_id_{field}"' in html
    assert snapshot() == earlier


@pytest.mark.parametrize(
    ("value", "stored"),
    [
        ("JOSE@EXAMPLE.COM", "jose@example.com"),
        ("  Ana.Maria@Example.com  ", "ana.maria@example.com"),
        ("jose@bücher.de", "jose@bücher.de"),
    ],
)
def test_emails_with_capitals_spaces_or_a_unicode_domain_are_saved_normalised(
    client, petition, sign_data, earlier, value, stored
):
    assert client.post(petition_url("es"), {**sign_data, "email": value}).status_code == 302
    assert Signature.objects.filter(email=stored).exists()


@pytest.mark.parametrize(
    "value", ["josé@ejemplo.com", "jo se@example.com", "jose@exam\u200bple.com"]
)
def test_emails_that_cannot_be_delivered_are_refused_in_spanish(
    client, petition, sign_data, earlier, value
):
    response = client.post(petition_url("es"), {**sign_data, "email": value})
    assert response.status_code == 400
    assert "Por favor, escriba un correo electrónico válido" in response.content.decode()
    assert snapshot() == earlier


@pytest.mark.parametrize(
    ("value", "stored", "town"),
    [("6106", "06106", "Hartford"), ("06106-1234", "06106-1234", "Hartford")],
)
def test_zip_codes_that_make_sense_are_saved(
    client, petition, sign_data, earlier, value, stored, town
):
    assert client.post(petition_url("en"), {**sign_data, "postal_code": value}).status_code == 302
    signature = Signature.objects.get(email=sign_data["email"])
    assert (signature.postal_code, signature.town) == (stored, town)


def test_html_and_script_in_a_comment_are_kept_as_text(client, petition, sign_data, earlier):
    comment = '<script>alert("x")</script><img src=x onerror=alert(1)>'
    assert client.post(petition_url("en"), {**sign_data, "comment": comment}).status_code == 302
    assert Signature.objects.get(email=sign_data["email"]).comment == comment


def test_invalid_utf8_bytes_in_the_body_get_errors_in_spanish(client, petition, earlier):
    body = (
        b"first_name=Jos%E9&last_name=%FF%FE&email=ana%FF@example.com"
        b"&postal_code=06106&comment=%C3%28"
    )
    response = client.post(
        petition_url("es"), body, content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "Por favor, quite los caracteres invisibles o especiales." in html
    assert "Por favor, escriba un correo electrónico válido" in html
    assert snapshot() == earlier


def test_repeated_fields_and_a_file_instead_of_text_never_500(client, petition, sign_data, earlier):
    repeated = {**sign_data, "email": ["a@example.com", "b@example.com"], "public": ["on", "x"]}
    assert client.post(petition_url("en"), repeated).status_code == 302
    with_file = {**sign_data, "email": "c@example.com"}
    with_file["first_name"] = SimpleUploadedFile("name.txt", b"Ana")
    response = client.post(petition_url("es"), with_file)
    assert response.status_code == 400
    assert "Por favor, escriba su nombre." in response.content.decode()


def test_a_user_agent_with_control_characters_is_stored_without_them(
    client, petition, sign_data, earlier
):
    client.post(petition_url("en"), sign_data, HTTP_USER_AGENT="Phone\x00\x07/1.0" + "x" * 400)
    user_agent = Signature.objects.get(email=sign_data["email"]).user_agent
    assert user_agent.startswith("Phone/1.0") and len(user_agent) == 300


# Property-based: whatever text arrives in any field, no 500 and no change to other signatures.
printable_or_not = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",)), max_size=300
) | st.sampled_from(["", " ", "a" * 10_000, "06106", "6106", "x@example.com", "\x00", "\u202e"])


def _assert_harmless(response, before):
    # 200: the form asks whether the ZIP's town is right (a town typed that is not the ZIP's).
    assert response.status_code in (200, 302, 400), response.status_code
    rows, _counts = snapshot()
    assert rows[: len(before[0])] == before[0]  # signatures saved before are untouched
    assert_count_is_exact(Petition.objects.get(slug="trust-act-2018"))


@pytest.mark.parametrize("field", ALL_FIELDS)
def test_arbitrary_text_in_any_field_never_breaks_anything(
    client, petition, sign_data, earlier, field
):
    @hypothesis_settings(max_examples=30, deadline=None, suppress_health_check=list(HealthCheck))
    @given(value=printable_or_not, lang=st.sampled_from(["en", "es"]))
    def check(value, lang):
        before = snapshot()
        response = client.post(petition_url(lang), {**sign_data, field: value})
        _assert_harmless(response, before)

    check()


def test_arbitrary_text_in_every_field_at_once(client, petition, earlier):
    @hypothesis_settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
    @given(data=st.fixed_dictionaries(dict.fromkeys(ALL_FIELDS, printable_or_not)))
    def check(data):
        before = snapshot()
        _assert_harmless(client.post(petition_url("es"), data), before)

    check()


def test_arbitrary_bytes_in_any_field_never_break_anything(client, petition, sign_data, earlier):
    @hypothesis_settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
    @given(field=st.sampled_from(ALL_FIELDS), raw=st.binary(max_size=200))
    def check(field, raw):
        before = snapshot()
        fields = {**sign_data, field: ""}
        body = "&".join(f"{k}={v}" for k, v in fields.items() if k != field)
        body = f"{body}&{field}={quote_from_bytes(raw)}".encode()
        response = client.post(
            petition_url("en"), body, content_type="application/x-www-form-urlencoded"
        )
        _assert_harmless(response, before)

    check()

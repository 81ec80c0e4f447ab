"""The ZIP code: read as people type it, shown back as a town, refused where a petition says so.

Every post carries a form stamp from a minute ago, so these tests hold whatever SIGN_MIN_SECONDS is.
"""

import pytest

from petitions import zip_lookup
from petitions.models import Petition, Signature
from tests.clock import served_ago
from tests.conftest import petition_url, thanks_url
from tests.trust_helpers import post


def signer(sign_data, **fields):
    return {**sign_data, "started": served_ago(60), **fields}


def limit_to_connecticut(petition, only=True):
    Petition.objects.filter(pk=petition.pk).update(state="CT", only_state=only)


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("06106", "06106"),
        ("  06106 ", "06106"),
        ("０６１０６", "06106"),  # full-width digits, as some phone keyboards type them
        ("０６１０６－１２３４", "06106-1234"),
        ("6106", "06106"),  # a spreadsheet's lost leading zero
        ("6106-1234", "06106-1234"),
    ],
)
def test_zip_codes_are_read_as_people_type_them(typed, stored):
    found = zip_lookup.normalise(typed)
    assert found and found[0] == stored
    assert found[1]["city"] == "Hartford"


@pytest.mark.parametrize("typed", ["0610", "٠٦١٠٦", "06106\u200b", "6", "061060"])
def test_no_guessing(typed):
    # 0610 is a digit short of 06106, not 00610 (Añasco, PR); Arabic-Indic digits are not a ZIP.
    assert zip_lookup.normalise(typed) is None


@pytest.mark.parametrize("lang", ["en", "es"])
def test_full_width_digits_sign_instead_of_a_500(client, petition, sign_data, lang):
    response = client.post(petition_url(lang), signer(sign_data, postal_code="０６１０６"))
    assert response.status_code == 302
    assert Signature.objects.get().postal_code == "06106"


@pytest.mark.parametrize(
    ("lang", "message"),
    [
        ("en", "A ZIP code has 5 digits, like 06106."),
        ("es", "El código postal tiene 5 dígitos, por ejemplo 06106."),
    ],
)
def test_a_digit_short_is_an_error_not_puerto_rico(client, petition, sign_data, lang, message):
    response = client.post(petition_url(lang), signer(sign_data, postal_code="0610"))
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Signature.objects.exists()


def _ask(client, lang, data):
    response = client.post(petition_url(lang), data)
    assert response.status_code == 200
    assert not Signature.objects.exists()
    html = response.content.decode()
    assert "Please correct the errors" not in html and "corrija los errores" not in html
    return response, html


@pytest.mark.parametrize(
    ("lang", "question"),
    [
        ("en", "00610 is Anasco, PR — is that right?"),
        ("es", "El código postal 00610 es de Anasco, PR: ¿es correcto?"),
    ],
)
def test_a_zip_outside_the_petitions_state_is_shown_back_before_storing(
    client, petition, sign_data, lang, question
):
    limit_to_connecticut(petition, only=False)
    data = signer(sign_data, postal_code="00610")
    response, html = _ask(client, lang, data)
    assert question in html
    assert "autofocus" in html.split(question)[0].rsplit("<div", 1)[1]
    checked = response.context["form"]["place_checked"].value()
    # Sending it again as it is means "yes".
    response = client.post(petition_url(lang), {**data, "place_checked": checked})
    assert response.status_code == 302
    assert (Signature.objects.get().town, Signature.objects.get().state) == ("Anasco", "PR")


def test_a_changed_zip_is_asked_about_again(client, petition, sign_data):
    limit_to_connecticut(petition, only=False)
    response, _html = _ask(client, "en", signer(sign_data, postal_code="00610"))
    checked = response.context["form"]["place_checked"].value()
    _ask(client, "en", signer(sign_data, postal_code="10001", place_checked=checked))
    # Corrected to a Connecticut ZIP: no question.
    fixed = signer(sign_data, postal_code="06106", place_checked=checked)
    assert client.post(petition_url("en"), fixed).status_code == 302


@pytest.mark.parametrize(
    ("lang", "said"),
    [
        ("en", "You wrote “Wethersfield” as your town."),
        ("es", "Usted escribió “Wethersfield” como su pueblo o ciudad."),
    ],
)
def test_a_town_other_than_the_zips_is_shown_back(client, petition, sign_data, lang, said):
    data = signer(sign_data, town="Wethersfield")
    response, html = _ask(client, lang, data)
    assert said in html
    checked = response.context["form"]["place_checked"].value()
    client.post(petition_url(lang), {**data, "place_checked": checked})
    assert Signature.objects.get().town == "Wethersfield"  # kept as written


@pytest.mark.parametrize("town", ["hartford", "  HARTFORD ", "Htfd"])
def test_the_zips_own_town_in_any_case_is_not_asked_about(client, petition, sign_data, town):
    assert client.post(petition_url("en"), signer(sign_data, town=town)).status_code == 302


@pytest.mark.parametrize(
    ("lang", "message"),
    [
        (
            "en",
            "This petition is only for residents of Connecticut, and the ZIP code 10001 is in "
            "New York, NY. Please check it.",
        ),
        (
            "es",
            "Esta petición es solo para residentes de Connecticut, y el código postal 10001 es "
            "de New York, NY. Por favor, revíselo.",
        ),
    ],
)
def test_a_petition_limited_to_its_state_refuses_other_states(
    client, petition, sign_data, lang, message
):
    limit_to_connecticut(petition)
    data = signer(sign_data, postal_code="10001")
    response = client.post(petition_url(lang), data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Signature.objects.exists()
    assert client.post(petition_url(lang), {**data, "postal_code": "06106"}).status_code == 302


def test_only_state_needs_a_state(petition):
    from django.core.exceptions import ValidationError

    petition.only_state = True
    petition.state = ""
    with pytest.raises(ValidationError):
        petition.clean()


@pytest.mark.parametrize(
    ("lang", "said"),
    [("en", "You signed from Hartford, CT."), ("es", "Usted firmó desde Hartford, CT.")],
)
def test_the_thanks_page_and_the_receipt_say_the_town(
    client, petition, sign_data, lang, said, mailoutbox
):
    post(client, petition_url(lang), signer(sign_data))  # runs the emails queued on commit
    assert said in client.get(thanks_url(lang)).content.decode()
    receipt = mailoutbox[0]
    assert "Hartford, CT" in receipt.body
    assert "Hartford, CT" in receipt.alternatives[0][0]

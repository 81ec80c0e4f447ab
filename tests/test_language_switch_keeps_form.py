"""The language switcher keeps what was typed: on the petition page it sends the sign form (a POST,
so nothing lands in an address, a log or the session) to the same page in the other language,
which shows the form filled in again, checks nothing and stores nothing."""

import pytest
from django.conf import settings

from petitions.models import Signature
from tests.conftest import petition_url

OTHER = {"en": "es", "es": "en"}


@pytest.mark.parametrize("lang", ["en", "es"])
def test_the_switcher_is_a_button_of_the_sign_form(client, petition, lang):
    html = client.get(petition_url(lang)).content.decode()
    other = OTHER[lang]
    assert (
        f'<button type="submit" form="sign-form" formaction="{petition_url(other)}" '
        f'formmethod="post" formnovalidate name="switch_language" value="{other}"'
    ) in html
    # Enter in a field signs: the first submit button of the form in the page is a sign button.
    first = html.index('form="sign-form"')
    assert 'name="sign"' in html[first : html.index(">", first)]


@pytest.mark.parametrize("lang", ["en", "es"])
def test_switching_carries_the_typed_values_and_stores_nothing(client, petition, sign_data, lang):
    other = OTHER[lang]
    data = {**sign_data, "comment": "Por mi familia", "updates_opt_in": "on"}
    data["switch_language"] = other
    response = client.post(petition_url(other), data)
    assert response.status_code == 200
    html = response.content.decode()
    assert f'<html lang="{other}">' in html
    assert 'value="José María"' in html and 'value="Nuñez-Ortiz"' in html
    assert 'value="jose@example.com"' in html and 'value="06106"' in html
    assert "Por mi familia</textarea>" in html
    assert html.count("checked") >= 2
    assert "alert-danger" not in html  # nothing was checked
    assert Signature.objects.count() == 0
    assert settings.SESSION_COOKIE_NAME not in response.cookies  # nothing kept in a session


def test_switching_an_empty_form_shows_an_empty_form(client, petition):
    response = client.post(petition_url("es"), {"switch_language": "es"})
    assert response.status_code == 200
    assert "alert-danger" not in response.content.decode()
    assert Signature.objects.count() == 0

"""Addresses people edit by hand or browsers ask for: the other language's words, the favicon."""

import pytest

from tests.conftest import petition_url, thanks_url


@pytest.mark.parametrize(
    ("typed", "right"),
    [
        ("/es/petitions/trust-act-2018/", petition_url("es")),
        ("/en/peticiones/trust-act-2018/", petition_url("en")),
        ("/es/petitions/trust-act-2018/thanks/", thanks_url("es")),
        ("/en/peticiones/trust-act-2018/gracias/", thanks_url("en")),
        ("/es/campaigns/connecticut-trust-act/", "/es/campanas/connecticut-trust-act/"),
        ("/en/campanas/connecticut-trust-act/", "/en/campaigns/connecticut-trust-act/"),
        ("/es/privacy/", "/es/privacidad/"),
        (
            "/es/petitions/trust-act-2018/?utm_source=whatsapp",
            petition_url("es") + "?utm_source=whatsapp",
        ),
    ],
)
def test_the_other_languages_words_redirect_to_the_right_address(client, petition, typed, right):
    response = client.get(typed)
    assert response.status_code == 301
    assert response["Location"] == right


def test_an_unknown_address_is_still_404(client, petition):
    response = client.get("/es/petitions/no-such-petition/", follow=True)
    assert response.redirect_chain == [("/es/peticiones/no-such-petition/", 301)]
    assert response.status_code == 404
    assert client.get("/es/peticiones/no-such-petition/").status_code == 404
    assert client.get("/en/petitions/no-such-petition/").status_code == 404
    assert client.get("/es/nothing/").status_code == 404


def test_favicon(client, db):
    response = client.get("/favicon.ico")
    assert response.status_code == 301
    assert response["Location"].endswith("favicon.svg")
    html = client.get("/en/").content.decode()
    assert '<link rel="icon" href="/static/favicon.svg" type="image/svg+xml">' in html
    from django.contrib.staticfiles import finders

    assert finders.find("favicon.svg")

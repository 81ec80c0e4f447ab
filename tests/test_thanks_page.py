"""The thanks page thanks only the browser that just signed; it points at the petition as the page
to share and index; no `#sign` follows the signer there."""

import time

import pytest
from django.test import Client

from petitions import thanks
from petitions.models import Signature
from tests.clock import served_ago
from tests.conftest import petition_url, thanks_url
from tests.signature_helpers import other_petition


def signer(sign_data, **fields):
    return {**sign_data, "started": served_ago(60), **fields}


@pytest.mark.parametrize("lang", ["en", "es"])
def test_a_stranger_opening_the_thanks_address_is_sent_to_the_petition(client, petition, lang):
    response = client.get(thanks_url(lang))
    assert response.status_code == 302
    assert response["Location"] == petition_url(lang)


@pytest.mark.parametrize("lang", ["en", "es"])
def test_the_signer_is_thanked_and_the_page_points_at_the_petition(
    client, petition, sign_data, lang
):
    response = client.post(petition_url(lang), signer(sign_data))
    assert response["Location"] == thanks_url(lang)  # no fragment: nothing like #sign
    html = client.get(response["Location"]).content.decode()
    absolute = "http://testserver" + petition_url(lang)
    assert f'<link rel="canonical" href="{absolute}">' in html
    assert f'<meta property="og:url" content="{absolute}">' in html
    assert '<meta name="robots" content="noindex">' in html
    assert {"en": "Thank you for signing", "es": "Gracias por firmar"}[lang] in html
    # and the other language's thanks page too (the switcher)
    other = {"en": "es", "es": "en"}[lang]
    assert client.get(thanks_url(other)).status_code == 200


def test_the_form_posts_without_a_fragment(client, petition):
    html = client.get(petition_url("es")).content.decode()
    assert 'action="/es/peticiones/trust-act-2018/"' in html
    assert 'action="/es/peticiones/trust-act-2018/#' not in html


def test_a_repeated_signer_is_thanked_alike(client, petition, sign_data):
    Client().post(petition_url("en"), signer(sign_data))
    response = client.post(petition_url("en"), signer(sign_data, email="JOSE@example.com"))
    assert response["Location"] == thanks_url("en")
    assert client.get(thanks_url("en")).status_code == 200
    assert Signature.objects.count() == 1


def test_a_refused_form_does_not_open_the_thanks_page(client, petition, sign_data):
    assert client.post(petition_url("en"), signer(sign_data, email="x")).status_code == 400
    assert client.get(thanks_url("en")).status_code == 302


def test_signing_one_petition_does_not_open_anothers_thanks_page(client, petition, sign_data):
    other = other_petition()
    client.post(petition_url("en"), signer(sign_data))
    assert client.get(thanks_url("en", other.slug)).status_code == 302


def test_the_thanks_page_is_shown_for_an_hour(client, petition, sign_data, monkeypatch):
    client.post(petition_url("en"), signer(sign_data))
    later = time.time() + thanks.THANKS_SECONDS + 1
    monkeypatch.setattr("django.core.signing.time.time", lambda: later)
    assert client.get(thanks_url("en")).status_code == 302


def test_the_cookie_is_signed(client, petition):
    client.cookies[thanks.cookie_name(petition.slug)] = "Hartford, CT"
    assert client.get(thanks_url("en")).status_code == 302


def test_the_thanks_page_takes_only_get(client, petition, sign_data):
    client.post(petition_url("en"), signer(sign_data))
    response = client.post(thanks_url("en"))
    assert response.status_code == 405
    assert response["Allow"] == "GET, HEAD"

"""One-click unsubscribe: GET only shows a button, POST unsubscribes, bad links get a clear page.

Expired and invalid links get the confirm and withdraw links' answers: 410 and 404, same words.
"""

import time

import pytest
from django.core import signing

from core import tokens
from outreach import unsubscribe
from petitions.models import Signature
from tests.campaign_helpers import signer


def _path(signature, language):
    return unsubscribe.unsubscribe_url(signature, language).removeprefix("http://127.0.0.1:8000")


@pytest.fixture
def beto(petition):
    return signer(petition, "beto@example.com", "es")


def _opted_in(signature):
    return Signature.objects.get(pk=signature.pk).updates_opt_in


def test_get_changes_nothing_and_shows_a_button_in_the_signers_language(client, beto):
    path = _path(beto, "es")
    assert path.startswith("/es/baja/")
    response = client.get(path)
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="es">' in html
    assert "¿Dejar de recibir noticias por correo?" in html
    assert '<button type="submit"' in html and "Darme de baja" in html
    assert "Protejan a los residentes" in html
    assert _opted_in(beto) is True


def test_post_unsubscribes(client, beto):
    response = client.post(_path(beto, "es"))
    assert response.status_code == 200
    assert "Se ha dado de baja" in response.content.decode()
    assert _opted_in(beto) is False
    # the link keeps working and says so
    assert "Ya se había dado de baja" in client.get(_path(beto, "es")).content.decode()


def test_one_click_post_from_a_mail_program_needs_no_csrf_token(beto):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    response = strict.post(_path(beto, "en"), {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    assert "You are unsubscribed" in response.content.decode()
    assert _opted_in(beto) is False


def test_unsubscribing_leaves_the_signature_counted(client, beto, petition):
    petition.refresh_from_db()
    before = petition.signature_count
    client.post(_path(beto, "en"))
    petition.refresh_from_db()
    assert petition.signature_count == before
    assert Signature.objects.counted().filter(pk=beto.pk).exists()


@pytest.mark.parametrize(
    ("lang", "prefix", "heading"),
    [
        ("en", "/en/unsubscribe/", "This link is not valid"),
        ("es", "/es/baja/", "Este enlace no es válido"),
    ],
)
def test_a_tampered_link_gets_a_clear_page_in_its_language(client, beto, lang, prefix, heading):
    token = tokens.make(beto.link_key, tokens.UNSUBSCRIBE)
    withdraw = tokens.make(beto.link_key, tokens.WITHDRAW)
    for bad in (token[:-2] + "xx", "nonsense", signing.dumps(beto.pk), withdraw):
        for method in (client.get, client.post):
            response = method(f"{prefix}{bad}/")
            assert response.status_code == 404
            html = response.content.decode()
            assert f'<html lang="{lang}">' in html
            assert heading in html
    assert _opted_in(beto) is True


def _token_made_days_ago(monkeypatch, signature, days):
    past = time.time() - days * 24 * 3600
    with monkeypatch.context() as patch:
        patch.setattr("django.core.signing.time.time", lambda: past)
        return tokens.make(signature.link_key, tokens.UNSUBSCRIBE)


def test_an_expired_link_gets_a_clear_page(client, beto, settings, monkeypatch):
    settings.UNSUBSCRIBE_LINK_DAYS = 400
    token = _token_made_days_ago(monkeypatch, beto, 401)
    for method in (client.get, client.post):
        response = method(f"/es/baja/{token}/")
        assert response.status_code == 410
        html = response.content.decode()
        assert "Este enlace ya venció" in html
        assert "Use el enlace para darse de baja de un correo de noticias más reciente" in html
    assert _opted_in(beto) is True


def test_the_link_lasts_as_long_as_the_setting_says(client, beto, settings, monkeypatch):
    token = _token_made_days_ago(monkeypatch, beto, 30)
    settings.UNSUBSCRIBE_LINK_DAYS = 31
    assert client.get(f"/en/unsubscribe/{token}/").status_code == 200
    settings.UNSUBSCRIBE_LINK_DAYS = 29
    assert client.get(f"/en/unsubscribe/{token}/").status_code == 410


def test_a_signature_that_is_gone_says_there_is_nothing_to_do(client, beto):
    path = _path(beto, "en")
    Signature.objects.filter(pk=beto.pk).update(email="")  # withdrawn signatures are anonymised
    response = client.post(path)
    assert response.status_code == 200
    assert "Nothing to unsubscribe" in response.content.decode()

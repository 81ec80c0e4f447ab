"""One-click unsubscribe: GET only shows a button, POST unsubscribes, bad links get a clear page."""

import pytest
from django.core import signing

from outreach import unsubscribe
from petitions.models import Signature
from tests.campaign_helpers import signer


def _path(signature, language):
    return unsubscribe.unsubscribe_url(signature.pk, language).removeprefix("http://127.0.0.1:8000")


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
        ("en", "/en/unsubscribe/", "This link does not work"),
        ("es", "/es/baja/", "Este enlace no funciona"),
    ],
)
def test_a_tampered_link_gets_a_clear_page_in_its_language(client, beto, lang, prefix, heading):
    token = unsubscribe.make_token(beto.pk)
    for bad in (token[:-2] + "xx", "nonsense", signing.dumps(beto.pk)):
        for method in (client.get, client.post):
            response = method(f"{prefix}{bad}/")
            assert response.status_code == 400
            html = response.content.decode()
            assert f'<html lang="{lang}">' in html
            assert heading in html
    assert _opted_in(beto) is True


def test_an_expired_link_gets_a_clear_page(client, beto, monkeypatch):
    path = _path(beto, "es")
    monkeypatch.setattr(unsubscribe, "MAX_AGE", -1)
    for method in (client.get, client.post):
        response = method(path)
        assert response.status_code == 400
        assert "Este enlace ya venció" in response.content.decode()
    assert _opted_in(beto) is True


def test_a_signature_that_is_gone_says_there_is_nothing_to_do(client, beto):
    path = _path(beto, "en")
    Signature.objects.filter(pk=beto.pk).update(email="")  # withdrawn signatures are anonymised
    response = client.post(path)
    assert response.status_code == 200
    assert "Nothing to unsubscribe" in response.content.decode()

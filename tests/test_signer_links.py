"""Confirm and withdraw links: a GET shows a button and changes nothing; the POST acts, once."""

import time

import pytest
from django.core import mail

from core import tokens
from petitions.models import Signature
from tests.conftest import petition_url
from tests.trust_helpers import (
    assert_count_is_exact,
    link_to,
    links,
    path_of,
    post,
    require_confirmation,
    snapshot,
)


def _sign(client, lang, data):
    post(client, petition_url(lang), data)
    return mail.outbox[-1], Signature.objects.get(email=data["email"])


@pytest.mark.parametrize("lang", ["en", "es"])
def test_opening_every_link_in_every_email_changes_nothing(client, petition, sign_data, lang):
    """Mail scanners open every link: nothing may be confirmed or withdrawn by a GET."""
    require_confirmation(petition)
    confirmation, _signature = _sign(client, lang, sign_data)
    before = snapshot()
    for link in links(confirmation):
        response = client.get(path_of(link))
        assert response.status_code == 200, link
    assert snapshot() == before
    assert len(mail.outbox) == 1
    # Confirm by POST, which sends the receipt; then open every link of the receipt too.
    post(client, link_to(confirmation, {"en": "/confirm/", "es": "/confirmar/"}[lang]), {})
    receipt = mail.outbox[-1]
    assert receipt.subject.startswith({"en": "You signed", "es": "Gracias por firmar"}[lang])
    before = snapshot()
    for link in links(receipt):
        assert client.get(path_of(link)).status_code == 200, link
        assert client.head(path_of(link)).status_code == 200, link
    assert snapshot() == before


@pytest.mark.parametrize("lang", ["en", "es"])
def test_the_confirm_button_confirms_once_and_counts_once(client, petition, sign_data, lang):
    require_confirmation(petition)
    confirmation, signature = _sign(client, lang, sign_data)
    url = link_to(confirmation, {"en": "/confirm/", "es": "/confirmar/"}[lang])
    page = client.get(url).content.decode()
    assert {"en": "Confirm my signature", "es": "Confirmar mi firma"}[lang] in page
    assert 'method="post"' in page
    response = post(client, url, {})
    assert {"en": "your signature is confirmed", "es": "su firma está confirmada"}[lang] in (
        response.content.decode()
    )
    signature.refresh_from_db()
    assert signature.confirmed
    petition.refresh_from_db()
    assert petition.signature_count == 1
    assert len(mail.outbox) == 2  # the confirmation request, then the receipt
    # Again: nothing changes, and the page says so.
    again = post(client, url, {})
    assert {"en": "already confirmed", "es": "ya está confirmada"}[lang] in again.content.decode()
    petition.refresh_from_db()
    assert petition.signature_count == 1
    assert len(mail.outbox) == 2


@pytest.mark.parametrize("lang", ["en", "es"])
def test_withdrawing_lowers_the_count_and_anonymises_the_row(client, petition, sign_data, lang):
    receipt, signature = _sign(client, lang, {**sign_data, "comment": "Por mi familia"})
    other, _other_signature = _sign(client, "en", {**sign_data, "email": "ana@example.com"})
    petition.refresh_from_db()
    assert petition.signature_count == 2
    url = link_to(receipt, {"en": "/withdraw/", "es": "/retirar/"}[lang])
    assert {"en": "Withdraw my signature", "es": "Retirar mi firma"}[lang] in (
        client.get(url).content.decode()
    )
    response = client.post(url)
    assert {"en": "has been withdrawn", "es": "fue retirada"}[lang] in response.content.decode()
    petition.refresh_from_db()
    assert petition.signature_count == 1
    signature.refresh_from_db()
    assert signature.withdrawn_at is not None
    for field in ("first_name", "last_name", "email", "postal_code", "comment", "ip_hash"):
        assert getattr(signature, field) == "", field
    assert (signature.town, signature.state) == ("Hartford", "CT")
    assert not signature.public and not signature.updates_opt_in
    # Twice: nothing more is taken away, and the page says it was already withdrawn.
    again = client.post(url)
    assert {"en": "has been withdrawn", "es": "fue retirada"}[lang] in again.content.decode()
    petition.refresh_from_db()
    assert petition.signature_count == 1
    assert_count_is_exact(petition)
    assert Signature.objects.get(email="ana@example.com").withdrawn_at is None


def test_a_withdrawn_signer_can_sign_again(client, petition, sign_data):
    receipt, _signature = _sign(client, "en", sign_data)
    client.post(link_to(receipt, "/withdraw/"))
    response = post(client, petition_url("en"), sign_data, follow=True)
    assert "<h1>Thank you for signing</h1>" in response.content.decode()
    assert Signature.objects.filter(email="jose@example.com").count() == 1
    assert_count_is_exact(petition)
    assert petition.signature_count == 1


def test_withdrawing_an_unconfirmed_signature_does_not_lower_the_count(client, petition, sign_data):
    require_confirmation(petition)
    confirmation, signature = _sign(client, "en", sign_data)
    confirm_url = link_to(confirmation, "/confirm/")
    client.post(link_to(confirmation, "/withdraw/"))
    petition.refresh_from_db()
    assert petition.signature_count == 0
    # A confirm link of a withdrawn signature no longer does anything.
    response = post(client, confirm_url, {})
    assert "This signature has been withdrawn" in response.content.decode()
    petition.refresh_from_db()
    assert petition.signature_count == 0
    signature.refresh_from_db()
    assert signature.confirmed_at is None
    assert_count_is_exact(petition)


def _token_made_days_ago(monkeypatch, key, purpose, days):
    past = time.time() - days * 24 * 3600
    with monkeypatch.context() as patch:
        patch.setattr("django.core.signing.time.time", lambda: past)
        return tokens.make(key, purpose)


@pytest.mark.parametrize("lang", ["en", "es"])
def test_expired_links_do_nothing_and_say_so(client, petition, sign_data, monkeypatch, lang):
    require_confirmation(petition)
    _confirmation, signature = _sign(client, lang, sign_data)
    old_confirm = _token_made_days_ago(monkeypatch, signature.link_key, tokens.CONFIRM, 15)
    old_withdraw = _token_made_days_ago(monkeypatch, signature.link_key, tokens.WITHDRAW, 366)
    fresh_enough = _token_made_days_ago(monkeypatch, signature.link_key, tokens.CONFIRM, 13)
    before = snapshot()
    base = petition_url(lang)
    confirm, withdraw = {"en": ("confirm", "withdraw"), "es": ("confirmar", "retirar")}[lang]
    for url in (f"{base}{confirm}/{old_confirm}/", f"{base}{withdraw}/{old_withdraw}/"):
        for method in (client.get, client.post):
            response = method(url)
            assert response.status_code == 410
            assert {"en": "This link has expired", "es": "Este enlace ya venció"}[lang] in (
                response.content.decode()
            )
    assert snapshot() == before
    assert client.post(f"{base}{confirm}/{fresh_enough}/").status_code == 200
    signature.refresh_from_db()
    assert signature.confirmed


@pytest.mark.parametrize("lang", ["en", "es"])
def test_tampered_or_misused_tokens_are_refused(client, petition, sign_data, lang):
    _sign(client, lang, sign_data)
    signature = Signature.objects.get()
    withdraw_token = tokens.make(signature.link_key, tokens.WITHDRAW)
    confirm_token = tokens.make(signature.link_key, tokens.CONFIRM)
    other_id = tokens.make(tokens.new_key(), tokens.WITHDRAW)  # a well-formed key nobody has
    base = petition_url(lang)
    withdraw, confirm = {"en": ("withdraw", "confirm"), "es": ("retirar", "confirmar")}[lang]
    bad = [
        f"{base}{withdraw}/{confirm_token}/",  # a confirm token cannot withdraw
        f"{base}{confirm}/{withdraw_token}/",  # nor the other way round
        f"{base}{withdraw}/{withdraw_token[:-2]}xx/",  # tampered
        f"{base}{withdraw}/{other_id.replace(str(signature.pk + 1), str(signature.pk), 1)}/",
        f"{base}{withdraw}/{other_id}/",  # a signature that does not exist
        f"{petition_url(lang, 'another-petition')}{withdraw}/{withdraw_token}/",  # another slug
        f"{base}{withdraw}/{'x' * 5000}/",
    ]
    before = snapshot()
    for url in bad:
        response = client.post(url)
        assert response.status_code == 404, url
        if "another-petition" not in url:
            assert {"en": "This link is not valid", "es": "Este enlace no es válido"}[lang] in (
                response.content.decode()
            ), url
    assert snapshot() == before

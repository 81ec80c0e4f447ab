"""Emails to signers: in the language they signed in, with a text and an HTML part."""

import pytest
from django.core import mail

from petitions.models import Signature
from tests.conftest import petition_url
from tests.trust_helpers import link_to, links, post, require_confirmation

RECEIPT = {
    "en": ("You signed: ", "Thank you for signing this petition. Your signature counts."),
    "es": ("Gracias por firmar: ", "Gracias por firmar esta petición. Su firma cuenta."),
}


@pytest.mark.parametrize("lang", ["en", "es"])
def test_a_receipt_in_the_signers_language_with_text_and_html(client, petition, sign_data, lang):
    post(client, petition_url(lang), {**sign_data, "last_name": "O'Brien"})
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["jose@example.com"]
    subject_start, sentence = RECEIPT[lang]
    title = getattr(petition, f"title_{lang}")
    assert message.subject == subject_start + title
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html"
    for part in (message.body, html):
        assert sentence in part
        assert "José María" in part
    assert f'<html lang="{lang}">' in html
    # What they signed, a link to share (the petition in their language) and one to withdraw.
    assert getattr(petition, f"statement_{lang}").splitlines()[0][:40] in message.body
    assert f"http://127.0.0.1:8000{petition_url(lang)}" in links(message)
    withdraw = {"en": "/withdraw/", "es": "/retirar/"}[lang]
    assert link_to(message, withdraw).startswith(petition_url(lang))
    assert "&#x27;" not in message.body and "&amp;" not in message.subject  # text stays text


@pytest.mark.parametrize("lang", ["en", "es"])
def test_a_petition_that_requires_confirmation_sends_a_confirmation_email(
    client, petition, sign_data, lang
):
    require_confirmation(petition)
    response = post(client, petition_url(lang), sign_data, follow=True)
    page = response.content.decode()
    assert {"en": "Almost done", "es": "Ya casi está"}[lang] in page
    assert {"en": "check your spam", "es": "revise la carpeta de spam"}[lang] in page
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    expected = {"en": "Please confirm your signature: ", "es": "Por favor, confirme su firma: "}
    assert message.subject.startswith(expected[lang])
    confirm = {"en": "/confirm/", "es": "/confirmar/"}[lang]
    assert link_to(message, confirm).startswith(petition_url(lang))
    assert confirm in message.alternatives[0][0]
    petition.refresh_from_db()
    assert petition.signature_count == 0


def test_signing_again_before_confirming_sends_the_confirmation_again(client, petition, sign_data):
    require_confirmation(petition)
    post(client, petition_url("en"), sign_data)
    response = post(client, petition_url("es"), sign_data, follow=True)
    assert "Ya casi está" in response.content.decode()  # what a new signer is told, too
    assert len(mail.outbox) == 2
    assert Signature.objects.count() == 1
    # The email goes in the language of the signature, not of the second visit.
    assert mail.outbox[1].subject.startswith("Please confirm your signature")


def test_a_repeated_signature_gets_no_second_receipt_but_one_explanation(
    client, petition, sign_data
):
    post(client, petition_url("en"), sign_data)
    for _ in range(3):
        post(client, petition_url("es"), sign_data)
    assert [m.subject.split(":")[0] for m in mail.outbox] == [
        "You signed",
        "You had already signed",
    ]


def test_the_thank_you_page_says_to_check_the_spam_folder(client, petition, sign_data):
    for lang, text in (("en", "check your spam or junk folder"), ("es", "carpeta de spam")):
        response = post(client, petition_url(lang), sign_data, follow=True)
        assert text in response.content.decode()

"""Nobody learns from the site whether an address signed: a repeated signer gets exactly the page
a new signer gets (status, redirect, cookies, the thanks page), and the explanation goes by email
to the address itself, at most once an hour per petition."""

import re

import pytest
from django.core import mail
from django.test import Client

from petitions.models import Signature
from tests.conftest import petition_url
from tests.trust_helpers import post, require_confirmation

TOKENS = re.compile(r'(value|content)="[A-Za-z0-9:_\-]{20,}"')


def _answer(data, lang, email):
    """What a stranger sees when signing with `email`: a fresh browser each time."""
    browser = Client()
    browser.get(petition_url(lang))
    response = post(browser, petition_url(lang), {**data, "email": email})
    page = browser.get(response["Location"])
    html = TOKENS.sub("TOKEN", page.content.decode())
    return response.status_code, response["Location"], sorted(response.cookies), html


@pytest.mark.parametrize("lang", ["en", "es"])
@pytest.mark.parametrize("confirmation", [False, True])
def test_a_repeated_address_gets_the_same_answer_as_a_new_one(
    petition, sign_data, lang, confirmation
):
    if confirmation:
        require_confirmation(petition)
    post(Client(), petition_url("en"), sign_data)  # jose@example.com has signed
    repeated = _answer(sign_data, lang, "  JOSE@Example.com ")
    new = _answer({**sign_data, "last_name": "Otro"}, lang, "new-person@example.com")
    assert repeated[:3] == new[:3]
    # The pages differ only in the signer's own name, nowhere else.
    assert repeated[3].replace("Nuñez-Ortiz", "X") == new[3].replace("Otro", "X")
    assert Signature.objects.count() == 2


def test_the_address_is_told_by_email_in_its_own_language_once_an_hour(petition, sign_data):
    post(Client(), petition_url("es"), sign_data)
    for _ in range(5):
        post(Client(), petition_url("en"), {**sign_data, "email": "JOSE@example.com"})
    subjects = [message.subject for message in mail.outbox]
    assert len(subjects) == 2
    assert subjects[1].startswith("Usted ya había firmado")
    assert "/retirar/" in mail.outbox[1].body  # how to withdraw, in Spanish


def test_a_pending_address_gets_its_confirmation_again_not_a_page_that_says_so(petition, sign_data):
    require_confirmation(petition)
    post(Client(), petition_url("en"), sign_data)
    post(Client(), petition_url("en"), sign_data)
    assert [m.subject.startswith("Please confirm") for m in mail.outbox] == [True, True]

"""Links in signers' emails name a random key, never the signature's sequential id: a link tells
nobody how many signed before, nor lets them guess another signer's link."""

import re

from django.core import mail

from core import tokens
from petitions.models import Signature
from tests.conftest import petition_url
from tests.signature_helpers import second_signer
from tests.trust_helpers import link_to, post


def test_email_links_carry_a_random_key_not_the_id(client, petition, sign_data):
    post(client, petition_url("en"), sign_data)
    post(client, petition_url("es"), second_signer(sign_data))
    first, second = Signature.objects.order_by("pk")
    for message, signature in zip(mail.outbox, (first, second), strict=True):
        token = link_to(message, "withdraw/" if signature.language == "en" else "retirar/")
        token = token.rstrip("/").rsplit("/", 1)[1]
        key = token.split(":")[0]
        assert key == signature.link_key
        assert re.fullmatch(r"[A-Za-z0-9_-]{22}", key)
        assert tokens.read(token, tokens.WITHDRAW) == signature.link_key
    assert first.link_key != second.link_key


def test_a_token_with_an_id_in_it_is_refused(petition):
    assert tokens.KEY.fullmatch(tokens.new_key())
    for value in ("1", "12345", "x" * 21, "é" * 22):
        token = tokens.make(value, tokens.WITHDRAW)
        try:
            tokens.read(token, tokens.WITHDRAW)
        except tokens.Invalid:
            continue
        raise AssertionError(f"{value!r} read as a key")

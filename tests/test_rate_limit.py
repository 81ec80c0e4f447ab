"""Signatures per IP per petition, counted in the cache; over the limit, 429 in the language."""

import time

import pytest

from petitions import ratelimit, signing
from petitions.models import Petition, Signature
from tests.conftest import petition_url


@pytest.fixture
def two_per_minute(settings):
    settings.SIGN_RATE_LIMIT = (2, 60)


def _data(sign_data, n):
    return {**sign_data, "email": f"signer{n}@example.com"}


@pytest.mark.parametrize(
    ("lang", "message"),
    [
        ("en", "We received many signatures from your connection in a short time."),
        ("es", "Recibimos muchas firmas desde su conexión en poco tiempo."),
    ],
)
def test_over_the_limit_the_page_answers_429_in_its_language(
    client, petition, sign_data, two_per_minute, lang, message
):
    for n in range(2):
        assert client.post(petition_url(lang), _data(sign_data, n)).status_code == 302
    response = client.post(petition_url(lang), _data(sign_data, 2))
    assert response.status_code == 429
    assert response["Retry-After"] == "60"
    html = response.content.decode()
    assert message in html
    assert html.count(message) == 1  # once, and not as something to correct
    assert "correct the errors" not in html and "corrija los errores" not in html
    assert 'value="signer2@example.com"' in html  # nothing typed is lost
    assert Signature.objects.count() == 2
    petition.refresh_from_db()
    assert petition.signature_count == 2


def test_the_limit_is_per_ip_and_per_petition(client, petition, sign_data, two_per_minute):
    for n in range(2):
        client.post(petition_url("en"), _data(sign_data, n), REMOTE_ADDR="198.51.100.1")
    assert (
        client.post(petition_url("en"), _data(sign_data, 2), REMOTE_ADDR="198.51.100.1").status_code
        == 429
    )
    assert (
        client.post(petition_url("en"), _data(sign_data, 3), REMOTE_ADDR="198.51.100.2").status_code
        == 302
    )
    second = Petition.objects.create(
        campaign=petition.campaign,
        slug="second",
        title_en="Second",
        title_es="Segunda",
        target_en="T",
        target_es="T",
        statement_en="S",
        statement_es="S",
        status=Petition.Status.OPEN,
    )
    url = petition_url("en", second.slug)
    assert client.post(url, _data(sign_data, 4), REMOTE_ADDR="198.51.100.1").status_code == 302


def test_invalid_forms_do_not_use_up_the_limit(client, petition, sign_data, two_per_minute):
    for _ in range(5):
        assert client.post(petition_url("en"), {**sign_data, "email": "bad"}).status_code == 400
    assert client.post(petition_url("en"), sign_data).status_code == 302


def test_off_means_no_limit(client, petition, sign_data, settings):
    settings.SIGN_RATE_LIMIT = None
    for n in range(15):
        assert client.post(petition_url("en"), _data(sign_data, n)).status_code == 302


def test_behind_a_proxy_the_forwarded_address_is_the_signer(rf, settings):
    settings.PROXY_COUNT = 1
    request = rf.post("/", HTTP_X_FORWARDED_FOR="203.0.113.9, 10.0.0.1", REMOTE_ADDR="10.0.0.2")
    assert signing.client_ip(request) == "10.0.0.1"
    request = rf.post("/", HTTP_X_FORWARDED_FOR="203.0.113.9", REMOTE_ADDR="10.0.0.2")
    assert signing.client_ip(request) == "203.0.113.9"
    settings.PROXY_COUNT = 0
    assert signing.client_ip(request) == "10.0.0.2"  # a forged header is ignored without a proxy


def test_the_window_starts_again_after_its_period(settings):
    settings.SIGN_RATE_LIMIT = (1, 1)
    assert ratelimit.allow(1, "abc")
    assert not ratelimit.allow(1, "abc")
    assert ratelimit.allow(2, "abc")  # another petition
    time.sleep(1.1)
    assert ratelimit.allow(1, "abc")


def test_a_rally_on_one_wifi_is_not_turned_away_by_default(client, petition, sign_data):
    """14 signers through one address in a minute (a church, a rally): all accepted and counted;
    the abuse review flags the address (tests/test_abuse_review.py) instead."""
    from django.conf import settings

    from config.settings import SIGN_RATE_LIMIT  # the default, not a test's

    settings.SIGN_RATE_LIMIT = SIGN_RATE_LIMIT
    answers = [
        client.post(petition_url("en"), _data(sign_data, n), REMOTE_ADDR="198.51.100.9").status_code
        for n in range(14)
    ]
    assert answers == [302] * 14
    petition.refresh_from_db()
    assert petition.signature_count == 14

"""The honeypot and the minimum fill time: scripts are kept out, people are not bothered."""

import re
import time

import pytest
from django.core import mail

from petitions import bot_checks
from petitions.models import Signature
from tests.conftest import petition_url, thanks_url
from tests.trust_helpers import post


def test_the_honeypot_is_hidden_from_eyes_screen_readers_and_keyboards(client, petition):
    html = client.get(petition_url("en")).content.decode()
    container = re.search(r'<div[^>]*class="hp-field"[^>]*>', html)
    assert container, "the honeypot's container"
    assert 'aria-hidden="true"' in container.group(0)
    field = re.search(r'<input[^>]*name="leave_blank"[^>]*>', html).group(0)
    assert 'tabindex="-1"' in field
    assert 'autocomplete="off"' in field
    assert (
        "style=" not in container.group(0) + field
    )  # hidden by the stylesheet (CSP forbids inline)
    css = open("static/css/site.css").read()
    assert re.search(r"\.hp-field\s*{[^}]*left:\s*-10000px", css)
    spanish = client.get(petition_url("es")).content.decode()
    assert "Deje este campo vacío" in spanish  # if anyone ever reaches it, it says what to do


@pytest.mark.parametrize("lang", ["en", "es"])
def test_a_filled_honeypot_is_answered_like_a_signature_but_nothing_is_stored(
    client, petition, sign_data, lang
):
    response = post(client, petition_url(lang), {**sign_data, "leave_blank": "http://spam"})
    assert response.status_code == 302
    assert response["Location"] == thanks_url(lang)
    assert Signature.objects.count() == 0
    assert mail.outbox == []
    petition.refresh_from_db()
    assert petition.signature_count == 0


@pytest.fixture
def minimum_fill_time(settings):
    settings.SIGN_MIN_SECONDS = 3


def test_the_form_carries_a_signed_timestamp(client, petition, minimum_fill_time):
    html = client.get(petition_url("en")).content.decode()
    value = re.search(r'<input type="hidden" name="started" value="([^"]+)"', html).group(1)
    assert bot_checks.check_stamp(value, now=time.time() + 5) is None
    assert bot_checks.check_stamp(value, now=time.time()) == bot_checks.TOO_FAST


@pytest.mark.parametrize(
    ("started", "lang", "message"),
    [
        ("now", "en", "That was quicker than we expected."),
        ("now", "es", "Envió el formulario demasiado rápido."),
        ("tampered", "en", "We could not read this form"),
        ("tampered", "es", "No pudimos leer este formulario"),
        ("missing", "es", "No pudimos leer este formulario"),
        ("x" * 10_000, "en", "We could not read this form"),
    ],
)
def test_too_fast_or_tampered_forms_get_a_friendly_error_and_a_fresh_form(
    client, petition, sign_data, minimum_fill_time, started, lang, message
):
    value = {
        "now": bot_checks.stamp(),
        "tampered": bot_checks.stamp(time.time() - 60)[:-3] + "abc",
        "missing": "",
    }.get(started, started)
    response = client.post(petition_url(lang), {**sign_data, "started": value})
    assert response.status_code == 400
    html = response.content.decode()
    assert message in html
    assert 'value="José María"' in html  # what they typed is kept
    fresh = re.search(r'<input type="hidden" name="started" value="([^"]+)"', html).group(1)
    assert bot_checks.check_stamp(fresh, now=time.time() + 5) is None  # a valid stamp again
    assert Signature.objects.count() == 0


def test_a_form_filled_in_a_human_time_is_accepted(client, petition, sign_data, minimum_fill_time):
    data = {**sign_data, "started": bot_checks.stamp(time.time() - 20)}
    assert client.post(petition_url("en"), data).status_code == 302
    assert Signature.objects.count() == 1

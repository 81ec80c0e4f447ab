"""The honeypot and the minimum fill time: scripts are kept out, people are not bothered."""

import re
import time

import pytest
from django.conf import settings
from django.core import mail
from django.test import RequestFactory

from petitions import bot_checks
from petitions.models import Signature
from tests.clock import new_browser
from tests.conftest import petition_url, thanks_url
from tests.stamp_helpers import aged_stamp, stamp_for
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


def browser_of(client):
    """A request as `client`'s browser sends it (its CSRF cookie), for check_stamp."""
    request = RequestFactory().post("/")
    request.META["CSRF_COOKIE"] = client.cookies[settings.CSRF_COOKIE_NAME].value
    return request


def test_the_form_carries_a_signed_timestamp(client, petition, minimum_fill_time):
    html = client.get(petition_url("en")).content.decode()
    value = re.search(r'<input type="hidden" name="started" value="([^"]+)"', html).group(1)
    assert bot_checks.check_stamp(value, browser_of(client), now=time.time() + 5) is None
    assert bot_checks.check_stamp(value, browser_of(client), now=time.time()) == bot_checks.TOO_FAST


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
        "now": stamp_for(client),
        "tampered": stamp_for(client, at=time.time() - 60)[:-3] + "abc",
        "missing": "",
    }.get(started, started)
    response = client.post(petition_url(lang), {**sign_data, "started": value})
    assert response.status_code == 400
    html = response.content.decode()
    assert message in html
    assert html.count(message) == 1  # once, and not as something to correct
    assert "correct the errors" not in html and "corrija los errores" not in html
    assert 'value="José María"' in html  # what they typed is kept
    fresh = re.search(r'<input type="hidden" name="started" value="([^"]+)"', html).group(1)
    # a valid stamp again, for this browser
    assert bot_checks.check_stamp(fresh, browser_of(client), now=time.time() + 5) is None
    assert Signature.objects.count() == 0


def test_a_form_filled_in_a_human_time_is_accepted(client, petition, sign_data, minimum_fill_time):
    data = {**sign_data, "started": aged_stamp(client)}
    assert client.post(petition_url("en"), data).status_code == 302
    assert Signature.objects.count() == 1


def started_on(html):
    return re.search(r'<input type="hidden" name="started" value="([^"]+)"', html).group(1)


@pytest.mark.parametrize(
    ("lang", "message"),
    [("en", "We could not read this form"), ("es", "No pudimos leer este formulario")],
)
def test_a_form_served_hours_ago_is_refused_as_old(
    client, petition, sign_data, minimum_fill_time, lang, message
):
    hours = settings.SIGN_FORM_MAX_HOURS
    assert 1 <= hours <= 12  # "a few hours"
    data = {**sign_data, "started": stamp_for(client, at=time.time() - hours * 3600 - 60)}
    response = client.post(petition_url(lang), data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert Signature.objects.count() == 0
    fresh = started_on(response.content.decode())  # the fresh form works once filled in
    assert bot_checks.check_stamp(fresh, browser_of(client), now=time.time() + 5) is None


def test_a_stamp_replayed_for_hours_stops_working(client, petition, sign_data, minimum_fill_time):
    """A script that reads the page once and posts its stamp again and again: fine for a few
    hours (each signature still counts against the rate limit), then refused."""
    stamp = started_on(client.get(petition_url("en")).content.decode())
    for hours_later, works in ((1, True), (settings.SIGN_FORM_MAX_HOURS + 1, False)):
        assert (
            bot_checks.check_stamp(stamp, browser_of(client), now=time.time() + hours_later * 3600)
            is None
        ) is works


@pytest.mark.parametrize("lang", ["en", "es"])
def test_a_stamp_from_another_browser_is_refused(petition, sign_data, minimum_fill_time, lang):
    """A stamp and CSRF token collected by one browser and handed to another (a script farm)."""
    collector, replayer = new_browser(), new_browser()
    stamp = aged_stamp(collector)
    replayer.get(petition_url(lang))  # its own CSRF cookie, as any browser would have
    response = replayer.post(petition_url(lang), {**sign_data, "started": stamp})
    assert response.status_code == 400
    assert {"en": "We could not read this form", "es": "No pudimos leer este formulario"}[
        lang
    ] in response.content.decode()
    assert Signature.objects.count() == 0
    assert collector.post(petition_url(lang), {**sign_data, "started": stamp}).status_code == 302


def test_the_csrf_pair_replayed_with_the_cookie_elsewhere_still_needs_the_cookie(
    petition, sign_data, minimum_fill_time
):
    """Without the cookie the stamp was bound to, the stamp is worth nothing; a request with no
    CSRF cookie at all (the test client does not enforce CSRF) is refused too."""
    stamp = aged_stamp(new_browser())
    response = new_browser().post(petition_url("en"), {**sign_data, "started": stamp})
    assert response.status_code == 400
    assert Signature.objects.count() == 0


def test_the_binding_survives_the_page_cache(petition, sign_data, minimum_fill_time, monkeypatch):
    """The page is cached whole for a few seconds; each reader's stamp is still their own."""
    first, second = new_browser(), new_browser()
    served = time.time() - 10
    monkeypatch.setattr(bot_checks.time, "time", lambda: served)
    first_html = first.get(petition_url("es")).content.decode()
    second_html = second.get(petition_url("es")).content.decode()  # from the cache
    monkeypatch.undo()
    assert started_on(first_html) != started_on(second_html)
    assert (
        first.post(petition_url("es"), {**sign_data, "started": started_on(first_html)}).status_code
        == 302
    )
    stolen = {**sign_data, "email": "otra@example.com", "started": started_on(first_html)}
    assert second.post(petition_url("es"), stolen).status_code == 400
    ok = {**sign_data, "email": "otra@example.com", "started": started_on(second_html)}
    assert second.post(petition_url("es"), ok).status_code == 302


@pytest.mark.parametrize(
    "value",
    [
        "1:abc",  # unsigned
        bot_checks._signer.sign("notanumber:abc"),
        bot_checks._signer.sign("123"),  # an old-format stamp, from before the binding
        bot_checks._signer.sign("1:2:3"),
        bot_checks._signer.sign(f"{int(time.time()) + 3600}:x"),  # from the future
        "\x00" * 50,
    ],
)
def test_odd_stamps_are_unreadable_never_a_500(
    client, petition, sign_data, minimum_fill_time, value
):
    response = client.post(petition_url("en"), {**sign_data, "started": value})
    assert response.status_code == 400
    assert Signature.objects.count() == 0

import re
import time
from types import SimpleNamespace

import pytest
from django.core.cache.backends import base as cache_base
from django.core.cache.backends import locmem
from django.test import Client

from petitions import page_cache
from petitions.models import Petition
from tests.conftest import petition_url

TOKEN_RE = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
STAMP_RE = re.compile(r'name="started" value="([^"]+)"')


def test_each_reader_gets_a_fresh_csrf_token_that_signs(petition, sign_data):
    first, second = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)
    page_one = first.get(petition_url("en")).content.decode()
    page_two = second.get(petition_url("en")).content.decode()
    assert page_cache.CSRF_PLACEHOLDER not in page_one + page_two
    token_one, token_two = TOKEN_RE.search(page_one)[1], TOKEN_RE.search(page_two)[1]
    assert token_one != token_two
    same = [STAMP_RE.sub("", TOKEN_RE.sub("", page)) for page in (page_one, page_two)]
    assert same[0] == same[1]  # the same cached page
    response = second.post(petition_url("en"), {**sign_data, "csrfmiddlewaretoken": token_two})
    assert response.status_code == 302


def test_the_count_shown_is_at_most_count_cache_seconds_old(
    client, petition, sign_data, settings, monkeypatch
):
    settings.COUNT_CACHE_SECONDS = 2
    now = [time.time()]
    clock = SimpleNamespace(time=lambda: now[0])
    monkeypatch.setattr(locmem, "time", clock)  # when entries expire
    monkeypatch.setattr(cache_base, "time", clock)  # when they are set to expire
    client.get(petition_url("en"))
    client.post(petition_url("en"), sign_data)
    assert "<strong>0</strong>" in Client().get(petition_url("en")).content.decode()
    now[0] += 2.01
    assert "<strong>1</strong>" in Client().get(petition_url("en")).content.decode()


def test_without_cache_seconds_every_view_is_fresh(client, petition, sign_data, settings):
    settings.COUNT_CACHE_SECONDS = 0
    client.get(petition_url("en"))
    client.post(petition_url("en"), sign_data)
    assert "<strong>1</strong>" in Client().get(petition_url("en")).content.decode()


@pytest.mark.parametrize("cookie", ["sessionid", "messages"])
def test_visitors_with_a_session_or_a_message_get_a_fresh_page(petition, sign_data, cookie):
    Client().get(petition_url("en"))  # cached with no signature
    Client().post(petition_url("en"), sign_data)
    reader = Client()
    reader.cookies[cookie] = "x"
    assert "<strong>1</strong>" in reader.get(petition_url("en")).content.decode()
    assert "<strong>0</strong>" in Client().get(petition_url("en")).content.decode()


def test_each_language_is_cached_apart(client, petition):
    english = client.get(petition_url("en")).content.decode()
    spanish = client.get(petition_url("es")).content.decode()
    assert '<html lang="en">' in english
    assert '<html lang="es">' in spanish


def test_a_draft_is_never_served_from_the_cache(client, petition):
    assert client.get(petition_url("en")).status_code == 200
    Petition.objects.filter(pk=petition.pk).update(status=Petition.Status.DRAFT)
    page_cache.clear()
    assert client.get(petition_url("en")).status_code == 404


def test_the_fill_time_stamp_is_as_fresh_as_the_request(petition, monkeypatch):
    """A cached page must not hand out an old timestamp: the minimum fill time would shrink."""
    from petitions import bot_checks

    served = [1_000_000]
    monkeypatch.setattr(bot_checks.time, "time", lambda: served[0])
    first = Client().get(petition_url("es")).content.decode()
    served[0] += 1  # a second later, within COUNT_CACHE_SECONDS: the page comes from the cache
    second = Client().get(petition_url("es")).content.decode()
    assert page_cache.STAMP_PLACEHOLDER not in first + second
    assert STAMP_RE.search(first)[1].startswith("1000000:")  # then the reader's browser, signed
    assert STAMP_RE.search(second)[1].startswith("1000001:")


@pytest.mark.parametrize("language", ["en", "es"])
def test_the_cached_page_shows_the_same_form_as_a_page_rendered_in_full(
    petition, settings, language
):
    """For the cached page the blank form's fields are rendered once per language and process
    (page_cache.blank_form); the page must be the one a full render makes."""
    reader = Client()
    cached = reader.get(petition_url(language)).content.decode()
    assert language in page_cache._blank_forms
    settings.COUNT_CACHE_SECONDS = 0
    fresh = reader.get(petition_url(language)).content.decode()

    def without_token_and_stamp(page):
        return STAMP_RE.sub("", TOKEN_RE.sub("", page))

    assert without_token_and_stamp(cached) == without_token_and_stamp(fresh)
    assert 'name="first_name"' in cached and 'name="started"' in cached


def _sign_form_as_a_browser_sends_it(page, sign_data):
    """Every input of the page's sign form, in order, each with its value (a name given twice
    is sent twice; Django reads the last), then what the signer typed."""
    form = page[page.index('id="sign-form"') :]
    form = form[: form.index("</form>")]
    sent = {}
    for name, value in re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', form):
        sent.setdefault(name, []).append(value)
    return {**sent, **sign_data}


@pytest.mark.parametrize("language", ["en", "es"])
def test_a_second_reader_of_the_cached_page_can_sign_as_a_browser_does(
    petition, sign_data, language
):
    """The second reader's page comes from the cache (its blank form's fields from the first
    reader's render): the form must carry only tokens that match the second reader's cookie."""
    first, second = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)
    first.get(petition_url(language))
    page = second.get(petition_url(language)).content.decode()
    data = _sign_form_as_a_browser_sends_it(page, sign_data)
    assert len(data["csrfmiddlewaretoken"]) == 1
    response = second.post(petition_url(language), data)
    assert response.status_code == 302, response.content.decode()[:300]
    assert Petition.objects.get(pk=petition.pk).signature_count == 1

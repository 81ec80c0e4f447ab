"""Error pages: in the page's language and the site's layout, under our CSP and headers; bodies
that cannot be decoded get a 400; methods a page does not take get a 405 with `Allow`."""

import pytest
from django.test import Client

from petitions import signing
from tests.conftest import petition_url, thanks_url
from tests.pages import as_signer

PAGES = {
    "home": {"en": "/en/", "es": "/es/"},
    "campaign": {
        "en": "/en/campaigns/connecticut-trust-act/",
        "es": "/es/campanas/connecticut-trust-act/",
    },
    "privacy": {"en": "/en/privacy/", "es": "/es/privacidad/"},
    "thanks": {"en": thanks_url("en"), "es": thanks_url("es")},
    "petition": {"en": petition_url("en"), "es": petition_url("es")},
}
ALLOW = {"petition": "GET, HEAD, POST"}


def in_layout(response, lang, *texts):
    html = response.content.decode()
    assert f'<html lang="{lang}">' in html
    assert 'class="site-header' in html  # the site's layout, with its language switcher
    for text in texts:
        assert text in html, text
    assert "DEBUG" not in html and "Django" not in html
    assert "default-src 'self'" in response["Content-Security-Policy"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"
    return html


@pytest.fixture
def browser(db):
    """A client that checks CSRF tokens, as a real browser's requests are checked."""
    return Client(enforce_csrf_checks=True)


@pytest.mark.parametrize(
    ("lang", "text"),
    [("en", "We could not read that request"), ("es", "No pudimos leer lo que envió")],
)
@pytest.mark.parametrize(
    "content_type",
    [
        "application/x-www-form-urlencoded; charset=utf-16",
        "application/x-www-form-urlencoded; charset=no-such-charset",
        "multipart/form-data; boundary=x; charset=utf-16",
    ],
)
def test_an_undecodable_body_is_a_400_in_the_pages_language(
    browser, petition, lang, text, content_type
):
    browser.get(petition_url(lang))
    body = "first_name=Ana&csrfmiddlewaretoken=x".encode("utf-16")
    response = browser.generic("POST", petition_url(lang), body, content_type=content_type)
    assert response.status_code == 400
    in_layout(response, lang, text)


@pytest.mark.parametrize(
    ("lang", "texts"),
    [
        ("en", ["Please allow cookies and try again", "Open the page again"]),
        ("es", ["Por favor, permita las cookies", "la página lleva mucho tiempo abierta"]),
    ],
)
def test_a_form_without_its_cookie_gets_a_friendly_403(browser, petition, sign_data, lang, texts):
    response = browser.post(petition_url(lang), sign_data)
    assert response.status_code == 403
    html = in_layout(response, lang, *texts)
    assert f'href="{petition_url(lang)}"' in html  # reload the page
    if lang == "es":
        assert "tú" not in html and "porqué" not in html


@pytest.mark.parametrize(("lang", "text"), [("en", "Page not found"), ("es", "no encontrada")])
def test_404_in_the_pages_language(client, db, lang, text):
    response = client.get(f"/{lang}/no-such-page/")
    assert response.status_code == 404
    in_layout(response, lang, text)


@pytest.mark.parametrize("method", ["PUT", "DELETE", "PATCH", "OPTIONS", "FROBNICATE"])
@pytest.mark.parametrize("page", list(PAGES))
@pytest.mark.parametrize(
    ("lang", "text"), [("en", "This page does not do that"), ("es", "Esta página no hace eso")]
)
def test_methods_a_page_does_not_take_get_405_with_allow(
    client, petition, method, page, lang, text
):
    as_signer(client)
    response = client.generic(method, PAGES[page][lang])
    assert response.status_code == 405
    assert response["Allow"] == ALLOW.get(page, "GET, HEAD")
    in_layout(response, lang, text)


def test_post_to_a_page_that_only_reads_is_405(browser, petition):
    response = browser.post("/es/", {"a": "b"})
    assert response.status_code == 405
    assert response["Allow"] == "GET, HEAD"


def test_every_public_page_says_which_methods_it_takes(db):
    from django.urls import resolve
    from django.utils import translation

    from config.middleware import allowed_methods

    for page in PAGES.values():
        for lang, url in page.items():
            with translation.override(lang):
                assert allowed_methods(resolve(url).func), url


@pytest.mark.parametrize(
    ("lang", "text"),
    [
        ("en", "Your signature may not have been saved. Please try again"),
        ("es", "Es posible que su firma no se haya guardado. Por favor, inténtelo de nuevo"),
    ],
)
def test_500_is_truthful_in_the_pages_language(petition, sign_data, monkeypatch, lang, text):
    def fail(*args, **kwargs):
        raise RuntimeError("the database went away")

    monkeypatch.setattr(signing, "sign", fail)
    client = Client(raise_request_exception=False)
    response = client.post(petition_url(lang), sign_data)
    assert response.status_code == 500
    html = in_layout(response, lang, text)
    assert "Nothing you already sent has been lost" not in html


def test_500_when_even_the_layout_fails_is_plain_and_in_the_pages_language_first(
    petition, sign_data, monkeypatch
):
    from config import error_views

    def fail(*args, **kwargs):
        raise RuntimeError("broken")

    monkeypatch.setattr(signing, "sign", fail)
    monkeypatch.setattr(error_views, "render", fail)
    response = Client(raise_request_exception=False).post(petition_url("es"), sign_data)
    assert response.status_code == 500
    html = response.content.decode()
    assert html.startswith('<!DOCTYPE html><html lang="es">')
    assert html.index("Es posible que su firma") < html.index("Your signature may not")
    assert "default-src 'self'" in response["Content-Security-Policy"]

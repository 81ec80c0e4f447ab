"""The privacy page: in both languages, linked from every page's footer and from the sign form."""

import re

import pytest

from tests.conftest import petition_url


@pytest.mark.parametrize(
    ("lang", "url", "texts"),
    [
        (
            "en",
            "/en/privacy/",
            ["What we collect", "Who sees it", "How long we keep it", "Until 365 days after"],
        ),
        (
            "es",
            "/es/privacidad/",
            ["Qué recogemos", "Quién lo ve", "Por cuánto tiempo lo guardamos", "Hasta 365 días"],
        ),
    ],
)
def test_the_privacy_page_in_each_language(client, db, lang, url, texts):
    response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert f'<html lang="{lang}">' in html
    for text in texts:
        assert text in html


def test_the_retention_period_shown_is_the_setting(client, db, settings):
    settings.RETENTION_DAYS = 90
    assert "Until 90 days after the petition closes" in client.get("/en/privacy/").content.decode()


@pytest.mark.parametrize("lang", ["en", "es"])
def test_linked_from_the_footer_and_the_sign_form(client, petition, lang):
    privacy = {"en": "/en/privacy/", "es": "/es/privacidad/"}[lang]
    for url in ({"en": "/en/", "es": "/es/"}[lang], petition_url(lang)):
        html = client.get(url).content.decode()
        footer = re.search(r"<footer.*</footer>", html, re.S).group(0)
        assert f'href="{privacy}"' in footer, url
    form_box = client.get(petition_url(lang)).content.decode().split('class="sign-box')[1]
    assert f'href="{privacy}"' in form_box.split("</aside>")[0]


def test_the_language_switcher_leads_to_the_other_languages_privacy_page(client, db):
    assert 'href="/es/privacidad/"' in client.get("/en/privacy/").content.decode()

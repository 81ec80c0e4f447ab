"""Both languages: the `/` redirect, the switcher, <html lang>, hreflang and Open Graph."""

import re

import pytest

from tests.conftest import petition_url, thanks_url
from tests.pages import as_signer

PAGES = [
    ("/en/", "/es/"),
    (petition_url("en"), petition_url("es")),
    (thanks_url("en"), thanks_url("es")),
    ("/en/campaigns/connecticut-trust-act/", "/es/campanas/connecticut-trust-act/"),
]


def test_root_redirects_by_accept_language(client, db):
    assert client.get("/", HTTP_ACCEPT_LANGUAGE="es-US,es;q=0.9")["Location"] == "/es/"
    assert client.get("/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")["Location"] == "/en/"
    assert client.get("/", HTTP_ACCEPT_LANGUAGE="fr-FR")["Location"] == "/en/"


def test_root_redirects_by_the_language_cookie_first(client, db):
    client.cookies["django_language"] = "es"
    assert client.get("/", HTTP_ACCEPT_LANGUAGE="en-US")["Location"] == "/es/"


def test_reading_a_page_remembers_its_language_for_the_root(client, petition):
    client.get(petition_url("es"), HTTP_ACCEPT_LANGUAGE="en-US")
    assert client.get("/", HTTP_ACCEPT_LANGUAGE="en-US")["Location"] == "/es/"


@pytest.mark.parametrize(("english", "spanish"), PAGES)
def test_each_page_has_lang_switcher_and_alternates(client, petition, english, spanish):
    as_signer(client)
    for url, lang, other_url, other_lang in (
        (english, "en", spanish, "es"),
        (spanish, "es", english, "en"),
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        html = response.content.decode()
        assert f'<html lang="{lang}">' in html
        # A link; on a page with the sign form, a button that carries what was typed there.
        assert (
            f'class="lang-switch" href="{other_url}" hreflang="{other_lang}"' in html
            or f'form="sign-form" formaction="{other_url}" formmethod="post"' in html
        )
        assert (
            f'<link rel="alternate" hreflang="{other_lang}" href="http://testserver{other_url}">'
            in html
        )
        assert f'<link rel="alternate" hreflang="{lang}" href="http://testserver{url}">' in html
        locale = {"en": "en_US", "es": "es_US"}[lang]
        assert f'<meta property="og:locale" content="{locale}">' in html
        assert client.get(other_url).status_code == 200


def test_open_graph_tags_speak_the_page_language(client, petition):
    html_es = client.get(petition_url("es")).content.decode()
    title = re.search(r'<meta property="og:title" content="([^"]+)"', html_es).group(1)
    assert title.startswith("Protejan a los residentes de Connecticut")
    description = re.search(r'<meta property="og:description" content="([^"]+)"', html_es).group(1)
    assert description.startswith("Aprueben la Ley de Confianza de 2018")
    html_en = client.get(petition_url("en")).content.decode()
    assert '<meta property="og:title" content="Protect Connecticut Residents' in html_en


def test_petition_page_reads_in_the_familiar_order(client, petition):
    for lang, headings in (
        (
            "en",
            [
                "To:",
                "Pass the 2018",
                "Why is this important?",
                "How it will be delivered",
                "By hand.",
            ],
        ),
        (
            "es",
            [
                "Para:",
                "Aprueben la Ley",
                "¿Por qué es importante?",
                "Cómo se entregará",
                "En persona.",
            ],
        ),
    ):
        html = client.get(petition_url(lang)).content.decode()
        html = html[html.index("<main") :]
        positions = [html.index(h) for h in headings]
        assert positions == sorted(positions), lang


def test_home_lists_open_petitions_in_each_language(client, petition):
    assert "Protect Connecticut Residents" in client.get("/en/").content.decode()
    html_es = client.get("/es/").content.decode()
    assert "Protejan a los residentes" in html_es
    assert "Peticiones abiertas" in html_es
    assert 'href="/es/peticiones/trust-act-2018/"' in html_es


def test_share_links_carry_the_petition_url_in_the_signer_language(client, petition):
    as_signer(client)
    html = client.get(thanks_url("es")).content.decode()
    encoded = "http%3A%2F%2Ftestserver%2Fes%2Fpeticiones%2Ftrust-act-2018%2F"
    for host in (
        "https://wa.me/",
        "https://www.facebook.com/sharer",
        "https://x.com/intent",
        "mailto:",
    ):
        link = re.search(rf'href="({re.escape(host)}[^"]+)"', html).group(1)
        assert encoded in link, host
    assert 'value="http://testserver/es/peticiones/trust-act-2018/"' in html


def test_unknown_pages_answer_404_in_the_page_language(client, db):
    response = client.get("/es/peticiones/no-existe/")
    assert response.status_code == 404
    assert "Página no encontrada" in response.content.decode()

"""Link previews per language: a generated 1200×630 og:image (title, count and goal, campaign),
cached by the count's bucket; og:locale and its alternate; summary_large_image; descriptions cut
at a word; share texts that ask."""

import re
from io import BytesIO

import pytest
from django.core.cache import cache
from PIL import Image

from petitions import og_image
from tests.conftest import petition_url
from tests.pages import as_signer
from tests.signature_helpers import set_stored_count

IMAGE_URL = {
    "en": "/en/petitions/trust-act-2018/preview.png",
    "es": "/es/peticiones/trust-act-2018/vista-previa.png",
}


def meta(html, prop):
    found = re.search(rf'<meta (?:property|name)="{re.escape(prop)}" content="([^"]*)"', html)
    return found and found.group(1)


@pytest.mark.parametrize("lang", ["en", "es"])
def test_the_petition_page_names_its_image_and_locales(client, petition, lang):
    html = client.get(petition_url(lang)).content.decode()
    assert meta(html, "og:image") == "http://testserver" + IMAGE_URL[lang]
    assert meta(html, "og:image:width") == "1200" and meta(html, "og:image:height") == "630"
    assert meta(html, "twitter:card") == "summary_large_image"
    assert meta(html, "og:locale") == {"en": "en_US", "es": "es_US"}[lang]
    assert meta(html, "og:locale:alternate") == {"en": "es_US", "es": "en_US"}[lang]


@pytest.mark.parametrize("lang", ["en", "es"])
def test_the_image_is_a_1200_by_630_png(client, petition, lang):
    cache.clear()
    response = client.get(IMAGE_URL[lang])
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert "public" in response["Cache-Control"]
    image = Image.open(BytesIO(response.content))
    assert image.size == (1200, 630) and image.format == "PNG"


def test_each_language_has_its_own_image_and_a_growing_count_a_new_one(client, petition):
    cache.clear()
    english, spanish = (client.get(IMAGE_URL[lang]).content for lang in ("en", "es"))
    assert english != spanish
    assert client.get(IMAGE_URL["en"]).content == english  # from the cache
    set_stored_count(petition, 57)
    assert client.get(IMAGE_URL["en"]).content != english


def test_the_cache_follows_the_count_by_buckets():
    assert [og_image.bucket(n) for n in (7, 99, 100, 154, 1_234, 56_789)] == [
        7,
        99,
        100,
        150,
        1_200,
        56_000,
    ]


def test_descriptions_are_cut_at_a_word_with_an_ellipsis():
    text = "Aprueben la Ley de Confianza de 2018, que limitaría aún más la cooperación " * 4
    cut = og_image.describe(text, 100)
    assert len(cut) <= 100 and cut.endswith("…")
    assert text.startswith(cut[:-1]) and text[len(cut) - 1] == " "
    assert og_image.describe("Short enough.") == "Short enough."


@pytest.mark.parametrize("lang", ["en", "es"])
def test_the_page_description_ends_at_a_word(client, petition, lang):
    html = client.get(petition_url(lang)).content.decode()
    description = meta(html, "og:description")
    statement = " ".join(petition.statement.split()) if lang == "en" else petition.statement_es
    assert description == statement or description.endswith("…")
    assert meta(html, "description") == description


@pytest.mark.parametrize(
    ("lang", "ask"),
    [("en", "Will you sign too?"), ("es", "¿Firma usted también?")],
)
def test_share_texts_ask(client, petition, lang, ask):
    as_signer(client)
    thanks = {
        "en": "/en/petitions/trust-act-2018/thanks/",
        "es": "/es/peticiones/trust-act-2018/gracias/",
    }
    html = client.get(thanks[lang]).content.decode()
    whatsapp = re.search(r'href="https://wa.me/\?text=([^"]+)"', html).group(1)
    from urllib.parse import unquote

    text = unquote(whatsapp)
    assert text.startswith({"en": "I signed “", "es": "Firmé “"}[lang])
    assert ask in text and text.endswith(petition_url(lang))

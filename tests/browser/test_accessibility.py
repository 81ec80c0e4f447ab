"""axe-core, injected into each public page in both languages, finds nothing serious or critical.

axe-core comes from the npm registry (`make vendor` refreshes tests/vendor/axe-core/). Each page is
checked on a phone-sized screen, as most supporters read it, and so is the sign form with errors.
Every result, whatever its impact, is written to test-artifacts/axe/ for a person to read.
"""

import json
from pathlib import Path

import pytest

from tests.browser.conftest import ARTIFACTS, unavailable
from tests.pages import LANGUAGES, Page, page_params

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

AXE = Path(__file__).resolve().parent.parent / "vendor" / "axe-core" / "axe.min.js"
BLOCKING = ("serious", "critical")
SIGN_BUTTON = {"en": "Sign the petition", "es": "Firmar la petición"}


def axe_violations(page, name):
    """Run axe on the page; write every violation to test-artifacts/axe/NAME.json; return them."""
    if not AXE.is_file():
        unavailable(f"axe-core is missing at {AXE} (run `make vendor`)")
    page.add_script_tag(content=AXE.read_text(encoding="utf-8"))
    results = page.evaluate("() => axe.run(document, {resultTypes: ['violations']})")
    violations = [
        {
            "id": v["id"],
            "impact": v["impact"],
            "help": v["help"],
            "nodes": [
                {"target": n["target"], "summary": n.get("failureSummary", "")} for n in v["nodes"]
            ],
        }
        for v in results["violations"]
    ]
    out = ARTIFACTS / "axe"
    out.mkdir(parents=True, exist_ok=True)
    (out / f"{name}.json").write_text(json.dumps(violations, indent=2, ensure_ascii=False))
    return violations


def blocking(violations):
    return [
        f"{v['impact']}: {v['id']} ({v['help']}) at "
        + "; ".join(" ".join(n["target"]) for n in v["nodes"])
        for v in violations
        if v["impact"] in BLOCKING
    ]


@pytest.mark.parametrize(("page_", "language"), page_params())
def test_public_page_has_no_serious_accessibility_violation(browse, petition, page_, language):
    page = browse.open(language=language, phone=True, bypass_csp=True)
    response = page.goto(page_.url(language))
    assert response.status == 200
    browse.step(page, f"{page_.name}-{language}")
    assert blocking(axe_violations(page, f"{page_.name}-{language}")) == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_sign_form_with_errors_has_no_serious_accessibility_violation(browse, petition, language):
    page = browse.open(language=language, phone=True, bypass_csp=True)
    page.goto(Page("petition", "petitions:detail", {"slug": petition.slug}).url(language))
    form = page.locator("form.sign-form")
    form.locator("[name=email]").fill("not-an-email")
    form.locator("[name=postal_code]").fill("061O6")
    page.get_by_role("button", name=SIGN_BUTTON[language]).click()
    assert page.locator(".invalid-feedback").count() == 4  # first name, last name, email, ZIP
    browse.step(page, f"form-errors-{language}")
    assert blocking(axe_violations(page, f"sign-form-errors-{language}")) == []


def test_axe_catches_what_it_should(browse, live_server):
    """The check itself can fail: a page without lang, with an unlabelled field and a bare image."""
    page = browse.open(bypass_csp=True)
    page.goto("/en/")
    page.set_content('<html><body><form><input type="text"></form><img src="x.png"></body></html>')
    found = blocking(axe_violations(page, "self-test"))
    assert any(line.startswith("critical: label ") for line in found), found
    assert any(line.startswith("critical: image-alt ") for line in found), found
    assert any(line.startswith("serious: html-has-lang ") for line in found), found

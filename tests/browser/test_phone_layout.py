"""The petition page on a phone (390×844): the title, the target, the count with its progress and
a one-line ask on the first screen, the form's first field within 1.5 screens, the "why" after the
form; every tap target at least 44×44 px. Both languages, with JavaScript and without; a laptop
keeps the sign box beside the text. The measures are written to test-artifacts/phone-layout/
"""

import json

import pytest

from tests.browser.conftest import ARTIFACTS, PHONE

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PETITION = {"en": "/en/petitions/trust-act-2018/", "es": "/es/peticiones/trust-act-2018/"}
SCREEN = PHONE["height"]
TAP = 44
# What must be on the first screen, and where the first field must start.
FIRST_SCREEN = (".petition-title", ".target", ".petition-progress .count", ".goal-bar", ".ask")
FIRST_FIELD = "#id_first_name"
# Everything a thumb presses on the page (links in running text excepted, as WCAG allows).
TARGETS = (
    ".lang-switch",
    ".sign-form input:not([type=hidden]):not(#id_leave_blank)",
    ".sign-form textarea",
    ".sign-form button, .sign-form input[type=submit]",
    ".sign-form .form-check",
    ".sign-form .form-check-input",
)


def bottom_of(page, selector):
    box = page.locator(selector).first.bounding_box()
    return box["y"] + box["height"]


def top_of(page, selector):
    return page.locator(selector).first.bounding_box()["y"]


def measure(page):
    return {
        "count_top": round(top_of(page, ".petition-progress .count")),
        "first_field_top": round(top_of(page, FIRST_FIELD)),
        "first_screen_bottoms": {s: round(bottom_of(page, s)) for s in FIRST_SCREEN},
        "why_top": round(top_of(page, ".background")),
        "form_bottom": round(bottom_of(page, "#sign-form")),
        "page_height": page.evaluate("document.documentElement.scrollHeight"),
        "targets": {
            s: [
                [round(b["width"]), round(b["height"])]
                for b in (
                    page.locator(s).nth(i).bounding_box() for i in range(page.locator(s).count())
                )
            ]
            for s in TARGETS
        },
    }


def keep(name, measures):
    out = ARTIFACTS / "phone-layout"
    out.mkdir(parents=True, exist_ok=True)
    (out / f"{name}.json").write_text(json.dumps(measures, indent=2))


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
@pytest.mark.parametrize("language", ["en", "es"])
def test_phone_first_screen_has_the_count_and_the_form_follows(
    browse, petition, language, javascript
):
    page = browse.open(language=language, phone=True, javascript=javascript)
    page.goto(PETITION[language])
    browse.step(page, f"phone {language}")
    page.screenshot(path=browse.shots_dir / f"first-screen-{language}.png")
    measures = measure(page)
    keep(f"phone-{language}-{'js' if javascript else 'no-js'}", measures)

    for selector, bottom in measures["first_screen_bottoms"].items():
        assert bottom <= SCREEN, f"{selector} ends at {bottom}px, below the first screen"
    assert measures["first_field_top"] <= SCREEN * 1.5, measures
    assert measures["why_top"] > measures["form_bottom"], "the why comes after the form"
    for selector, sizes in measures["targets"].items():
        assert sizes, f"nothing matches {selector}"
        for width, height in sizes:
            assert width >= TAP and height >= TAP, f"{selector}: {width}×{height}"


@pytest.mark.parametrize("language", ["en", "es"])
def test_laptop_keeps_the_sign_box_beside_the_text(browse, petition, language):
    page = browse.open(language=language)
    page.goto(PETITION[language])
    browse.step(page, f"laptop {language}")
    head = page.locator(".petition-head").bounding_box()
    sign = page.locator(".petition-sign").bounding_box()
    why = page.locator(".background").bounding_box()
    assert sign["x"] > head["x"] + head["width"] - 1  # to the right of the text
    assert abs(sign["y"] - head["y"]) < 5  # and level with the title
    assert why["x"] == head["x"] and why["y"] > head["y"]  # the why under the head, same column
    assert top_of(page, FIRST_FIELD) < 900  # the form on the first screen

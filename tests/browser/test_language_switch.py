"""The switcher on the petition page: with something typed it sends the form to the other language
(tests/browser/test_journeys.py follows that); with nothing typed, and JavaScript on, it is a plain
link (a GET: no cookie needed, the cached page); without JavaScript it posts the empty form, which
simply shows the page in the other language."""

import pytest

from petitions.models import Signature

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PETITION = {"en": "/en/petitions/trust-act-2018/", "es": "/es/peticiones/trust-act-2018/"}
OTHER = {"en": ("es", "Español"), "es": ("en", "English")}


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
@pytest.mark.parametrize("language", ["en", "es"])
def test_switching_with_nothing_typed(browse, live_server, petition, language, javascript):
    from playwright.sync_api import expect

    other, name = OTHER[language]
    page = browse.open(language=language, phone=True, javascript=javascript)
    page.goto(PETITION[language])
    switcher = page.get_by_role("navigation").get_by_role("button", name=name)
    with page.expect_request(lambda r: r.url.endswith(PETITION[other])) as sent:
        switcher.click()
    assert sent.value.method == ("GET" if javascript else "POST")
    expect(page).to_have_url(live_server.url + PETITION[other])
    expect(page.locator("html")).to_have_attribute("lang", other)
    assert not page.locator(".alert-danger").count()
    browse.step(page, f"switched to {other}")
    assert Signature.objects.count() == 0

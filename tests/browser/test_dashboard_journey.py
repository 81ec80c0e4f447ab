"""An organizer's petition dashboard in a real browser, in English and Spanish, at 1280 px and on
a tablet (768 x 1024): from the campaign's page to the petition's figures, the chart's table,
the towns and languages, and the actions; nothing wider than the screen."""

import datetime

import pytest
from django.utils import timezone

from petitions import deliveries
from petitions.models import Petition, Signature
from tests.browser.conftest import ORGANISER_PASSWORD
from tests.signature_helpers import add_signature

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

TABLET = {"width": 768, "height": 1024}
WORDS = {
    "en": ("Signatures that count", "Today", "By town (most signatures first)", "Spanish"),
    "es": (
        "Firmas que cuentan",
        "Hoy",
        "Por pueblo o ciudad (primero los que tienen más firmas)",
        "Español",
    ),
}


def expect(*args):
    from playwright.sync_api import expect

    return expect(*args)


def _signatures(petition):
    now = timezone.now()
    for days_ago, town, language in [
        (9, "Hartford", "es"),
        (9, "New Haven", "en"),
        (4, "New Haven", "es"),
        (2, "Bridgeport", "es"),
        (2, "New Haven", "en"),
    ]:
        add_signature(
            petition,
            signed_at=now - datetime.timedelta(days=days_ago),
            town=town,
            language=language,
        )
    deliveries.record(petition, Signature.objects.filter(town="Hartford"), recipient="CGA")
    add_signature(petition, town="Norwalk", language="en")  # today


def _fits(page):
    """Nothing wider than the screen (a wide table scrolls in its own box)."""
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= page.viewport_size["width"], f"{width} px wide on a {page.viewport_size}"


@pytest.mark.parametrize("tablet", [False, True], ids=["1280px", "tablet"])
@pytest.mark.parametrize("language", ["en", "es"])
def test_the_dashboard(browse, organiser, petition, language, tablet):
    _signatures(petition)
    count = Petition.objects.get(pk=petition.pk).signature_count
    page = browse.open(language=language)
    if tablet:
        page.set_viewport_size(TABLET)
    browse.log_in(page, organiser.username, ORGANISER_PASSWORD)

    page.goto(f"/admin/petitions/petition/campaign/{petition.campaign_id}/")
    browse.step(page, "the campaign's petitions with their figures")
    _fits(page)
    link = page.locator(f"a[href$='/petition/{petition.pk}/dashboard/']")
    row = page.locator("table.dashboard-campaign tbody tr", has=link)
    expect(row.locator("td").nth(1)).to_have_text(str(count))
    row.locator("th a").click()

    counts, today, by_town, spanish = WORDS[language]
    expect(page.locator("#headline")).to_be_visible()
    figures = page.locator(".dashboard-figures")
    expect(figures.locator("div", has_text=counts).locator("dd")).to_have_text(str(count))
    expect(figures.locator("div", has_text=today).first.locator("dd")).to_have_text("1")
    expect(page.locator(".dashboard-chart svg rect")).not_to_have_count(0)
    expect(page.locator("caption", has_text=by_town)).to_be_visible()
    town_rows = page.locator(".dashboard-tables table").first.locator("tbody tr")
    expect(town_rows.first).to_contain_text("New Haven, CT")
    expect(town_rows.first.locator("td").nth(1)).to_have_text("3")
    languages = page.locator(".dashboard-tables table").nth(1)
    expect(languages.locator("tr", has_text=spanish).locator("td").nth(1)).to_have_text("3")
    browse.step(page, "the dashboard")

    page.locator(".petition-dashboard details summary").click()
    expect(page.locator(".petition-dashboard details table tbody tr")).to_have_count(4)
    browse.step(page, "the chart's figures as a table")

    _fits(page)
    actions = page.locator(".dashboard-actions a")
    expect(actions).to_have_count(6)
    for i in range(6):
        box = actions.nth(i).bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= page.viewport_size["width"]

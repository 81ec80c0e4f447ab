"""An organiser's weekly delivery, in a real browser at 1280 px: Add (choosing the signatures;
a double click records one), the packet, a planned one cancelled, mark delivered and write the
announcement, publish it and email it once."""

import re

import pytest

from outreach.models import Update
from petitions.models import Delivery, Signature
from tests.browser.conftest import ORGANISER_PASSWORD
from tests.signature_helpers import add_signature

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def expect(*args):
    from playwright.sync_api import expect

    return expect(*args)


@pytest.mark.parametrize("language", ["en", "es"])
def test_the_weekly_delivery(browse, live_server, organiser, petition, language, mailoutbox):
    add_signature(petition, email="ana@example.com", language="es", updates_opt_in=True)
    add_signature(petition, email="bob@example.com", language="en", updates_opt_in=True)
    page = browse.open(language=language)
    browse.log_in(page, organiser.username, ORGANISER_PASSWORD)

    page.goto("/admin/petitions/delivery/add/")
    page.locator("#id_petition").select_option(str(petition.pk))
    browse.step(page, "add a delivery: which signatures")
    page.locator("input[name=_save]").dblclick()
    expect(page.locator(".messagelist .success")).to_be_visible()
    browse.step(page, "recorded, with the packet and the next step")
    assert Delivery.objects.count() == 1
    delivery = Delivery.objects.get()
    assert delivery.signature_count == 2

    # Nothing left: a second one is refused in words.
    page.goto("/admin/petitions/delivery/add/")
    page.locator("#id_petition").select_option(str(petition.pk))
    page.locator("input[name=_save]").click()
    expect(page.locator(".errornote")).to_be_visible()
    browse.step(page, "an empty delivery is refused")

    # A late signature in a second planned delivery, then cancelled: it is free again.
    late = add_signature(petition, email="late@example.com")
    page.goto("/admin/petitions/delivery/add/")
    page.locator("#id_petition").select_option(str(petition.pk))
    page.locator("input[name=_save]").click()
    expect(page.locator(".messagelist .success")).to_be_visible()
    page.goto("/admin/petitions/delivery/")
    browse.step(page, "the deliveries list")
    second = Delivery.objects.exclude(pk=delivery.pk).get()
    page.locator(f"input[name=_selected_action][value='{second.pk}']").check()
    page.locator("select[name=action]").select_option("cancel_planned")
    page.locator("button[name=index]").click()
    expect(page.locator(".messagelist")).to_be_visible()
    browse.step(page, "a planned delivery cancelled")
    assert Signature.objects.get(pk=late.pk).delivery_id is None

    page.goto(f"/admin/petitions/delivery/{delivery.pk}/change/")
    page.locator("#id_status").select_option("delivered")
    page.locator("#id_delivered_on").fill("2026-11-24")
    page.locator("#id_place").fill("Legislative Office Building, Hartford")
    page.locator("#id_delivered_by").fill("Ana and Bob")
    browse.step(page, "mark delivered")
    page.locator("input[name=_announce]").click()
    expect(page).to_have_url(re.compile(r"/admin/outreach/update/\d+/change/$"))
    browse.step(page, "the announcement, a draft")
    update = Update.objects.get(delivery=delivery)
    assert not update.is_published

    page.locator("input[name=_publish_send]").click()
    browse.step(page, "whom it goes to")
    confirm = page.locator("form[action$='/admin/outreach/update/'] input[type=submit]")
    confirm.dblclick()
    expect(page.locator(".messagelist .success")).to_be_visible()
    browse.step(page, "sent")
    update.refresh_from_db()
    assert update.is_published
    assert update.recipients.count() == 2

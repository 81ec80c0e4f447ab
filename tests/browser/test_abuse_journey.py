"""Abuse review in a real browser at 1280 px: a day's flood, its group followed to its
signatures, invalidated, and the list with the valid ones first."""

from datetime import timedelta

import pytest
from django.utils import timezone

from petitions import lifecycle, signing
from petitions.models import Signature
from tests.browser.conftest import ORGANISER_PASSWORD

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def expect(*args):
    from playwright.sync_api import expect

    return expect(*args)


def _flood(petition, n, ip, domain, hours_ago):
    for i in range(n):
        Signature.objects.create(
            petition=petition,
            first_name="Bot",
            last_name=f"Number{i}",
            email=f"bot{i}-{hours_ago}@{domain}",
            postal_code="06106",
            town="Hartford",
            language="en",
            ip_hash=signing.hash_ip(ip),
            signed_at=timezone.now() - timedelta(hours=hours_ago, minutes=i),
        )
    lifecycle.recount(petition)  # made directly here: the stored count follows


def test_a_days_flood_is_found_followed_and_invalidated(browse, live_server, organiser, petition):
    _flood(petition, 6, "203.0.113.66", "spam.example", hours_ago=5)
    _flood(petition, 2, "198.51.100.4", "gmail.com", hours_ago=0)
    page = browse.open(language="en")
    browse.log_in(page, organiser.username, ORGANISER_PASSWORD)
    page.goto("/admin/abuse/?window=24h")
    expect(page.locator("h1")).to_contain_text("24 hours")
    browse.step(page, "abuse review, 24 hours")
    page.get_by_role("link", name="6").first.click()
    expect(page.locator("#result_list tbody tr")).to_have_count(6)
    browse.step(page, "the IP group's signatures")
    page.goto("/admin/abuse/?window=24h")
    page.locator(f"input[value^='domain|{petition.pk}|spam.example']").check()
    page.locator(".submit-row input[type=submit]").click()
    page.locator("input[value='Yes, invalidate them']").click()
    expect(page.locator(".messagelist .success")).to_contain_text("6 signatures invalidated")
    page.goto("/admin/petitions/signature/")
    browse.step(page, "the signature list, valid first")
    states = page.locator("#result_list td.field-validity").all_inner_texts()
    assert states == ["Valid"] * 2 + ["Invalidated"] * 6


def test_the_export_form_looks_like_the_admin(browse, live_server, organiser, petition):
    page = browse.open(language="en")
    browse.log_in(page, organiser.username, ORGANISER_PASSWORD)
    page.goto("/admin/petitions/signature/export/")
    expect(page.locator("fieldset.module.aligned")).to_be_visible()
    browse.step(page, "the export form")

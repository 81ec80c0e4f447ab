"""Admin abuse review: top IPs and email domains of the last hour, and a bulk invalidate."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import User
from django.urls import reverse
from django.utils import timezone

from campaigns.models import Campaign
from campaigns.roles import make_organiser
from petitions import lifecycle, signing
from petitions.models import Signature
from tests.staff_helpers import log_in_staff
from tests.trust_helpers import assert_count_is_exact

URL = "/admin/abuse/"


def _add(petition, n, *, ip, domain, minutes_ago=5, **extra):
    for i in range(n):
        Signature.objects.create(
            petition=petition,
            first_name="A",
            last_name="B",
            email=f"{ip}-{i}-{minutes_ago}@{domain}",
            postal_code="06106",
            language="en",
            ip_hash=signing.hash_ip(ip),
            signed_at=timezone.now() - timedelta(minutes=minutes_ago),
            **extra,
        )
    lifecycle.recount(petition)


@pytest.fixture
def flood(petition):
    _add(petition, 7, ip="203.0.113.66", domain="spam.example")
    _add(petition, 2, ip="198.51.100.4", domain="gmail.com")
    _add(petition, 4, ip="203.0.113.66", domain="spam.example", minutes_ago=90)  # older
    return petition


def test_the_last_hours_top_ips_and_domains_per_petition(admin_client, flood):
    response = admin_client.get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    spam_hash = signing.hash_ip("203.0.113.66")
    rows = {row["ip_hash"]: row["signatures"] for row in response.context["reports"][0][1]}
    assert rows == {spam_hash: 7, signing.hash_ip("198.51.100.4"): 2}
    domains = {row["domain"]: row["signatures"] for row in response.context["reports"][0][2]}
    assert domains == {"spam.example": 7, "gmail.com": 2}
    assert "203.0.113.66" not in html  # only hashes, never the address
    assert f'value="ip|{flood.pk}|{spam_hash}"' in html


def test_bulk_invalidate_asks_first_then_keeps_the_count_exact(admin_client, flood):
    spam_hash = signing.hash_ip("203.0.113.66")
    choice = {"selected": [f"ip|{flood.pk}|{spam_hash}"]}
    review = admin_client.post(URL, choice)
    assert review.status_code == 200
    assert review.context["total"] == 7
    assert Signature.objects.filter(invalidated_at__isnull=False).count() == 0
    done = admin_client.post(URL, {**choice, "confirm": "yes"}, follow=True)
    assert "7 signatures invalidated." in done.content.decode()
    assert Signature.objects.filter(invalidated_at__isnull=False).count() == 7
    flood.refresh_from_db()
    assert flood.signature_count == 2 + 4  # the older hour's four stay
    assert_count_is_exact(flood)
    # Again: nothing more to invalidate, the count does not move.
    admin_client.post(URL, {**choice, "confirm": "yes"})
    flood.refresh_from_db()
    assert flood.signature_count == 6


def test_invalidating_by_domain(admin_client, flood):
    admin_client.post(URL, {"selected": [f"domain|{flood.pk}|gmail.com"], "confirm": "yes"})
    assert set(
        Signature.objects.filter(invalidated_at__isnull=False).values_list("ip_hash", flat=True)
    ) == {signing.hash_ip("198.51.100.4")}
    assert_count_is_exact(flood)


def test_garbage_selections_change_nothing(admin_client, flood):
    for value in ["", "ip", "ip|x|y", f"domain|{flood.pk + 99}|spam.example", "nope|1|x"]:
        response = admin_client.post(URL, {"selected": [value], "confirm": "yes"})
        assert response.status_code == 302
    assert Signature.objects.filter(invalidated_at__isnull=False).count() == 0


def test_organisers_only_see_and_invalidate_their_campaigns(client, flood):
    other = Campaign.objects.create(slug="other", title_en="Other", title_es="Otra")
    organiser = User.objects.create_user("org", password="pw")
    make_organiser(organiser, other)
    log_in_staff(client, organiser)
    response = client.get(URL)
    assert response.status_code == 200
    assert response.context["reports"] == []
    spam_hash = signing.hash_ip("203.0.113.66")
    client.post(URL, {"selected": [f"ip|{flood.pk}|{spam_hash}"], "confirm": "yes"})
    assert Signature.objects.filter(invalidated_at__isnull=False).count() == 0
    make_organiser(organiser, flood.campaign)
    assert len(client.get(URL).context["reports"]) == 1


def test_the_public_cannot_reach_it(client, flood):
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))
    assert client.post(URL, {"selected": ["x"], "confirm": "yes"}).status_code == 302


def test_the_admin_index_links_to_it(admin_client, flood):
    assert URL in admin_client.get("/admin/").content.decode()


def test_addresses_over_the_review_threshold_are_flagged_not_refused(admin_client, flood, settings):
    settings.SIGN_REVIEW_ABOVE = 5
    response = admin_client.get(URL)
    flags = {row["ip_hash"]: row["flagged"] for row in response.context["reports"][0][1]}
    assert flags == {signing.hash_ip("203.0.113.66"): True, signing.hash_ip("198.51.100.4"): False}
    assert response.content.decode().count("more than 5: please check") == 1


@pytest.mark.parametrize(("window", "flagged"), [("1h", True), ("24h", False), ("7d", False)])
def test_the_review_threshold_is_per_hour_scaled_to_the_window(
    admin_client, flood, settings, window, flagged
):
    settings.SIGN_REVIEW_ABOVE = 5  # an hour's: 120 in a day, 840 in a week
    response = admin_client.get(URL, {"window": window})
    flags = {row["ip_hash"]: row["flagged"] for row in response.context["reports"][0][1]}
    assert flags[signing.hash_ip("203.0.113.66")] is flagged  # 7 in the hour, 11 in the day
    limit = {"1h": 5, "24h": 120, "7d": 840}[window]
    assert f"more than {limit} in this period (5 an hour)" in response.content.decode()


@pytest.mark.parametrize(("window", "spam"), [("1h", 7), ("24h", 11), ("7d", 11)])
def test_windows_of_an_hour_a_day_and_a_week(admin_client, flood, window, spam):
    _add(flood, 3, ip="203.0.113.66", domain="spam.example", minutes_ago=3 * 24 * 60)  # 3 days
    response = admin_client.get(URL, {"window": window})
    rows = {row["ip_hash"]: row["signatures"] for row in response.context["reports"][0][1]}
    expected = spam + (3 if window == "7d" else 0)
    assert rows[signing.hash_ip("203.0.113.66")] == expected
    assert 'aria-current="page"' in response.content.decode()


def test_each_group_links_to_its_signatures_in_the_list(admin_client, flood):
    from urllib.parse import parse_qs, urlsplit

    response = admin_client.get(URL, {"window": "24h"})
    ip_row = response.context["reports"][0][1][0]
    domain_row = response.context["reports"][0][2][0]
    assert ip_row["url"] in response.content.decode().replace("&amp;", "&")
    listing = admin_client.get(ip_row["url"])
    assert listing.status_code == 200
    assert listing.context["cl"].result_count == 11
    query = parse_qs(urlsplit(domain_row["url"]).query)
    assert query["domain"] == ["spam.example"] and query["petition"] == [str(flood.pk)]
    assert admin_client.get(domain_row["url"]).context["cl"].result_count == 11
    one_hour = admin_client.get(URL).context["reports"][0][1][0]["url"]
    assert admin_client.get(one_hour).context["cl"].result_count == 7


def test_the_signature_list_filters_are_scoped(client, flood):
    other = Campaign.objects.create(slug="other", title="Other")
    organiser = User.objects.create_user("other-organiser", password="pw")
    make_organiser(organiser, other)
    log_in_staff(client, organiser)
    spam_hash = signing.hash_ip("203.0.113.66")
    listing = client.get("/admin/petitions/signature/", {"ip_hash": spam_hash})
    assert listing.status_code == 200 and listing.context["cl"].result_count == 0
    listing = client.get("/admin/petitions/signature/", {"domain": "spam.example"})
    assert listing.context["cl"].result_count == 0


def test_invalidated_signatures_go_below_and_the_state_sorts(admin_client, flood):
    admin_client.post(
        URL,
        {"selected": [f"ip|{flood.pk}|{signing.hash_ip('203.0.113.66')}"], "confirm": "yes"},
    )
    listing = admin_client.get("/admin/petitions/signature/")
    states = [str(row.invalidated_at is None) for row in listing.context["cl"].result_list]
    assert states == sorted(states, reverse=True)  # valid ones first
    page = listing.content.decode()
    assert "Invalidated" in page and "column-validity" in page and "sortable" in page

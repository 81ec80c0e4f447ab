"""The organizer's petition dashboard and a campaign's petitions with their figures: the figures,
the chart with its table, actions shown by permission, scoped to the organizer's campaigns, both
languages, and a bounded number of queries however many signatures there are."""

import pytest
from django.contrib.auth.models import Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation

from petitions import rollup
from petitions.admin import dashboard
from petitions.models import Delivery
from tests.signature_helpers import add_signature, at, organiser_of, other_petition
from tests.staff_helpers import log_in_staff


@pytest.fixture
def organiser_client(client, petition):
    log_in_staff(client, organiser_of(petition.campaign))
    return client


def url(petition):
    return f"/admin/petitions/petition/{petition.pk}/dashboard/"


def test_dashboard_shows_the_figures_the_chart_and_its_table(organiser_client, petition):
    add_signature(petition, language="es", town="Hartford", signed_at=at(1))
    add_signature(petition, language="es", town="New Haven", signed_at=at(3))
    add_signature(petition, language="en", town="New Haven", signed_at=at(3))
    Delivery.objects.create(
        petition=petition, recipient="CGA", status=Delivery.Status.DELIVERED, signature_count=2
    )
    page = organiser_client.get(url(petition))
    assert page.status_code == 200
    html = page.content.decode()
    live = page.context["live"]
    assert (live["count"], live["today"], live["delivered"], live["deliveries"]) == (3, 0, 2, 1)
    assert page.context["stats"]["undelivered"] == 3  # none of them is in that delivery's rows
    assert "<td>New Haven, CT</td><td>2</td>" in html
    assert "<td>Spanish</td><td>2</td>" in html
    assert "<td>2018-03-03</td><td>2</td>" in html  # the chart's text alternative
    assert "<rect " in html
    for link in ("/paper/", "/signature-sheet/", "/signature/export/?petition=", "/update/add/"):
        assert link in html
    assert "<script>" not in html


def test_actions_follow_permissions(petition, django_user_model):
    viewer = django_user_model.objects.create_user("viewer", password="pw", is_staff=True)
    viewer.user_permissions.set(
        Permission.objects.filter(codename__in=["view_petition", "view_signature"])
    )
    assert [name for name, _label in dashboard.actions(viewer, petition)] == ["export"]
    organiser = organiser_of(petition.campaign)
    names = [name for name, _label in dashboard.actions(organiser, petition)]
    assert names == ["export", "delivery", "paper", "sheet", "update", "edit"]


def test_another_campaigns_petition_is_not_found(organiser_client):
    other = other_petition()
    assert organiser_client.get(url(other)).status_code == 404
    assert (
        organiser_client.get(f"/admin/petitions/petition/campaign/{other.campaign_id}/").status_code
        == 404
    )


def test_campaign_page_lists_its_petitions_with_their_figures(organiser_client, petition):
    add_signature(petition, signed_at=timezone.now())
    page = organiser_client.get(f"/admin/petitions/petition/campaign/{petition.campaign_id}/")
    assert page.status_code == 200
    html = page.content.decode()
    assert url(petition) in html
    assert page.context["rows"][0]["live"]["today"] == 1
    campaign_page = organiser_client.get(
        f"/admin/campaigns/campaign/{petition.campaign_id}/change/"
    )
    assert f"/admin/petitions/petition/campaign/{petition.campaign_id}/" in (
        campaign_page.content.decode()
    )


def test_dashboard_in_spanish(organiser_client, petition):
    with translation.override("es"):
        organiser_client.cookies["django_language"] = "es"
        page = organiser_client.get(url(petition), HTTP_ACCEPT_LANGUAGE="es")
    html = page.content.decode()
    assert "Hoy" in html and "Ingresar firmas en papel" in html


def test_queries_do_not_grow_with_signatures_or_days(organiser_client, petition):
    for day in (1, 2, 3):
        add_signature(petition, signed_at=at(day))
    organiser_client.get(url(petition))  # stores the closed days' figures
    with CaptureQueriesContext(connection) as first:
        organiser_client.get(url(petition))
    for day in (4, 5, 6, 7):
        add_signature(petition, signed_at=at(day))
    organiser_client.get(url(petition))  # stores the new days
    with CaptureQueriesContext(connection) as second:
        page = organiser_client.get(url(petition))
    assert len(second) == len(first)
    on_signatures = [q["sql"] for q in second.captured_queries if "petitions_signature" in q["sql"]]
    # The first signature's date (an index's end), each live day's range and any dated later: no
    # other. The live days are today, and yesterday too in the first GRACE after midnight
    # (petitions/rollup.py): run then, this test once failed counting only today's.
    now = timezone.now()
    live_days = (rollup.local_day(now) - rollup.first_live_day(now)).days + 1
    assert len(on_signatures) == 2 + live_days
    assert all("signed_at" in sql for sql in on_signatures)
    assert page.context["live"]["count"] == 7
    assert sum(page.context["stats"]["days"].values()) == 7

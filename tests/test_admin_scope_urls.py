"""Every admin URL keeps an organiser inside their campaigns: "view on site" (/admin/r/...) and
each object URL of every ModelAdmin (custom ones included) answer as if another campaign's
objects, drafts included, did not exist. Superusers reach everything."""

import datetime

import pytest
from django.contrib import admin
from django.contrib.contenttypes.models import ContentType
from django.urls import URLPattern

from campaigns.models import Campaign, Event, Partner
from outreach.models import Update
from petitions import deliveries
from petitions.models import Delivery, Petition, Signature
from tests.campaign_helpers import event, update
from tests.signature_helpers import add_signature, organiser_of, other_petition
from tests.staff_helpers import log_in_staff


def r(obj):
    return f"/admin/r/{ContentType.objects.get_for_model(obj).pk}/{obj.pk}/"


@pytest.fixture
def theirs(petition):
    """Another campaign's objects: a draft petition whose slug names its subject, and the rest."""
    open_petition = other_petition()
    campaign = open_petition.campaign
    draft = Petition.objects.create(
        campaign=campaign,
        slug="secret-raid-response-draft",
        title_en="Secret draft",
        title_es="Borrador secreto",
        target_en="T",
        target_es="T",
        statement_en="S",
        statement_es="S",
    )
    signature = add_signature(open_petition, email="theirs@example.com")
    delivery = deliveries.record(open_petition, Signature.objects.filter(pk=signature.pk))
    return {
        "campaign": campaign,
        "petition": open_petition,
        "draft": draft,
        "signature": signature,
        "delivery": delivery,
        "event": event(campaign, "Their vigil", 3),
        "partner": Partner.objects.create(campaign=campaign, name="Their partner"),
        "update": update(campaign, "Their news", datetime.date(2025, 1, 1), petition=open_petition),
    }


@pytest.fixture
def organiser(client, petition):
    user = organiser_of(petition.campaign)
    log_in_staff(client, user)
    return user


def test_view_on_site_takes_an_organiser_to_their_own_petition_and_campaign(
    client, petition, organiser
):
    response = client.get(r(petition))
    assert response.status_code == 302
    assert response["Location"].endswith(f"/petitions/{petition.slug}/")
    response = client.get(r(petition.campaign))
    assert response.status_code == 302
    assert response["Location"].endswith(f"/campaigns/{petition.campaign.slug}/")


@pytest.mark.parametrize("name", ["draft", "petition", "campaign"])
def test_view_on_site_does_not_exist_for_another_campaigns_objects(
    client, petition, organiser, theirs, name
):
    response = client.get(r(theirs[name]))
    assert response.status_code == 404
    assert theirs[name].slug not in response.content.decode()


@pytest.mark.parametrize("name", ["draft", "petition", "campaign"])
def test_view_on_site_is_unchanged_for_superusers(admin_client, theirs, name):
    response = admin_client.get(r(theirs[name]))
    assert response.status_code == 302
    assert theirs[name].slug in response["Location"]


def test_view_on_site_needs_the_permission_to_see_the_object(client, petition, organiser):
    from django.contrib.auth.models import Group, Permission

    from campaigns.roles import ORGANISERS_GROUP

    group = Group.objects.get(name=ORGANISERS_GROUP)
    group.permissions.remove(
        *Permission.objects.filter(codename__in=["view_petition", "change_petition"])
    )
    assert client.get(r(petition)).status_code == 404


def test_the_change_form_links_to_the_scoped_view_on_site(client, petition, organiser):
    page = client.get(f"/admin/petitions/petition/{petition.pk}/change/").content.decode()
    assert r(petition) in page


def _object_urls():
    """(model, path template) of every admin URL that takes an object id, custom ones included."""
    for model, model_admin in admin.site._registry.items():
        for pattern in model_admin.get_urls():
            if isinstance(pattern, URLPattern) and "<path:object_id>" in str(pattern.pattern):
                yield model, str(pattern.pattern)


SCOPED = {
    Campaign: "campaign",
    Petition: "draft",
    Signature: "signature",
    Delivery: "delivery",
    Event: "event",
    Partner: "partner",
    Update: "update",
}


def test_every_object_url_of_the_admin_is_closed_to_other_campaigns(
    client, petition, organiser, theirs
):
    """Each answers exactly as it does for an id no object has (302 to the admin's index, 403
    for what the organiser may never do, 404 from the custom views), and changes nothing."""
    tried = 0
    for model, pattern in _object_urls():
        if model not in SCOPED:
            continue
        obj = theirs[SCOPED[model]]
        opts = model._meta
        base = f"/admin/{opts.app_label}/{opts.model_name}/"
        for method in (client.get, client.post):
            response = method(base + pattern.replace("<path:object_id>", str(obj.pk)))
            missing = method(base + pattern.replace("<path:object_id>", "987654"))
            where = (pattern, method.__name__)
            assert response.status_code in (302, 403, 404), where
            assert response.status_code == missing.status_code, where
            if response.status_code == 302:  # the bare object URL redirects to its change URL
                assert response["Location"] == missing["Location"].replace("987654", str(obj.pk))
            assert str(obj) not in response.content.decode(), where
        tried += 1
    assert tried >= 20  # change, history and delete of each model, and the custom views
    assert Petition.objects.filter(pk=theirs["draft"].pk).exists()
    assert Signature.objects.get(pk=theirs["signature"].pk).invalidated_at is None
    assert Delivery.objects.get(pk=theirs["delivery"].pk).status == Delivery.Status.PLANNED

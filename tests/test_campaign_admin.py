"""Organisers manage the events, updates and partners of their own campaigns only."""

import datetime

import pytest
from django.contrib.auth.models import User
from django.core import mail

from campaigns.models import Campaign, Event, Partner
from campaigns.roles import make_organiser
from outreach.models import Update
from tests.campaign_helpers import event, signer, update


@pytest.fixture
def other_campaign(db):
    return Campaign.objects.create(slug="other", title_en="Other fight", is_published=True)


@pytest.fixture
def organiser(client, petition):
    user = User.objects.create_user("org", password="x")
    make_organiser(user, petition.campaign)
    client.force_login(user)
    return user


def test_lists_show_only_the_organisers_campaign(client, petition, organiser, other_campaign):
    event(petition.campaign, "Our vigil", 3)
    event(other_campaign, "Their vigil", 3)
    update(other_campaign, "Their news", datetime.date(2025, 1, 1))
    Partner.objects.create(campaign=other_campaign, name="Their partner")
    pages = {
        "/admin/campaigns/event/": ("Our vigil", "Their vigil"),
        "/admin/outreach/update/": ("Connecticut passes the TRUST Act", "Their news"),
        "/admin/campaigns/partner/": ("Unidad Latina en Acción", "Their partner"),
    }
    for url, (mine, theirs) in pages.items():
        response = client.get(url)
        assert response.status_code == 200, url
        html = response.content.decode()
        assert mine in html, url
        assert theirs not in html, url
        assert "Other fight" not in html, url  # not even in the filters


def test_change_url_of_another_campaigns_content_is_not_reachable(
    client, petition, organiser, other_campaign
):
    for obj, name in (
        (event(other_campaign, "Their vigil", 3), "campaigns/event"),
        (update(other_campaign, "Their news", datetime.date(2025, 1, 1)), "outreach/update"),
        (
            Partner.objects.create(campaign=other_campaign, name="Their partner"),
            "campaigns/partner",
        ),
    ):
        url = f"/admin/{name}/{obj.pk}/change/"
        response = client.get(url)
        # Django's admin treats an object outside the queryset as missing: back to the index.
        assert response.status_code == 302, url
        assert response["Location"] == "/admin/"
        assert client.post(url, {}).status_code == 302
        assert client.get(f"/admin/{name}/{obj.pk}/delete/").status_code == 302
    assert Event.objects.filter(campaign=other_campaign).count() == 1
    assert Partner.objects.filter(campaign=other_campaign).count() == 1


def test_the_organisers_own_event_opens_with_both_language_tabs(client, petition, organiser):
    vigil = event(petition.campaign, "Our vigil", 3)
    html = client.get(f"/admin/campaigns/event/{vigil.pk}/change/").content.decode()
    assert 'name="title_en"' in html
    assert 'name="title_es"' in html


def test_campaign_choices_are_limited_to_the_organisers(
    client, petition, organiser, other_campaign
):
    html = client.get("/admin/campaigns/event/add/").content.decode()
    assert "Ley de Confianza de Connecticut" in html or "Connecticut Trust Act" in html
    assert "Other fight" not in html
    form = {
        "title_en": "Sneaky",
        "title_es": "Sneaky",
        "starts_at_0": "2030-05-01",
        "starts_at_1": "18:00",
    }
    response = client.post("/admin/campaigns/event/add/", {**form, "campaign": other_campaign.pk})
    assert response.status_code == 200  # the form comes back
    assert "Select a valid choice" in response.content.decode()
    assert not Event.objects.filter(title_en="Sneaky").exists()
    response = client.post(
        "/admin/campaigns/event/add/", {**form, "campaign": petition.campaign.pk}
    )
    assert response.status_code == 302
    assert Event.objects.get(title_en="Sneaky").campaign == petition.campaign


def test_an_update_must_belong_to_the_petitions_campaign(petition, other_campaign):
    from django.core.exceptions import ValidationError

    news = Update(
        campaign=other_campaign,
        petition=petition,
        title_en="x",
        title_es="x",
        body_en="x",
        body_es="x",
    )
    with pytest.raises(ValidationError) as error:
        news.full_clean()
    assert "petition" in error.value.message_dict
    news.campaign = None
    news.full_clean()  # the campaign is taken from the petition
    assert news.campaign_id == petition.campaign_id


def test_sending_from_the_admin_confirms_first_then_sends(client, petition, organiser, monkeypatch):
    signer(petition, "ana@example.com", "es")
    news = update(petition.campaign, "Delivered", datetime.date(2025, 3, 1), petition=petition)
    data = {"action": "send_to_signers", "_selected_action": [news.pk]}
    response = client.post("/admin/outreach/update/", data)
    assert response.status_code == 200
    assert "Yes, send the emails" in response.content.decode()
    assert mail.outbox == []
    # As in production (autocommit, no surrounding transaction): on-commit work runs at once,
    # so the task has already emailed everyone when the admin writes its message.
    monkeypatch.setattr(
        "django.db.transaction.on_commit", lambda func, using=None, robust=False: func()
    )
    client.post("/admin/outreach/update/", {**data, "confirmed": "yes"})
    assert [m.to for m in mail.outbox] == [["ana@example.com"]]
    assert "is being emailed to 1 signer." in client.get("/admin/outreach/update/").content.decode()


def test_an_organiser_cannot_send_another_campaigns_update(
    client, petition, organiser, other_campaign, django_capture_on_commit_callbacks
):
    from petitions.models import Petition

    theirs = Petition.objects.create(
        campaign=other_campaign, slug="theirs", title_en="T", target_en="T", statement_en="T"
    )
    signer(theirs, "eve@example.com", "en")
    news = update(other_campaign, "Their news", datetime.date(2025, 3, 1), petition=theirs)
    data = {"action": "send_to_signers", "_selected_action": [news.pk], "confirmed": "yes"}
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/admin/outreach/update/", data)
    assert mail.outbox == []
    assert news.recipients.count() == 0


def test_the_send_action_needs_the_send_permission(rf, petition):
    from django.contrib import admin
    from django.contrib.auth.models import Permission

    model_admin = admin.site._registry[Update]
    user = User.objects.create_user("helper", password="x", is_staff=True)
    user.user_permissions.add(Permission.objects.get(codename="view_update"))
    request = rf.get("/admin/outreach/update/")
    request.user = User.objects.get(pk=user.pk)
    assert "send_to_signers" not in model_admin.get_actions(request)
    user.user_permissions.add(Permission.objects.get(codename="send_update"))
    request.user = User.objects.get(pk=user.pk)
    assert "send_to_signers" in model_admin.get_actions(request)


def test_organisers_group_may_manage_campaign_content_and_send(db):
    from django.contrib.auth.models import Group

    from campaigns.roles import ORGANISERS_GROUP

    codenames = set(
        Group.objects.get(name=ORGANISERS_GROUP).permissions.values_list("codename", flat=True)
    )
    assert {"add_event", "change_update", "delete_partner", "send_update"} <= codenames

"""Deliveries as a guided flow: never empty, one record per form even on a double click, clear
feedback after recording, a planned one can be cancelled, its packet follows its signatures, and
the announcement is a draft until an organiser publishes it; a sent update cannot be deleted."""

import datetime

import pytest
from django.db.models import ProtectedError
from django.urls import reverse

from core.models import AuditEvent
from outreach.delivery_news import delivery_update
from outreach.models import Update, UpdateRecipient
from petitions import deliveries, lifecycle
from petitions.models import Delivery, Signature
from tests.signature_helpers import add_signature, organiser_of
from tests.staff_helpers import log_in_staff

ADD = reverse("admin:petitions_delivery_add")
CHANGELIST = reverse("admin:petitions_delivery_changelist")


def add_form(petition, token="tok-1", **extra):
    return {
        "petition": petition.pk,
        "recipient_en": "Connecticut General Assembly",
        "recipient_es": "Asamblea General de Connecticut",
        "method": "hand",
        "token": token,
        **extra,
    }


@pytest.fixture
def organiser(client, petition):
    user = organiser_of(petition.campaign)
    log_in_staff(client, user)
    return user


def test_adding_an_empty_delivery_is_refused_with_a_reason(client, petition, organiser):
    response = client.post(ADD, add_form(petition))
    assert response.status_code == 200
    assert "A delivery cannot be empty" in response.content.decode()
    assert not Delivery.objects.exists()


def test_the_add_form_offers_a_token_and_the_choices(client, petition, organiser):
    page = client.get(ADD).content.decode()
    assert 'name="token"' in page and 'name="signed_from"' in page and 'name="town"' in page


def test_adding_takes_the_undelivered_signatures_and_says_what_next(client, petition, organiser):
    add_signature(petition, email="a@example.com")
    add_signature(petition, email="b@example.com")
    response = client.post(ADD, add_form(petition), follow=True)
    delivery = Delivery.objects.get()
    assert delivery.signature_count == 2
    assert response.redirect_chain[-1][0] == reverse(
        "admin:petitions_delivery_change", args=[delivery.pk]
    )
    page = response.content.decode()
    assert f"Delivery #{delivery.pk} recorded with 2 signatures" in page
    assert reverse("admin:petitions_delivery_packet", args=[delivery.pk]) in page
    assert AuditEvent.objects.filter(action="delivery_recorded").count() == 1


def test_a_double_click_records_one_delivery(client, petition, organiser):
    add_signature(petition)
    client.post(ADD, add_form(petition))
    again = client.post(ADD, add_form(petition), follow=True)
    assert Delivery.objects.count() == 1
    assert "recorded with 1 signatures" in again.content.decode()


def test_the_choices_narrow_the_signatures(client, petition, organiser):
    add_signature(petition, email="a@example.com", language="es", town="Hartford")
    add_signature(petition, email="b@example.com", language="en", town="Hartford")
    add_signature(petition, email="c@example.com", language="es", town="Danbury")
    client.post(ADD, add_form(petition, language="es", town="hartford"))
    assert list(Delivery.objects.get().signatures.values_list("email", flat=True)) == [
        "a@example.com"
    ]


def test_an_organiser_can_cancel_a_planned_delivery_and_its_signatures_are_freed(
    client, petition, organiser
):
    add_signature(petition)
    planned = deliveries.record(petition, Signature.objects.all())
    response = client.post(
        CHANGELIST, {"action": "cancel_planned", "_selected_action": [planned.pk]}, follow=True
    )
    assert response.status_code == 200
    assert not Delivery.objects.exists()
    assert Signature.objects.get().delivery is None
    assert AuditEvent.objects.filter(action="delivery_cancelled").count() == 1


def test_a_delivered_delivery_is_not_cancelled(client, petition, organiser):
    add_signature(petition)
    delivered = deliveries.record(
        petition,
        Signature.objects.all(),
        status=Delivery.Status.DELIVERED,
        delivered_on=datetime.date(2026, 11, 2),
    )
    client.post(CHANGELIST, {"action": "cancel_planned", "_selected_action": [delivered.pk]})
    assert Delivery.objects.filter(pk=delivered.pk).exists()


def test_the_packet_and_count_follow_the_signatures(petition, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path
    a = add_signature(petition)
    delivery = deliveries.record(petition, Signature.objects.all())
    delivery.packet.save("packet.pdf", __import__("io").BytesIO(b"%PDF old"), save=True)
    add_signature(petition)
    deliveries.attach(delivery, Signature.objects.all())
    delivery.refresh_from_db()
    assert (delivery.signature_count, delivery.packet.name) == (2, "")
    lifecycle.invalidate(Signature.objects.filter(pk=a.pk))
    delivery.refresh_from_db()
    assert delivery.signature_count == 1


def test_recording_nothing_raises(petition):
    with pytest.raises(deliveries.EmptyDelivery):
        deliveries.record(petition, Signature.objects.all())


def test_the_announcement_is_a_draft_until_published(petition):
    add_signature(petition)
    delivery = deliveries.record(
        petition,
        Signature.objects.all(),
        status=Delivery.Status.DELIVERED,
        delivered_on=datetime.date(2026, 11, 2),
    )
    update = delivery_update(delivery)
    assert update.is_published is False
    assert not Update.objects.published().filter(pk=update.pk).exists()


def test_a_sent_update_cannot_be_deleted(admin_client, petition):
    signature = add_signature(petition)
    update = Update.objects.create(
        campaign=petition.campaign, petition=petition, title="t", body="b"
    )
    UpdateRecipient.objects.create(update=update, signature=signature, language="en")
    with pytest.raises(ProtectedError):
        update.delete()
    delete = reverse("admin:outreach_update_delete", args=[update.pk])
    assert admin_client.post(delete, {"post": "yes"}).status_code == 403
    assert Update.objects.filter(pk=update.pk).exists()


def test_the_weekly_flow_record_mark_delivered_publish_send_once(
    client, petition, organiser, django_capture_on_commit_callbacks
):
    from django.core import mail

    add_signature(petition, email="ana@example.com", language="es", updates_opt_in=True)
    add_signature(petition, email="bob@example.com", updates_opt_in=True)
    client.post(ADD, add_form(petition))
    delivery = Delivery.objects.get()
    change = reverse("admin:petitions_delivery_change", args=[delivery.pk])
    marked = {
        "status": "delivered",
        "delivered_on": "2026-11-24",
        "recipient_en": "Connecticut General Assembly",
        "recipient_es": "Asamblea General de Connecticut",
        "place": "Legislative Office Building, Hartford",
        "delivered_by": "Ana",
        "method": "hand",
        "notes": "",
        "_announce": "1",
    }
    response = client.post(change, marked)
    update = Update.objects.get(delivery=delivery)
    assert response.url == reverse("admin:outreach_update_change", args=[update.pk])
    assert not update.is_published and mail.outbox == []
    assert AuditEvent.objects.filter(action="delivery_marked").count() == 1
    form = {
        "campaign": petition.campaign.pk,
        "petition": petition.pk,
        "published_on": "2026-11-24",
        "date_precision": "day",
        "title_en": update.title_en,
        "title_es": update.title_es,
        "body_en": update.body_en,
        "body_es": update.body_es,
        "source_url": "",
        "_publish_send": "1",
    }
    page = client.post(reverse("admin:outreach_update_change", args=[update.pk]), form)
    assert page.status_code == 200 and "Yes, send the emails" in page.content.decode()
    update.refresh_from_db()
    assert update.is_published
    confirm = {"action": "send_to_signers", "_selected_action": [update.pk], "confirmed": "yes"}
    for _ in range(2):  # a double click on "Yes, send the emails"
        with django_capture_on_commit_callbacks(execute=True):
            client.post(reverse("admin:outreach_update_changelist"), confirm)
    assert sorted(m.to[0] for m in mail.outbox) == ["ana@example.com", "bob@example.com"]


def test_an_empty_recipient_is_the_petitions_target(client, petition, organiser):
    add_signature(petition)
    form = add_form(petition, recipient_en="", recipient_es="")
    client.post(ADD, form)
    delivery = Delivery.objects.get()
    assert (delivery.recipient_en, delivery.recipient_es) == (
        petition.target_en,
        petition.target_es,
    )

"""A delivered delivery is announced on the petition page and by email, in each language."""

import datetime

import pytest
from django.contrib.auth.models import User
from django.core import mail
from django.urls import reverse

from outreach.announce import CannotSend
from outreach.delivery_news import announce_delivery
from outreach.models import Update
from petitions import deliveries, lifecycle
from petitions.models import Delivery, Signature
from tests.campaign_helpers import signer
from tests.conftest import petition_url
from tests.staff_helpers import log_in_staff


def _delivered(petition, **fields):
    return deliveries.record(
        petition,
        Signature.objects.all(),
        status=Delivery.Status.DELIVERED,
        delivered_on=datetime.date(2018, 4, 5),
        **fields,
    )


@pytest.fixture
def signers(petition):
    signer(petition, "ana@example.com", "es")
    signer(petition, "bob@example.com", "en")
    signer(petition, "quiet@example.com", "en", updates_opt_in=False)
    lifecycle.recount(petition)


def test_the_recipient_defaults_to_the_target_in_each_language(client, petition, signers):
    delivery = _delivered(petition)
    assert delivery.recipient_en == "Connecticut General Assembly"
    assert delivery.recipient_es == "Asamblea General de Connecticut"
    page = " ".join(client.get(petition_url("es")).content.decode().split())
    assert (
        "Entregada en persona el 5 de abril de 2018 "
        "(destinatario: Asamblea General de Connecticut): 3 firmas"
    ) in page


def test_announcing_writes_the_update_in_both_languages_and_emails_each_signer_in_theirs(
    petition, signers, django_capture_on_commit_callbacks
):
    delivery = _delivered(petition, place="Legislative Office Building, Hartford")
    with django_capture_on_commit_callbacks(execute=True):
        assert announce_delivery(delivery) == 2
    update = Update.objects.get(delivery=delivery)
    assert update.title_en == "3 signatures delivered (Connecticut General Assembly)"
    assert update.title_es == "Se entregaron 3 firmas (Asamblea General de Connecticut)"
    assert update.body_en.startswith("On April 5, 2018 we delivered 3 signatures by hand.")
    assert update.body_es.startswith("El 5 de abril de 2018 entregamos 3 firmas en persona.")
    assert "Destinatario: Asamblea General de Connecticut" in update.body_es
    assert "Legislative Office Building" in update.body_es
    by_address = {message.to[0]: message for message in mail.outbox}
    assert set(by_address) == {"ana@example.com", "bob@example.com"}
    assert "Se entregaron 3 firmas" in by_address["ana@example.com"].subject
    assert "3 signatures delivered" in by_address["bob@example.com"].subject


def test_only_the_signers_in_that_delivery_hear_about_it(
    petition, signers, django_capture_on_commit_callbacks
):
    first = _delivered(petition)
    later = signer(petition, "later@example.com", "es")
    lifecycle.recount(petition)
    second = _delivered(petition)
    assert list(second.signatures.all()) == [later]
    with django_capture_on_commit_callbacks(execute=True):
        assert announce_delivery(second) == 1
    assert [message.to for message in mail.outbox] == [["later@example.com"]]
    with django_capture_on_commit_callbacks(execute=True):
        assert announce_delivery(first) == 2
    assert len(mail.outbox) == 3


def test_announcing_twice_writes_one_update_and_emails_nobody_twice(
    petition, signers, django_capture_on_commit_callbacks
):
    delivery = _delivered(petition)
    with django_capture_on_commit_callbacks(execute=True):
        announce_delivery(delivery)
    with django_capture_on_commit_callbacks(execute=True):
        assert announce_delivery(delivery) == 0
    assert Update.objects.filter(delivery=delivery).count() == 1
    assert len(mail.outbox) == 2


def test_a_planned_delivery_cannot_be_announced(petition, signers):
    delivery = deliveries.record(petition, Signature.objects.all())
    with pytest.raises(CannotSend):
        announce_delivery(delivery)
    assert not Update.objects.filter(delivery=delivery).exists()
    assert mail.outbox == []


def test_the_admin_writes_the_announcement_for_review_then_sends_it(
    client, petition, signers, django_capture_on_commit_callbacks
):
    delivery = _delivered(petition)
    log_in_staff(client, User.objects.create_superuser("admin", password="x"))
    response = client.post(
        reverse("admin:petitions_delivery_changelist"),
        {"action": "announce", "_selected_action": [delivery.pk]},
    )
    update = Update.objects.get(delivery=delivery)
    assert response.status_code == 302
    assert response["Location"].endswith(f"/admin/outreach/update/?id__in={update.pk}")
    assert mail.outbox == []  # nothing leaves before the organiser has read it
    review = client.get(response["Location"]).content.decode()
    assert "3 signatures delivered (Connecticut General Assembly)" in review
    # A draft: not on the public page, and not sendable, until an organiser publishes it.
    assert "Se entregaron 3 firmas" not in client.get(petition_url("es")).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("admin:outreach_update_changelist"),
            {"action": "send_to_signers", "_selected_action": [update.pk], "confirmed": "yes"},
        )
    assert mail.outbox == [] and not update.recipients.exists()
    client.post(
        reverse("admin:outreach_update_changelist"),
        {"action": "publish", "_selected_action": [update.pk]},
    )
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("admin:outreach_update_changelist"),
            {"action": "send_to_signers", "_selected_action": [update.pk], "confirmed": "yes"},
        )
    assert len(mail.outbox) == 2
    page = client.get(petition_url("es")).content.decode()
    assert "Se entregaron 3 firmas (Asamblea General de Connecticut)" in page
    assert "Gracias a todas las personas que firmaron." in page

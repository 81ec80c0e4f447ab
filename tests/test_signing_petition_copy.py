"""Signing uses a copy of the petition a few seconds old (petitions/open_petitions.py); what the
signer gets must still follow the petition as the database has it at that moment."""

from datetime import timedelta

from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from core.models import EmailJob
from core.outbox import Worker
from petitions import lifecycle
from petitions.models import Petition, Signature
from tests.conftest import petition_url
from tests.signature_helpers import second_signer, stored_count
from tests.trust_helpers import post


def test_a_second_signer_does_not_read_the_petition_again(client, petition, sign_data):
    assert client.post(petition_url("en"), sign_data).status_code == 302
    with CaptureQueriesContext(connection) as queries:
        assert client.post(petition_url("en"), second_signer(sign_data)).status_code == 302
    reads = [q["sql"] for q in queries if q["sql"].startswith("SELECT") and "petition" in q["sql"]]
    assert reads == []
    assert stored_count(petition) == 2


def test_closed_since_the_copy_was_read_stores_nothing(client, petition, sign_data):
    assert client.post(petition_url("es"), sign_data).status_code == 302
    Petition.objects.filter(pk=petition.pk).update(status=Petition.Status.CLOSED)
    response = client.post(petition_url("es"), second_signer(sign_data))
    assert response.status_code == 409
    assert "Esta petición está cerrada y ya no acepta firmas." in response.content.decode()
    assert list(Signature.objects.values_list("email", flat=True)) == ["jose@example.com"]
    assert stored_count(petition) == 1


def test_past_a_closing_date_set_since_the_copy_stores_nothing(client, petition, sign_data):
    assert client.post(petition_url("en"), sign_data).status_code == 302
    closed = timezone.now() - timedelta(minutes=1)
    Petition.objects.filter(pk=petition.pk).update(closes_at=closed)
    assert client.post(petition_url("en"), second_signer(sign_data)).status_code == 409
    assert Signature.objects.count() == 1
    assert stored_count(petition) == 1


def test_made_a_draft_since_the_copy_is_not_found(client, petition, sign_data):
    assert client.post(petition_url("en"), sign_data).status_code == 302
    Petition.objects.filter(pk=petition.pk).update(status=Petition.Status.DRAFT)
    assert client.post(petition_url("en"), second_signer(sign_data)).status_code == 404
    assert Signature.objects.count() == 1


def test_reopened_since_the_copy_said_closed_takes_the_signature(client, petition, sign_data):
    Petition.objects.filter(pk=petition.pk).update(status=Petition.Status.CLOSED)
    assert client.post(petition_url("en"), sign_data).status_code == 409
    Petition.objects.filter(pk=petition.pk).update(status=Petition.Status.OPEN)
    assert client.post(petition_url("en"), sign_data).status_code == 302
    assert stored_count(petition) == 1


def test_confirmation_required_since_the_copy_is_followed(client, petition, sign_data):
    post(client, petition_url("en"), sign_data)
    petition.refresh_from_db()
    petition.requires_confirmation = True
    lifecycle.save_petition(petition)  # as the admin does: the count follows the new rule
    response = post(client, petition_url("es"), second_signer(sign_data), follow=True)
    assert "Ya casi está" in response.content.decode()
    second = Signature.objects.get(email="second@example.com")
    assert second.confirmed_at is None
    assert stored_count(petition) == Signature.objects.counted().count() == 0
    assert mail.outbox[-1].subject.startswith("Por favor, confirme su firma")


def test_a_signature_withdrawn_before_the_worker_runs_gets_no_receipt(
    client, petition, sign_data, settings
):
    from petitions import lifecycle

    settings.TASKS_BACKEND = "database"
    assert client.post(petition_url("en"), sign_data).status_code == 302
    lifecycle.withdraw(Signature.objects.get().pk)
    Worker().run_due()
    assert mail.outbox == []
    assert EmailJob.objects.get().status == EmailJob.SKIPPED

"""With the worker's queue, a signature and its email job commit together, in one transaction."""

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core.models import EmailJob
from core.outbox import Worker
from petitions import lifecycle, signing
from petitions.models import Petition, Signature
from tests.conftest import petition_url


@pytest.fixture
def database_queue(settings):
    settings.TASKS_BACKEND = "database"


def _data(sign_data):
    fields = {k: v for k, v in sign_data.items() if k != "started"}  # the form's, not the model's
    return {**fields, "public": True, "town": "Hartford", "state": "CT", "comment": ""}


def test_the_receipt_job_is_written_in_the_signature_transaction(
    petition, sign_data, database_queue, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks() as callbacks:
        signature, created = signing.sign(petition, _data(sign_data), language="es", notify=True)
    assert created
    assert callbacks == []  # nothing left for after the commit
    job = EmailJob.objects.get()
    assert (job.kind, job.signature_id, job.update_id) == ("receipt", signature.pk, None)
    assert mail.outbox == []  # the worker sends it, not the request
    Worker().run_due()  # what the worker does with the stored job
    assert [message.to for message in mail.outbox] == [["jose@example.com"]]
    assert mail.outbox[0].extra_headers["Message-ID"] == job.message_id_header
    job.refresh_from_db()
    assert (job.status, job.attempts) == (EmailJob.SENT, 1)
    assert "Gracias por firmar" in mail.outbox[0].body


def test_a_rolled_back_signature_leaves_no_email_job(
    petition, sign_data, database_queue, monkeypatch
):
    def broken_counter(deltas):
        raise RuntimeError("the database went away")

    monkeypatch.setattr(lifecycle, "_move", broken_counter)
    with pytest.raises(RuntimeError):
        signing.sign(petition, _data(sign_data), language="en", notify=True)
    assert not Signature.objects.exists()
    assert not EmailJob.objects.exists()
    assert Petition.objects.get(pk=petition.pk).signature_count == 0


def test_signing_through_the_page_commits_once(client, petition, sign_data, database_queue):
    """The signature, its email job and the count: one transaction, so one commit to wait for."""
    with CaptureQueriesContext(connection) as queries:
        response = client.post(petition_url("en"), sign_data)
    assert response.status_code == 302
    # On PostgreSQL the writes go in one round trip (lifecycle._store_and_count): statements
    # separated by "; ", the row and its job in one of them.
    statements = [part for q in queries for part in q["sql"].split("; ")]
    writes = [s for s in statements if s.startswith(("INSERT", "UPDATE", "WITH"))]
    assert sum(w.count("INSERT INTO petitions_signature ") for w in writes) == 1
    assert sum(w.count(f"INSERT INTO {EmailJob._meta.db_table} ") for w in writes) == 1
    counter = [w for w in writes if w.startswith("UPDATE")]
    assert counter == [writes[-1]]  # the counter last, once
    assert "petitions_petition " in counter[0] or "petitions_countshard " in counter[0]
    assert Petition.objects.get(pk=petition.pk).signature_count == 1
    assert EmailJob.objects.count() == 1

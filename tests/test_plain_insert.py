"""core/plain_insert.py stores a row exactly as the ORM's save() would, on SQLite and PostgreSQL,
and refuses models whose save() does more than store the row."""

import pytest
from django.db import IntegrityError, transaction
from django.db.models.signals import post_save

from core.models import EmailJob
from core.plain_insert import PlainInsert
from petitions.models import Petition, Signature


def _row(model, pk):
    return model.objects.filter(pk=pk).values().get()


def _signature(petition, email):
    return Signature(
        petition=petition,
        first_name="José María",
        last_name="Nuñez-Ortiz",
        email=email,
        postal_code="06106",
        town="Hartford",
        state="CT",
        comment='=HYPERLINK("http://x") <script>',
        public=True,
        language="es",
        ip_hash="a" * 64,
        user_agent="Mozilla/5.0",
        name_key="jose maria nunez ortiz",
    )


@pytest.mark.django_db
def test_a_signature_is_stored_as_save_would_store_it(petition):
    plain = _signature(petition, "  Jose@Example.ORG ")
    orm = _signature(petition, "other@example.org")
    orm.signed_at, orm.link_key = plain.signed_at, "k" * 22  # the two differ only there
    PlainInsert(Signature).save(plain)
    orm.save()
    assert plain.pk and not plain._state.adding and plain._state.db == "default"
    stored, expected = _row(Signature, plain.pk), _row(Signature, orm.pk)
    assert stored.pop("email") == "jose@example.org"  # the field's own normalising
    assert stored.pop("link_key") == plain.link_key  # the default made with the instance
    expected.pop("email"), expected.pop("link_key")
    assert stored.pop("id") != expected.pop("id")
    assert stored == expected


@pytest.mark.django_db
def test_an_email_job_is_stored_with_its_defaults():
    job = EmailJob(kind="receipt", signature_id=7)
    PlainInsert(EmailJob).save(job)
    stored = EmailJob.objects.get(pk=job.pk)
    assert (stored.kind, stored.signature_id, stored.status) == ("receipt", 7, EmailJob.QUEUED)
    assert stored.message_id == job.message_id and stored.due_at == job.due_at


@pytest.mark.django_db
def test_the_unique_constraints_hold(petition):
    PlainInsert(Signature).save(_signature(petition, "same@example.org"))
    again = _signature(petition, "same@example.org")
    with pytest.raises(IntegrityError), transaction.atomic():
        PlainInsert(Signature).save(again)
    assert again.pk is None and again._state.adding


def test_a_model_whose_save_does_more_is_refused():
    with pytest.raises(ValueError, match="overrides save"):
        PlainInsert(Petition)


@pytest.mark.django_db
def test_a_model_with_save_signals_is_refused():
    def receiver(**kwargs):
        pass

    post_save.connect(receiver, sender=EmailJob)
    try:
        with pytest.raises(ValueError, match="signals"):
            PlainInsert(EmailJob)
    finally:
        post_save.disconnect(receiver, sender=EmailJob)
    assert PlainInsert(EmailJob).model is EmailJob  # without the receiver it is fine again

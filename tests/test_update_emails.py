"""An update reaches exactly the opted-in, counted signers, each in their language, only once."""

import datetime

import pytest
from django.core import mail
from django.db import IntegrityError
from django.utils import timezone

from outreach import announce
from outreach.models import Update, UpdateRecipient
from petitions import lifecycle
from tests.campaign_helpers import signer, update


@pytest.fixture
def send(django_capture_on_commit_callbacks):
    """Send as the admin does: the task runs once the transaction commits."""

    def _send(news):
        with django_capture_on_commit_callbacks(execute=True):
            return announce.send_update(news)

    return _send


@pytest.fixture
def news(petition):
    return Update.objects.create(
        campaign=petition.campaign,
        petition=petition,
        published_on=datetime.date(2025, 3, 1),
        title_en="Signatures delivered to the Capitol",
        title_es="Firmas entregadas en el Capitolio",
        body_en="We handed 1,204 signatures to the Judiciary Committee.",
        body_es="Entregamos 1,204 firmas al Comité Judicial.",
    )


@pytest.fixture
def signers(petition):
    now = timezone.now()
    return {
        "en": signer(petition, "ann@example.com", "en"),
        "es": signer(petition, "beto@example.com", "es"),
        "no_opt_in": signer(petition, "carl@example.com", "en", updates_opt_in=False),
        "invalid": signer(petition, "dina@example.com", "es", invalidated_at=now),
        "withdrawn": signer(petition, "ed@example.com", "en", withdrawn_at=now),
        "paper_no_email": signer(petition, "", "es", source="paper"),
    }


def test_reaches_exactly_the_opted_in_counted_signers_each_in_their_language(
    petition, news, signers, send
):
    assert send(news) == 2
    by_address = {m.to[0]: m for m in mail.outbox}
    assert sorted(by_address) == ["ann@example.com", "beto@example.com"]
    english, spanish = by_address["ann@example.com"], by_address["beto@example.com"]
    assert english.subject == "Update: Signatures delivered to the Capitol"
    assert "We handed 1,204 signatures" in english.body
    assert "Hello Ann," in english.body
    assert "http://127.0.0.1:8000/en/petitions/trust-act-2018/" in english.body
    assert spanish.subject == "Novedades: Firmas entregadas en el Capitolio"
    assert "Entregamos 1,204 firmas" in spanish.body
    assert "Hola, Beto:" in spanish.body
    assert "/es/peticiones/trust-act-2018/" in spanish.body
    html = spanish.alternatives[0][0]
    assert '<html lang="es">' in html
    assert "Dejar de recibir estos correos" in html


def test_each_email_has_a_one_click_unsubscribe_in_the_signers_language(news, signers, send):
    send(news)
    by_address = {m.to[0]: m for m in mail.outbox}
    for address, prefix in (
        ("ann@example.com", "/en/unsubscribe/"),
        ("beto@example.com", "/es/baja/"),
    ):
        message = by_address[address]
        header = message.extra_headers["List-Unsubscribe"]
        assert header.startswith(f"<http://127.0.0.1:8000{prefix}") and header.endswith("/>")
        assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
        assert header[1:-1] in message.body
        assert header[1:-1] in message.alternatives[0][0]
        assert "List-Unsubscribe" in message.message().as_string()


def test_sending_twice_sends_nothing_new(news, signers, send, petition):
    send(news)
    assert len(mail.outbox) == 2
    assert send(news) == 0
    assert len(mail.outbox) == 2
    # a signer who arrives later gets it on the next send, and only they do
    signer(petition, "fay@example.com", "es")
    assert send(news) == 1
    assert [m.to for m in mail.outbox[2:]] == [["fay@example.com"]]
    assert news.recipients.count() == 3


def test_the_database_refuses_a_second_record(news, signers):
    UpdateRecipient.objects.create(update=news, signature=signers["en"], language="en")
    with pytest.raises(IntegrityError):
        UpdateRecipient.objects.create(update=news, signature=signers["en"], language="en")


def test_an_already_recorded_signer_is_skipped_by_the_task(news, signers, send):
    """Two overlapping sends: whoever records the signer first is the only one to email them."""
    UpdateRecipient.objects.create(update=news, signature=signers["en"], language="en")
    send(news)
    assert [m.to for m in mail.outbox] == [["beto@example.com"]]


def test_sending_queues_one_task_and_emails_nobody_before_the_commit(
    news, signers, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        assert announce.send_update(news) == 2
    assert len(callbacks) == 1  # one fan-out task, however many signers
    assert mail.outbox == []
    assert news.recipients.count() == 0
    callbacks[0]()  # the commit: the task runs (inline in tests) and queues one email each
    assert news.recipients.count() == 2


def test_updates_that_cannot_be_sent_say_why(petition, news, send):
    campaign_only = update(petition.campaign, "Timeline item", datetime.date(2025, 1, 1))
    with pytest.raises(announce.CannotSend, match="not about a petition"):
        send(campaign_only)
    news.is_published = False
    with pytest.raises(announce.CannotSend, match="not published"):
        send(news)
    news.is_published = True
    news.body_es = ""
    with pytest.raises(announce.CannotSend, match="Spanish"):
        send(news)
    assert mail.outbox == []


def test_a_signer_who_unsubscribed_gets_nothing(news, signers, send):
    signers["es"].updates_opt_in = False
    signers["es"].save()
    send(news)
    assert [m.to for m in mail.outbox] == [["ann@example.com"]]


def test_unconfirmed_signers_of_a_confirmation_petition_get_nothing(petition, news, signers, send):
    petition.requires_confirmation = True
    lifecycle.save_petition(petition)
    signers["es"].confirmed_at = timezone.now()
    signers["es"].save()
    send(news)
    assert [m.to for m in mail.outbox] == [["beto@example.com"]]


def test_many_signers_in_several_batches_each_get_one_email(petition, news, send, monkeypatch):
    from outreach import announce as module

    monkeypatch.setattr(module, "BATCH", 3)
    for i in range(8):
        signer(petition, f"s{i}@example.com", "es" if i % 2 else "en")
    assert send(news) == 8
    assert sorted(m.to[0] for m in mail.outbox) == sorted(f"s{i}@example.com" for i in range(8))
    assert sum(m.subject.startswith("Novedades:") for m in mail.outbox) == 4


def test_every_update_email_carries_a_withdraw_link_that_works(
    client, petition, django_capture_on_commit_callbacks
):
    """Issue 5: a signer can withdraw from the link in any email, update emails included."""
    import re

    from petitions.models import Signature

    ana = signer(petition, "ana-withdraw@example.com", "es")
    lifecycle.recount(petition)
    news = update(petition.campaign, "Hearing at the Capitol", datetime.date(2018, 3, 1), petition)
    with django_capture_on_commit_callbacks(execute=True):
        announce.send_update(news)
    message = mail.outbox[-1]
    text_link = re.search(r"https?://\S+/retirar/\S+/", message.body).group(0)
    html = message.alternatives[0][0]
    assert text_link in html
    path = text_link.split("://", 1)[1].split("/", 1)[1]
    assert client.get("/" + path).status_code == 200  # a page with a button: nothing changes yet
    assert Signature.objects.get(pk=ana.pk).withdrawn_at is None
    client.post("/" + path)
    assert Signature.objects.get(pk=ana.pk).withdrawn_at is not None

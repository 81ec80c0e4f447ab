"""The email outbox (core/outbox.py): leases taken over from a dead worker, retries with backoff,
a sent mark that stops a second send, ids only in the queue, finished jobs pruned.

The real worker process against a real SMTP server, killed and cut off: test_email_worker.py.
"""

import datetime
import smtplib
from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.utils import timezone

from config.env import parse_durations
from core import outbox
from core.models import EmailJob
from outreach import announce
from outreach.models import Update
from petitions import lifecycle
from petitions.signer_emails import RECEIPT
from tests.campaign_helpers import signer

LEASE = 300


@pytest.fixture
def queue(settings):
    """The production queue: jobs wait for a worker; a short, known retry schedule."""
    settings.TASKS_BACKEND = "database"
    settings.EMAIL_LEASE_SECONDS = LEASE
    settings.EMAIL_RETRY_DELAYS = [60, 300, 900]
    settings.TASK_RETENTION_HOURS = 48


@pytest.fixture
def receipt(petition, queue):
    ana = signer(petition, "ana@example.com", "es")
    lifecycle.recount(petition)
    return outbox.enqueue(RECEIPT, signature_id=ana.pk)


class Server:
    """A stand-in SMTP connection: accepts, or fails with `error`."""

    def __init__(self, error=None):
        self.error = error
        self.sent = []

    def open(self):
        return True

    def close(self):
        pass

    def send_messages(self, messages):
        if self.error:
            raise self.error
        self.sent.extend(messages)
        return len(messages)


def reload(job):
    return EmailJob.objects.get(pk=job.pk)


def test_default_retries_back_off_for_about_a_day():
    from django.conf import settings

    delays = settings.EMAIL_RETRY_DELAYS
    assert delays[:4] == [60, 300, 900, 1800]
    assert delays == sorted(delays)
    assert 22 * 3600 <= sum(delays) <= 25 * 3600


def test_retry_delays_are_read_as_durations():
    assert parse_durations("X", "30s, 5m,1h,90") == [30, 300, 3600, 90]
    for bad in ("", "5 minutes", "1d", "5m,,1h", "-1m"):
        with pytest.raises(ImproperlyConfigured):
            parse_durations("X", bad)


def test_a_failed_send_is_tried_again_after_each_delay_then_given_up(receipt, caplog):
    down = Server(ConnectionRefusedError(111, "Connection refused"))
    for attempt, delay in enumerate([60, 300, 900], start=1):
        job = outbox.claim("w1", now=reload(receipt).due_at)
        assert job.attempts == attempt
        before = timezone.now()
        assert outbox.process(job, down)[0] == outbox.RETRY
        job = reload(receipt)
        assert job.status == EmailJob.QUEUED
        assert job.last_error == "ConnectionRefusedError"
        # due again after the delay (up to 10% later, spreading retries after an outage)
        assert before + timedelta(seconds=delay) <= job.due_at
        assert job.due_at <= timezone.now() + timedelta(seconds=delay * 1.1)
        assert outbox.claim("w1", now=job.due_at - timedelta(seconds=1)) is None  # not before
    job = outbox.claim("w1", now=reload(receipt).due_at)
    assert outbox.process(job, down)[0] == outbox.RETRY  # the 4th try: no delay left
    assert reload(receipt).status == EmailJob.FAILED
    assert "giving up" in caplog.text
    assert outbox.claim("w1", now=timezone.now() + timedelta(days=30)) is None
    assert mail.outbox == []


def test_smtp_reply_codes_are_kept_but_not_the_servers_words(receipt):
    busy = smtplib.SMTPDataError(451, b"4.3.0 <ana@example.com> try again later")
    outbox.process(outbox.claim("w1"), Server(busy))
    assert reload(receipt).last_error == "SMTPDataError 451"


def test_an_address_refused_for_good_is_not_retried(receipt):
    refused = smtplib.SMTPRecipientsRefused({"ana@example.com": (550, b"5.1.1 no such user")})
    assert outbox.process(outbox.claim("w1"), Server(refused))[0] == outbox.FAILED
    job = reload(receipt)
    assert (job.status, job.last_error) == (EmailJob.FAILED, "SMTPRecipientsRefused 550")
    greylisted = smtplib.SMTPRecipientsRefused({"ana@example.com": (450, b"4.2.0 later")})
    assert not outbox.refused_for_good(greylisted)


def test_a_job_whose_worker_died_is_taken_over_when_its_lease_ends(receipt):
    now = timezone.now()
    first = outbox.claim("worker-that-dies", now=now)  # ... and then nothing: kill -9
    assert first.attempts == 1 and first.worker == "worker-that-dies"
    assert outbox.claim("w2", now=now + timedelta(seconds=LEASE - 1)) is None  # still leased
    second = outbox.claim("w2", now=now + timedelta(seconds=LEASE + 1))
    assert (second.pk, second.attempts, second.worker) == (receipt.pk, 2, "w2")
    server = Server()
    assert outbox.process(second, server)[0] == outbox.SENT
    assert [m.to for m in server.sent] == [["ana@example.com"]]
    assert reload(receipt).status == EmailJob.SENT


def test_a_worker_that_lost_its_lease_cannot_mark_the_job(receipt, caplog):
    """The first worker was only slow: the job was taken over; its late mark changes nothing."""
    now = timezone.now()
    slow = outbox.claim("slow", now=now)
    outbox.claim("w2", now=now + timedelta(seconds=LEASE + 1))
    outbox.finish(slow, EmailJob.SENT)
    job = reload(receipt)
    assert (job.status, job.worker) == (EmailJob.QUEUED, "w2")
    assert "another worker took it over" in caplog.text


def test_a_sent_email_is_never_taken_again(receipt):
    server = Server()
    outbox.process(outbox.claim("w1"), server)
    assert outbox.claim("w2", now=timezone.now() + timedelta(days=7)) is None
    assert len(server.sent) == 1


def test_the_one_window_a_duplicate_keeps_the_same_message_id(receipt):
    """The guarantee's limit: the SMTP server accepted the email, and the worker died before the
    sent mark was written. The email goes again after the lease, recognisably the same."""
    server = Server()
    now = timezone.now()
    job = outbox.claim("dies-after-250", now=now)
    message = outbox.HANDLERS[job.kind](job)
    message.extra_headers["Message-ID"] = job.message_id_header
    server.send_messages([message])  # accepted... and the process dies before `finish`
    again = outbox.claim("w2", now=now + timedelta(seconds=LEASE + 1))
    outbox.process(again, server)
    ids = [m.message()["Message-ID"] for m in server.sent]
    assert len(ids) == 2 and ids[0] == ids[1] == receipt.message_id_header
    assert ids[0].endswith("@localhost>") and str(receipt.message_id) in ids[0]


def test_message_ids_are_random_not_counted(petition, queue):
    ana = signer(petition, "ana@example.com", "es")
    first = outbox.enqueue(RECEIPT, signature_id=ana.pk)
    second = outbox.enqueue(RECEIPT, signature_id=ana.pk)
    assert first.message_id != second.message_id
    assert first.message_id.version == 4  # random: nothing in it counts emails or signers
    assert first.message_id_header == f"<{first.message_id}@localhost>"


def test_finished_jobs_are_deleted_after_the_retention_period(receipt, petition):
    old = timezone.now() - timedelta(hours=49)
    recent = timezone.now() - timedelta(hours=47)
    for status, finished_at in [
        (EmailJob.SENT, old),
        (EmailJob.SKIPPED, old),
        (EmailJob.FAILED, old),
        (EmailJob.SENT, recent),
    ]:
        EmailJob.objects.create(kind=RECEIPT, status=status, finished_at=finished_at)
    EmailJob.objects.filter(pk=receipt.pk).update(created_at=old, due_at=old)  # still queued
    assert outbox.prune() == 3
    assert sorted(EmailJob.objects.values_list("status", flat=True)) == ["queued", "sent"]


def test_the_worker_command_sends_what_is_due_and_prunes(receipt, capsys):
    EmailJob.objects.create(
        kind=RECEIPT, status=EmailJob.SENT, finished_at=timezone.now() - timedelta(days=3)
    )
    outbox.Worker().run_due()  # what `email_worker --once` does, but in the test's transaction
    outbox.prune()
    assert [m.to for m in mail.outbox] == [["ana@example.com"]]
    assert list(EmailJob.objects.values_list("status", flat=True)) == [EmailJob.SENT]


def test_the_worker_command_refuses_a_bad_interval():
    from django.core.management.base import CommandError

    with pytest.raises(CommandError):
        call_command("email_worker", "--once", "--interval", "0")


@pytest.fixture
def news(petition):
    return Update.objects.create(
        campaign=petition.campaign,
        petition=petition,
        published_on=datetime.date(2025, 3, 1),
        title_en="Signatures delivered",
        title_es="Firmas entregadas",
        body_en="We handed them over.",
        body_es="Las entregamos.",
    )


def test_update_emails_carry_only_ids_and_are_built_when_sent(petition, news, queue):
    ann = signer(petition, "ann@example.com", "en")
    beto = signer(petition, "beto@example.com", "es")
    cleo = signer(petition, "cleo@example.com", "es")
    lifecycle.recount(petition)
    assert announce.send_update(news) == 3
    fan_out = EmailJob.objects.get(kind=announce.FAN_OUT, update_id=news.pk)
    outbox.run_job(fan_out.pk)  # the fan-out job: one email job per signer, nothing sent yet
    assert mail.outbox == []
    jobs = EmailJob.objects.filter(kind=announce.EMAIL)
    assert sorted(jobs.values_list("signature_id", "update_id")) == [
        (ann.pk, news.pk),
        (beto.pk, news.pk),
        (cleo.pk, news.pk),
    ]
    stored = repr(list(EmailJob.objects.values()))
    for personal in ("ann@", "beto@", "Ann", "Beto", "/baja/", "/retirar/", "Firmas"):
        assert personal not in stored
    # between the fan-out and the send, one signer unsubscribes and one withdraws
    beto.updates_opt_in = False
    beto.save()
    lifecycle.withdraw(cleo.pk)
    outbox.Worker().run_due()
    assert [m.to for m in mail.outbox] == [["ann@example.com"]]
    assert "Hello Ann," in mail.outbox[0].body
    statuses = dict(jobs.values_list("signature_id", "status"))
    assert statuses == {ann.pk: "sent", beto.pk: "skipped", cleo.pk: "skipped"}

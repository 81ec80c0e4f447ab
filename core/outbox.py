"""The email outbox and its worker: an email is never lost, and a retry never sends it twice.

- `enqueue(kind, signature_id=..., update_id=...)` writes one `EmailJob` row (ids only) in the
  current transaction: the job commits or rolls back with what it is about.
- A worker (`manage.py email_worker`) takes the next due job in a short transaction that counts
  the attempt and moves the job's `due_at` to the end of a lease (`EMAIL_LEASE_SECONDS`). A worker
  that dies (kill -9, a lost machine) leaves the job to come due again when the lease ends; the
  next worker takes it.
- The handler registered for the job's kind (by the app that owns it: `register`) builds the
  email from the rows as they are now, or returns None when there is nothing to send any more
  (a withdrawn signer, an unsubscribed one).
- The email goes to the SMTP server with the job's own Message-ID. The moment the server has
  accepted it, the job is marked sent, in its own commit. A failure schedules the next try after
  `EMAIL_RETRY_DELAYS[attempt - 1]` (1 min, 5, 15, 30, 1 h ... about 24 h in all); after the last
  one the job is marked failed and logged as an error. An address the server refuses for good
  (5xx) is not retried.
- Finished jobs are deleted `TASK_RETENTION_HOURS` after they finished.

What this guarantees (README, "Production: the email worker"): each email is handed to the SMTP
server at least once while its retries last, and a retry never resends an email the server has
accepted, except in one window: between the server's "250 accepted" and the commit of the sent
mark (a few milliseconds). A worker that dies exactly then, a connection that breaks after the
server took the message but before its reply arrived, or a database that cannot be written for
several seconds right then, means the email is sent again, with the same Message-ID, so the
duplicate is recognisable (and mail systems that deduplicate by Message-ID drop it). SMTP offers
no way to close that window.
"""

import logging
import os
import random
import signal
import smtplib
import socket
import time
from datetime import timedelta

from django.conf import settings
from django.core.mail import get_connection
from django.db import (
    DatabaseError,
    OperationalError,
    close_old_connections,
    transaction,
)
from django.utils import timezone

from core.models import EmailJob
from core.plain_insert import PlainInsert

logger = logging.getLogger(__name__)

# kind -> build(job): returns the EmailMessage to send now, or None for "nothing to send".
HANDLERS = {}
SENT, SKIPPED, FAILED, RETRY = EmailJob.SENT, EmailJob.SKIPPED, EmailJob.FAILED, "retry"
PRUNE_EVERY = timedelta(minutes=10)


def register(kind, build):
    """Make `build(job)` the builder of the emails of `kind` (called from the owning app)."""
    HANDLERS[kind] = build


def enqueue(kind, *, signature_id=None, update_id=None):
    """Queue one email job in the current transaction (an outbox: it commits or rolls back with
    what it is about). With `TASKS_BACKEND=immediate` it is also sent just after that commit,
    by the same code as the worker's."""
    job = EmailJob(kind=kind, signature_id=signature_id, update_id=update_id)
    JOBS.save(job)
    queued(job)
    return job


def queued(job):
    """After `job` was written in the current transaction, by `enqueue` or by a caller's own
    statement (petitions/lifecycle.py writes a signer's with the signature): with
    `TASKS_BACKEND=immediate`, send it just after the commit."""
    if settings.TASKS_BACKEND == "immediate":
        # robust: a failure is logged, and the job stays queued for a worker
        transaction.on_commit(lambda: run_job(job.pk), robust=True)


# Every signer queues a job: one plain INSERT, not the ORM's save() (core/plain_insert.py).
JOBS = PlainInsert(EmailJob)


def claim(worker_id, *, job_id=None, now=None):
    """Take the next due job (or job `job_id` if it is due) for `worker_id`, for one lease."""
    now = now or timezone.now()
    jobs = EmailJob.objects.due(now)
    if job_id is not None:
        jobs = jobs.filter(pk=job_id)
    with transaction.atomic():
        # PostgreSQL: two workers never wait for each other's row. SQLite: one writer at a time.
        job = jobs.order_by("due_at", "pk").select_for_update(skip_locked=True).first()
        if job is None:
            return None
        job.attempts += 1
        job.worker = worker_id[:100]
        job.due_at = now + timedelta(seconds=settings.EMAIL_LEASE_SECONDS)
        job.save(update_fields=["attempts", "worker", "due_at"])
    return job


def retry_delay(attempts):
    """Seconds to wait after the `attempts`-th failed try; None once the retries are used up."""
    delays = settings.EMAIL_RETRY_DELAYS
    if attempts > len(delays):
        return None
    return delays[attempts - 1]


def describe(exc):
    """What went wrong, without the server's words: the class, and the SMTP code if any."""
    code = getattr(exc, "smtp_code", None)
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        code = ",".join(str(c) for c, _msg in exc.recipients.values())
    return f"{type(exc).__name__} {code}" if code else type(exc).__name__


def refused_for_good(exc):
    """The server refused every recipient with a permanent (5xx) reply: retrying cannot help."""
    return isinstance(exc, smtplib.SMTPRecipientsRefused) and all(
        code >= 500 for code, _msg in exc.recipients.values()
    )


def server_unreachable(exc):
    """No conversation with the server at all (refused, timed out, dropped): not this email's
    fault, so the worker pauses before trying the next one."""
    if isinstance(exc, smtplib.SMTPConnectError | smtplib.SMTPServerDisconnected):
        return True
    return isinstance(exc, OSError) and not isinstance(exc, smtplib.SMTPException)


def _owned(job):
    """The job as long as this worker still holds it (the attempt it claimed is the last)."""
    return EmailJob.objects.filter(pk=job.pk, status=EmailJob.QUEUED, attempts=job.attempts)


def _write(update, tries=5):
    """Run a one-row UPDATE, trying again for a few seconds if the database is busy or gone: the
    sent mark must not be lost over a blip."""
    for attempt in range(tries):
        try:
            return update()
        except OperationalError:
            if attempt == tries - 1:
                raise
            close_old_connections()
            time.sleep(0.2 * 2**attempt)


def finish(job, status, error=""):
    now = timezone.now()
    changed = _write(
        lambda: _owned(job).update(
            status=status, finished_at=now, worker="", last_error=error[:200]
        )
    )
    if not changed:
        logger.warning(
            "Email job %s: its lease had run out and another worker took it over "
            "(EMAIL_LEASE_SECONDS too short for EMAIL_TIMEOUT?)",
            job.pk,
        )


def retry_later(job, error):
    delay = retry_delay(job.attempts)
    if delay is None:
        finish(job, FAILED, error)
        logger.error(
            "Email job %s (%s) failed %d times, giving up: %s",
            job.pk,
            job.kind,
            job.attempts,
            error,
        )
        return
    delay *= random.uniform(1, 1.1)  # noqa: S311 - spread retries after an outage
    due = timezone.now() + timedelta(seconds=delay)
    _write(lambda: _owned(job).update(due_at=due, worker="", last_error=error[:200]))
    logger.warning(
        "Email job %s (%s): try %d failed (%s); next in %d s",
        job.pk,
        job.kind,
        job.attempts,
        error,
        delay,
    )


def process(job, connection):
    """Build and send one claimed job over `connection`. Returns SENT, SKIPPED, FAILED or RETRY
    (with the exception when it is RETRY)."""
    try:
        build = HANDLERS[job.kind]
        message = build(job)
        if message is None:
            finish(job, SKIPPED)
            return SKIPPED, None
        message.extra_headers["Message-ID"] = job.message_id_header
        if not connection.send_messages([message]):
            finish(job, SKIPPED)
            return SKIPPED, None
    except Exception as exc:  # noqa: BLE001 - whatever failed, the job is tried again later
        if refused_for_good(exc):
            finish(job, FAILED, describe(exc))
            logger.error(
                "Email job %s (%s): recipient refused (%s)", job.pk, job.kind, describe(exc)
            )
            return FAILED, exc
        if not isinstance(exc, OSError):
            logger.exception("Email job %s (%s) could not be built or sent", job.pk, job.kind)
        retry_later(job, describe(exc))
        return RETRY, exc
    # The SMTP server has accepted the message: mark it sent at once (README: the guarantee).
    finish(job, SENT)
    return SENT, None


def run_job(job_id):
    """Send job `job_id` now if it is due (TASKS_BACKEND=immediate, after its commit)."""
    job = claim(f"inline:{socket.gethostname()}:{os.getpid()}", job_id=job_id)
    if job is not None:
        connection = get_connection()
        try:
            process(job, connection)
        finally:
            _close(connection)


def prune(now=None):
    """Delete jobs that finished more than TASK_RETENTION_HOURS ago. Returns how many."""
    cutoff = (now or timezone.now()) - timedelta(hours=settings.TASK_RETENTION_HOURS)
    deleted, _by_model = EmailJob.objects.finished().filter(finished_at__lt=cutoff).delete()
    return deleted


def _close(connection):
    try:
        connection.close()
    except Exception:  # noqa: BLE001 - a connection that is already broken is closed enough
        logger.debug("closing the SMTP connection failed", exc_info=True)


class Worker:
    """Takes due jobs one at a time and sends them over one SMTP connection, kept open while
    there is work."""

    def __init__(self, worker_id=None, interval=1.0):
        self.worker_id = worker_id or f"{socket.gethostname()}:{os.getpid()}"
        self.interval = interval
        self.stopping = False
        self.pruned_at = None
        self.counts = dict.fromkeys((SENT, SKIPPED, FAILED, RETRY), 0)

    def stop(self, signum=None, frame=None):
        if self.stopping:  # a second Ctrl+C: stop now
            raise KeyboardInterrupt
        logger.info("Email worker %s stopping after the current email", self.worker_id)
        self.stopping = True

    def run_due(self):
        """Send every due job, one at a time, until none is left. Returns True when the SMTP
        server could not be reached (the caller pauses)."""
        connection = job = None
        try:
            while not self.stopping:
                job = claim(self.worker_id)
                if job is None:
                    return False
                if connection is None:
                    connection = get_connection()
                    connection.open()  # kept open across jobs (closed below)
                outcome, exc = process(job, connection)
                self.counts[outcome] += 1
                if exc is not None:
                    _close(connection)
                    connection = None
                    if server_unreachable(exc):
                        return True
        except OSError as exc:  # opening the connection failed: the job is due again later
            if job is not None:
                retry_later(job, describe(exc))
                self.counts[RETRY] += 1
            return True
        finally:
            if connection is not None:
                _close(connection)
        return False

    def prune_if_due(self):
        now = timezone.now()
        if self.pruned_at is None or now - self.pruned_at >= PRUNE_EVERY:
            deleted = prune(now)
            if deleted:
                logger.info("Deleted %d finished email jobs", deleted)
            self.pruned_at = now

    def run(self, once=False):
        logger.info("Email worker %s started", self.worker_id)
        while not self.stopping:
            close_old_connections()
            try:
                self.prune_if_due()
                unreachable = self.run_due()
            except DatabaseError:
                if once:
                    raise
                # The database went away: whatever was taken comes due again when its lease ends.
                logger.exception("Email worker %s: database error; trying again", self.worker_id)
                self._sleep(max(self.interval, 5))
                continue
            if once:
                return
            # After the server could not be reached, wait before the next email (not each email's
            # own retry: that is in its due time), else poll.
            pause = min(settings.EMAIL_RETRY_DELAYS[0], 60) if unreachable else self.interval
            self._sleep(pause)

    def _sleep(self, seconds):
        end = time.monotonic() + seconds
        while not self.stopping and time.monotonic() < end:
            time.sleep(min(0.1, max(0.0, end - time.monotonic())))

    def handle_signals(self):
        signal.signal(signal.SIGTERM, self.stop)
        signal.signal(signal.SIGINT, self.stop)

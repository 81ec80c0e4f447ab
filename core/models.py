"""Core models: the email outbox, one row per email to send or per batch of emails to queue
(core/outbox.py), the background jobs of organizers (core/jobs.py), and the audit log of who saw
or changed signers' data (core/audit.py)."""

import uuid
from email.utils import parseaddr

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.files import private_storage


class EmailJobQuerySet(models.QuerySet):
    def due(self, now=None):
        """Queued jobs whose time has come: new ones, retries whose wait is over, and jobs whose
        worker's lease ran out (the worker died or hung)."""
        return self.filter(status=EmailJob.QUEUED, due_at__lte=now or timezone.now())

    def finished(self):
        return self.exclude(status=EmailJob.QUEUED)


class EmailJob(models.Model):
    """An email to send, written in the transaction that calls for it, holding only ids.

    The email itself is built when it is sent, from the rows the ids point to as they are then:
    a signer who withdrew or unsubscribed in between gets nothing, and the queue never holds an
    address, a name or a link. `message_id` is the email's Message-ID, the same on every try.
    """

    QUEUED, SENT, SKIPPED, FAILED = "queued", "sent", "skipped", "failed"
    STATUSES = [
        (QUEUED, _("queued")),
        (SENT, _("sent")),
        (SKIPPED, _("nothing to send")),
        (FAILED, _("failed")),
    ]

    kind = models.CharField(_("kind"), max_length=40)
    # Plain ids, not foreign keys: core sits below the apps these rows come from (README,
    # "Layout"), and a deleted signature leaves a job that finds nothing and sends nothing.
    signature_id = models.PositiveBigIntegerField(_("signature id"), null=True, blank=True)
    update_id = models.PositiveBigIntegerField(_("update id"), null=True, blank=True)
    message_id = models.UUIDField(_("message id"), default=uuid.uuid4, editable=False)
    status = models.CharField(_("status"), max_length=10, choices=STATUSES, default=QUEUED)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    # When a worker may take the job: now, after a failed try the end of the wait, while a worker
    # holds it the end of its lease.
    due_at = models.DateTimeField(_("due at"), default=timezone.now)
    attempts = models.PositiveIntegerField(_("attempts"), default=0)
    worker = models.CharField(_("worker"), max_length=100, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    # The exception's class and the SMTP reply code, never the server's words (they may quote
    # the address).
    last_error = models.CharField(_("last error"), max_length=200, blank=True)

    objects = EmailJobQuerySet.as_manager()

    class Meta:
        verbose_name = _("email job")
        verbose_name_plural = _("email jobs")
        indexes = [
            models.Index(
                fields=["due_at", "id"], condition=Q(status="queued"), name="core_emailjob_due"
            ),
            models.Index(
                fields=["finished_at"], condition=~Q(status="queued"), name="core_emailjob_done"
            ),
        ]

    def __str__(self):
        return f"{self.kind} #{self.pk} ({self.status})"

    @property
    def message_id_header(self):
        """`<uuid@domain>`: random, so it says nothing about how many emails there are."""
        domain = parseaddr(settings.DEFAULT_FROM_EMAIL)[1].rpartition("@")[2] or "localhost"
        return f"<{self.message_id}@{domain}>"


class JobQuerySet(models.QuerySet):
    def due(self, now=None):
        """Jobs a worker may take: queued ones, and running ones whose worker's lease ran out
        (it died or hung)."""
        return self.filter(status__in=Job.ACTIVE, due_at__lte=now or timezone.now())

    def active(self):
        return self.filter(status__in=Job.ACTIVE)


class Job(models.Model):
    """A long organizer job (an export, a delivery packet, a paper entry) run by a job worker.

    The row holds what to do as ids and options (the export's filter, format and headings), never
    a signer's details; a paper entry's rows wait in `upload`, a private file deleted when the job
    ends. The result (the exported file, the lines not added) is a private file too, deleted with
    the job `EXPORT_FILE_HOURS` after it finished. Plain ids, not foreign keys: core sits below
    the apps whose rows these are (README, "Layout").
    """

    QUEUED, RUNNING, DONE, FAILED, CANCELLED = "queued", "running", "done", "failed", "cancelled"
    ACTIVE = (QUEUED, RUNNING)
    STATUSES = [
        (QUEUED, _("waiting to start")),
        (RUNNING, _("in progress")),
        (DONE, _("done")),
        (FAILED, _("failed")),
        (CANCELLED, _("cancelled")),
    ]
    # Why a finished job's file is gone.
    EXPIRED, WITHDRAWN = "expired", "withdrawn"

    kind = models.CharField(_("kind"), max_length=40)
    petition_id = models.PositiveIntegerField(_("petition"), null=True, blank=True, db_index=True)
    user_id = models.PositiveIntegerField(_("started by"), null=True, blank=True)
    params = models.JSONField(_("options"), default=dict, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=STATUSES, default=QUEUED)
    done = models.PositiveBigIntegerField(_("done"), default=0)
    total = models.PositiveBigIntegerField(_("total"), null=True, blank=True)
    upload = models.FileField(
        _("rows to enter"), storage=private_storage, upload_to="job-input/", blank=True
    )
    result = models.FileField(
        _("file"), storage=private_storage, upload_to="jobs/%Y/%m/", blank=True
    )
    result_name = models.CharField(_("file name"), max_length=200, blank=True)
    # What a paper entry reports: rows added, and the lines not added with why (line, words).
    summary = models.JSONField(_("summary"), default=dict, blank=True)
    files_deleted = models.CharField(_("file deleted"), max_length=10, blank=True)
    # Set when a signer of this petition withdrew or was anonymised: a job running then is
    # started again, so that its file cannot hold them.
    purged_at = models.DateTimeField(_("signers removed at"), null=True, blank=True)
    # While queued: now. While a worker holds it: the end of its lease, moved on by heartbeats.
    due_at = models.DateTimeField(_("due at"), default=timezone.now)
    attempts = models.PositiveIntegerField(_("attempts"), default=0)
    worker = models.CharField(_("worker"), max_length=100, blank=True)
    # The exception's class, never its words (they may quote a row).
    error = models.CharField(_("error"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    heartbeat_at = models.DateTimeField(_("last heartbeat"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    expires_at = models.DateTimeField(_("deleted after"), null=True, blank=True)

    objects = JobQuerySet.as_manager()

    class Meta:
        verbose_name = _("background job")
        verbose_name_plural = _("background jobs")
        indexes = [
            models.Index(
                fields=["due_at", "id"],
                condition=Q(status__in=("queued", "running")),
                name="core_job_due",
            ),
            models.Index(fields=["expires_at"], name="core_job_expires"),
        ]

    def __str__(self):
        return f"{self.kind} #{self.pk} ({self.status})"

    @property
    def is_active(self):
        return self.status in self.ACTIVE

    @property
    def percent(self):
        if not self.total:
            return 100 if self.status == self.DONE else 0
        return min(100, round(100 * self.done / self.total))


class AuditEventQuerySet(models.QuerySet):
    def older_than(self, moment):
        return self.filter(at__lt=moment)


class AuditEvent(models.Model):
    """One thing a person (or a command) did with signers' data. Never edited: written once by
    `core.audit.record`, read in the admin, deleted only when older than AUDIT_RETENTION_DAYS.

    It holds no signer's personal data: ids, counts, filters and formats, never a name or an
    email address, so that it can be kept after the signers it mentions are gone."""

    class Action(models.TextChoices):
        LOGIN = "login", _("Signed in")
        LOGIN_FAILED = "login_failed", _("Failed sign-in")
        EXPORT = "export", _("Exported signatures")
        PACKET_DOWNLOAD = "packet_download", _("Downloaded a delivery packet")
        JOB_DOWNLOAD = "job_download", _("Downloaded an export file")
        DELIVERY_RECORDED = "delivery_recorded", _("Recorded a delivery")
        DELIVERY_MARKED = "delivery_marked", _("Marked a delivery delivered")
        DELIVERY_CANCELLED = "delivery_cancelled", _("Cancelled a planned delivery")
        PAPER_IMPORT = "paper_import", _("Entered paper signatures")
        INVALIDATE = "invalidate", _("Invalidated signatures")
        RESTORE = "restore", _("Restored signatures")
        DELETE = "delete", _("Deleted signatures")
        UPDATE_SENT = "update_sent", _("Emailed an update to signers")
        SIGNATURE_VIEWED = "signature_viewed", _("Viewed a signature")
        SIGNATURE_CHANGED = "signature_changed", _("Changed a signature")

    at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("who"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # Kept when the account is deleted; "command" for management commands.
    actor_name = models.CharField(_("username"), max_length=150, blank=True)
    address_hash = models.CharField(_("address (keyed hash)"), max_length=64, blank=True)
    action = models.CharField(_("action"), max_length=20, choices=Action.choices, db_index=True)
    petition_id = models.PositiveIntegerField(_("petition"), null=True, blank=True, db_index=True)
    target = models.CharField(_("object"), max_length=200, blank=True)
    details = models.JSONField(_("details"), default=dict, blank=True)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        verbose_name = _("audit log entry")
        verbose_name_plural = _("audit log")
        ordering = ["-at", "-pk"]

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_name} {self.get_action_display()}"

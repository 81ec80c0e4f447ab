"""The email outbox: one row per email to send, or per batch of emails to queue (core/outbox.py)."""

import uuid
from email.utils import parseaddr

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


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

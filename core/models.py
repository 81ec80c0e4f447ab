"""The audit log: who saw or changed signers' data, and when (README, "Audit log")."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


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
        DELIVERY_RECORDED = "delivery_recorded", _("Recorded a delivery")
        DELIVERY_MARKED = "delivery_marked", _("Marked a delivery delivered")
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

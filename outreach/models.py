"""What goes out to the public and to signers beyond the petition itself: a campaign's dated
updates (its timeline), and the record of each update emailed to each signer."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from campaigns.models import Campaign


class UpdateQuerySet(models.QuerySet):
    def published(self):
        return self.filter(is_published=True)

    def timeline(self):
        """Newest first."""
        return self.published().order_by("-published_on", "-pk")


class Update(models.Model):
    """A dated news item of a campaign; with a petition, also an update its signers may receive."""

    class Precision(models.TextChoices):
        DAY = "day", _("Day")
        MONTH = "month", _("Month")
        YEAR = "year", _("Year")

    campaign = models.ForeignKey(
        Campaign,
        verbose_name=_("campaign"),
        related_name="updates",
        on_delete=models.CASCADE,
        blank=True,
        help_text=_("Filled in from the petition when left empty."),
    )
    petition = models.ForeignKey(
        "petitions.Petition",
        verbose_name=_("petition"),
        related_name="updates",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        help_text=_("Set it to show the update on the petition page and to email its signers."),
    )
    delivery = models.OneToOneField(
        "petitions.Delivery",
        verbose_name=_("delivery"),
        related_name="update",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        help_text=_("The delivery this update announces."),
    )
    published_on = models.DateField(_("date"), default=timezone.localdate)
    date_precision = models.CharField(
        _("date shown as"),
        max_length=5,
        choices=Precision.choices,
        default=Precision.DAY,
        help_text=_("For past events known only by month or year."),
    )
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("text"))
    source_url = models.URLField(_("source link"), blank=True)
    is_published = models.BooleanField(_("published"), default=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    objects = UpdateQuerySet.as_manager()

    class Meta:
        verbose_name = _("update")
        verbose_name_plural = _("updates")
        ordering = ["-published_on", "-pk"]
        permissions = [("send_update", _("Can email an update to a petition's signers"))]

    def __str__(self):
        return self.title

    def clean(self):
        super().clean()
        if self.petition_id and not self.campaign_id:
            self.campaign_id = self.petition.campaign_id
        if not self.campaign_id:
            raise ValidationError({"campaign": _("Choose a campaign or a petition.")})
        if self.petition_id and self.petition.campaign_id != self.campaign_id:
            raise ValidationError({"petition": _("This petition belongs to another campaign.")})

    def missing_translations(self):
        """Languages in which the title or text is still empty."""
        return [
            name
            for code, name in settings.LANGUAGES
            if not (getattr(self, f"title_{code}", "") or "").strip()
            or not (getattr(self, f"body_{code}", "") or "").strip()
        ]


class UpdateRecipient(models.Model):
    """One update emailed to one signer: the database refuses a second time."""

    # PROTECT: a sent update cannot be deleted (only hidden), so this record, which stops
    # anyone receiving it twice, outlives any attempt.
    update = models.ForeignKey(
        Update, verbose_name=_("update"), related_name="recipients", on_delete=models.PROTECT
    )
    signature = models.ForeignKey(
        "petitions.Signature",
        verbose_name=_("signature"),
        related_name="update_emails",
        on_delete=models.CASCADE,
    )
    language = models.CharField(_("language"), max_length=2)
    queued_at = models.DateTimeField(_("queued at"), default=timezone.now)

    class Meta:
        verbose_name = _("update recipient")
        verbose_name_plural = _("update recipients")
        constraints = [
            models.UniqueConstraint(
                fields=["update", "signature"], name="one_update_email_per_signature"
            )
        ]

    def __str__(self):
        return f"{self.update_id} → {self.signature_id}"

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class CampaignQuerySet(models.QuerySet):
    def published(self):
        return self.filter(is_published=True)


class Campaign(models.Model):
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    title = models.CharField(_("title"), max_length=200)
    summary = models.TextField(_("summary"), blank=True)
    story = models.TextField(_("story"), blank=True)
    is_published = models.BooleanField(_("published"), default=False)
    organisers = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("organisers"),
        related_name="organised_campaigns",
        blank=True,
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    objects = CampaignQuerySet.as_manager()

    class Meta:
        verbose_name = _("campaign")
        verbose_name_plural = _("campaigns")
        ordering = ["title"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("campaigns:detail", kwargs={"slug": self.slug})


class EventQuerySet(models.QuerySet):
    def upcoming(self, now=None):
        """Not over yet, soonest first. An event without an end is over once its day is."""
        now = now or timezone.now()
        return self.filter(_not_over(now)).order_by("starts_at", "pk")

    def past(self, now=None):
        """Over, most recent first."""
        now = now or timezone.now()
        return self.exclude(_not_over(now)).order_by("-starts_at", "-pk")


def _not_over(now):
    today_start = timezone.localtime(now).replace(hour=0, minute=0, second=0, microsecond=0)
    return Q(ends_at__gte=now) | Q(ends_at__isnull=True, starts_at__gte=today_start)


class Event(models.Model):
    campaign = models.ForeignKey(
        Campaign, verbose_name=_("campaign"), related_name="events", on_delete=models.CASCADE
    )
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    starts_at = models.DateTimeField(
        _("starts at"), help_text=_("Connecticut time (America/New_York).")
    )
    ends_at = models.DateTimeField(_("ends at"), null=True, blank=True)
    all_day = models.BooleanField(
        _("all day"),
        default=False,
        help_text=_("Tick when the time is not known yet: only the date is shown."),
    )
    place = models.CharField(
        _("place"), max_length=200, blank=True, help_text=_("For example: the State Capitol.")
    )
    address = models.CharField(_("address"), max_length=300, blank=True)
    url = models.URLField(_("link"), blank=True)

    objects = EventQuerySet.as_manager()

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")
        ordering = ["-starts_at"]

    def __str__(self):
        return self.title

    def clean(self):
        super().clean()
        if self.starts_at and self.ends_at and self.ends_at < self.starts_at:
            raise ValidationError({"ends_at": _("The end must be after the start.")})

    def get_ics_url(self):
        return reverse(
            "campaigns:event-ics", kwargs={"slug": self.campaign.slug, "event_id": self.pk}
        )


class Partner(models.Model):
    campaign = models.ForeignKey(
        Campaign, verbose_name=_("campaign"), related_name="partners", on_delete=models.CASCADE
    )
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    website = models.URLField(_("website"), blank=True)
    position = models.PositiveSmallIntegerField(
        _("position"), default=0, help_text=_("Partners are listed from low to high.")
    )

    class Meta:
        verbose_name = _("partner organisation")
        verbose_name_plural = _("partner organisations")
        ordering = ["position", "name"]
        constraints = [
            models.UniqueConstraint(fields=["campaign", "name"], name="one_partner_per_name")
        ]

    def __str__(self):
        return self.name


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

    update = models.ForeignKey(
        Update, verbose_name=_("update"), related_name="recipients", on_delete=models.CASCADE
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

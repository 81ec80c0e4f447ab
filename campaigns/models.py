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
        verbose_name=_("organizers"),
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
        verbose_name = _("partner organization")
        verbose_name_plural = _("partner organizations")
        ordering = ["position", "name"]
        constraints = [
            models.UniqueConstraint(fields=["campaign", "name"], name="one_partner_per_name")
        ]

    def __str__(self):
        return self.name

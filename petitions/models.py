from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.db.models.constants import LOOKUP_SEP
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core import tokens
from petitions import goals, us_states
from petitions.fields import NormalisedEmailField

# Rows a petition's count is spread over (CountShard, petitions/lifecycle.py): enough that the
# signers in flight at once (one per worker or thread) rarely pick the same one. With 32, 16
# threads still spent a fifth of PostgreSQL's waits queueing for a shard (bench/, 2 x 8 gthread);
# with 128 one signer in ten meets another on its shard.
COUNT_SHARDS = 128

# Content that must exist in both languages before a petition may open for signing.
REQUIRED_TRANSLATED_FIELDS = ("title", "target", "statement")


class PetitionQuerySet(models.QuerySet):
    def visible(self):
        """What the public may see: every petition but drafts (open ones and closed ones)."""
        return self.exclude(status=Petition.Status.DRAFT)

    def open(self, now=None):
        now = now or timezone.now()
        return (
            self.filter(status=Petition.Status.OPEN)
            .filter(Q(opens_at__isnull=True) | Q(opens_at__lte=now))
            .filter(Q(closes_at__isnull=True) | Q(closes_at__gt=now))
        )


class Petition(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        OPEN = "open", _("Open")
        CLOSED = "closed", _("Closed")

    campaign = models.ForeignKey(
        "campaigns.Campaign",
        verbose_name=_("campaign"),
        related_name="petitions",
        on_delete=models.PROTECT,
    )
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    title = models.CharField(_("title"), max_length=200)
    target = models.CharField(
        _("target"), max_length=200, help_text=_("Who the petition is addressed to (“To:”).")
    )
    statement = models.TextField(_("statement"), help_text=_("The ask, in a few sentences."))
    background = models.TextField(_("why is this important?"), blank=True)
    delivery_plan = models.TextField(_("how it will be delivered"), blank=True)
    goal = models.PositiveIntegerField(
        _("first goal"),
        default=100,
        help_text=_("Raises itself in steps when reached: 100, 250, 500, 1,000, ..."),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    opens_at = models.DateTimeField(_("opens at"), null=True, blank=True)
    closes_at = models.DateTimeField(_("closes at"), null=True, blank=True)
    requires_confirmation = models.BooleanField(
        _("signatures count only once confirmed"), default=False
    )
    state = models.CharField(
        _("state"),
        max_length=2,
        blank=True,
        choices=us_states.STATES,
        help_text=_(
            "The state the petition is about. A signer whose ZIP code is in another state is "
            "asked to confirm it before signing. Empty for a nationwide petition."
        ),
    )
    only_state = models.BooleanField(
        _("only residents of this state may sign"),
        default=False,
        help_text=_("ZIP codes in other states are then refused, with a message that says why."),
    )
    shared_email = models.BooleanField(
        _("two people may sign with one email address"),
        default=False,
        help_text=_(
            "Families often share an address: a second signature with the same email is accepted "
            "when the name is different. The same name again is a repeat."
        ),
    )
    # With the petition's CountShard rows, the count (`signature_count`): kept exact by the
    # database, in the same transaction as every change to what counts (petitions/lifecycle.py).
    count_base = models.IntegerField(_("signatures"), default=0, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = PetitionQuerySet.as_manager()

    class Meta:
        verbose_name = _("petition")
        verbose_name_plural = _("petitions")
        ordering = ["-created_at"]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        """Saving an existing petition never writes the count (`count_base`), and a change of
        whether signatures need confirmation must go through `petitions.lifecycle.save_petition`,
        which recounts under the petition's lock (ValueError otherwise)."""
        if self._state.adding or self.pk is None:
            super().save(*args, **kwargs)
            # Its count's shard rows (petitions/lifecycle.py), there before any signer.
            CountShard.objects.bulk_create(
                [CountShard(petition=self, shard=n) for n in range(COUNT_SHARDS)],
                ignore_conflicts=True,
            )
            return None
        if kwargs.get("update_fields") is not None:
            return super().save(*args, **kwargs)
        loaded = getattr(self, "_loaded_rule", None)
        if loaded is None:  # built in code, not read: ask the database
            loaded = (
                type(self)
                ._base_manager.filter(pk=self.pk)
                .values_list("requires_confirmation", flat=True)
                .first()
            )
        if loaded is not None and loaded != self.requires_confirmation:
            raise ValueError(
                "The counting rule changes through petitions.lifecycle.save_petition()."
            )
        kwargs["update_fields"] = self.editable_field_names()
        return super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("petitions:detail", kwargs={"slug": self.slug})

    @classmethod
    def from_db(cls, db, field_names, values):
        petition = super().from_db(db, field_names, values)
        petition._loaded_rule = petition.__dict__.get("requires_confirmation")
        return petition

    def editable_field_names(self, *, rule=False):
        """The columns an edit saves: never the count (signers raise it while an organiser has
        the form open); the counting rule only through petitions.lifecycle.save_petition."""
        skip = {"count_base"} if rule else {"count_base", "requires_confirmation"}
        return [
            field.name
            for field in self._meta.concrete_fields
            if not field.primary_key and field.name not in skip
        ]

    @property
    def signature_count(self):
        """How many signatures count: `count_base` plus the online signers' shards, read in one
        statement (one snapshot), once per instance (`refresh_from_db` reads it again)."""
        if "_signature_count" not in self.__dict__:
            if self.pk is None:
                return self.count_base
            shards = CountShard.objects.filter(petition=models.OuterRef("pk")).order_by()
            total = shards.values("petition").annotate(n=models.Sum("count")).values("n")
            counted = (
                type(self)
                ._base_manager.filter(pk=self.pk)
                .annotate(n=models.F("count_base") + Coalesce(models.Subquery(total), 0))
                .values_list("n", flat=True)
                .first()
            )
            self.__dict__["_signature_count"] = self.count_base if counted is None else counted
        return self.__dict__["_signature_count"]

    @signature_count.setter
    def signature_count(self, value):
        """What this copy shows (a test's figure, or the count a recount just wrote)."""
        self.__dict__["_signature_count"] = value

    def refresh_from_db(self, *args, **kwargs):
        self.__dict__.pop("_signature_count", None)
        return super().refresh_from_db(*args, **kwargs)

    @property
    def current_goal(self):
        return goals.current_goal(self.signature_count, self.goal)

    @property
    def milestone(self):
        return goals.milestone_reached(self.signature_count, self.goal)

    @property
    def progress_percent(self):
        return min(100, round(100 * self.signature_count / self.current_goal))

    def closed_reason(self, now=None):
        """Why no signature is accepted now, in words for the signer; None when open."""
        now = now or timezone.now()
        if self.status == self.Status.DRAFT:
            return _("This petition is not open for signatures yet.")
        if self.status == self.Status.CLOSED or (self.closes_at and self.closes_at <= now):
            return _("This petition is closed and no longer accepts signatures.")
        if self.opens_at and self.opens_at > now:
            return _("This petition opens for signatures on %(date)s.") % {
                "date": timezone.localtime(self.opens_at).strftime("%Y-%m-%d")
            }
        return None

    def is_accepting_signatures(self, now=None):
        return self.closed_reason(now) is None

    def missing_translations(self):
        """Required content missing in either language, as (field verbose name, language) pairs."""
        missing = []
        for name in REQUIRED_TRANSLATED_FIELDS:
            for code, language in settings.LANGUAGES:
                if not (getattr(self, f"{name}_{code}", "") or "").strip():
                    missing.append((self._meta.get_field(name).verbose_name, language))
        return missing

    def clean(self):
        super().clean()
        if self.status == self.Status.OPEN:
            missing = self.missing_translations()
            if missing:
                raise ValidationError(
                    _(
                        "A petition can only be opened once it is complete in both languages. "
                        "Missing: %(missing)s."
                    )
                    % {"missing": ", ".join(f"{field} ({lang})" for field, lang in missing)}
                )
        if self.only_state and not self.state:
            raise ValidationError({"only_state": _("Choose the state first.")})
        if self.opens_at and self.closes_at and self.closes_at <= self.opens_at:
            raise ValidationError(
                {"closes_at": _("The closing date must be after the opening date.")}
            )


class CountShard(models.Model):
    """A part of a petition's count that online signers add to (petitions/lifecycle.py): each
    signer adds to one of COUNT_SHARDS rows, chosen at random, so that signers do not queue for
    one row's lock. The count is the petition's `count_base` plus its shards."""

    petition = models.ForeignKey(Petition, on_delete=models.CASCADE, related_name="count_shards")
    shard = models.PositiveSmallIntegerField()
    count = models.IntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["petition", "shard"], name="one_row_per_count_shard")
        ]

    def __str__(self):
        return f"{self.petition_id}/{self.shard}: {self.count}"


def _named_fields(q):
    for child in q.children:
        if isinstance(child, Q):
            yield from _named_fields(child)
        else:
            yield child[0].split(LOOKUP_SEP)[0]


def _checks_only(constraint, fields):
    """Whether `constraint` is a check constraint on these fields only."""
    if not isinstance(constraint, models.CheckConstraint):
        return False
    named = set(_named_fields(Q(constraint.condition)))
    return bool(named) and named <= fields


class SignatureQuerySet(models.QuerySet):
    def valid(self):
        """Not invalidated as abuse and not withdrawn by the signer."""
        return self.filter(invalidated_at__isnull=True, withdrawn_at__isnull=True)

    def counted(self):
        """What the petition's count is made of. THE rule, in SQL; `Signature.counts_under` is
        the same rule in Python (tests/test_lifecycle_rule.py checks that they agree)."""
        return self.valid().filter(
            Q(confirmed_at__isnull=False) | Q(petition__requires_confirmation=False)
        )

    def public(self):
        return self.counted().filter(public=True)

    def undelivered(self):
        """In no delivery yet: what "since the last delivery" exports and a delivery takes."""
        return self.filter(delivery__isnull=True)


class Signature(models.Model):
    class Language(models.TextChoices):
        EN = "en", _("English")
        ES = "es", _("Spanish")

    class Source(models.TextChoices):
        ONLINE = "online", _("Online")
        PAPER = "paper", _("Paper")
        MOVEON = "moveon", _("MoveOn import")
        ACTIONNETWORK = "actionnetwork", _("Action Network import")

    petition = models.ForeignKey(
        Petition, verbose_name=_("petition"), related_name="signatures", on_delete=models.PROTECT
    )
    first_name = models.CharField(_("first name"), max_length=100)
    last_name = models.CharField(_("last name"), max_length=100)
    email = NormalisedEmailField(_("email"), max_length=254, blank=True)
    postal_code = models.CharField(_("ZIP code"), max_length=10)
    town = models.CharField(_("town"), max_length=100, blank=True)
    state = models.CharField(_("state"), max_length=2, blank=True)
    comment = models.TextField(_("comment"), blank=True)
    public = models.BooleanField(_("show name publicly"), default=False)
    updates_opt_in = models.BooleanField(_("wants updates by email"), default=False)
    language = models.CharField(_("language"), max_length=2, choices=Language.choices)
    source = models.CharField(
        _("source"), max_length=13, choices=Source.choices, default=Source.ONLINE
    )
    signed_at = models.DateTimeField(_("signed at"), default=timezone.now)
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    invalidated_at = models.DateTimeField(_("invalidated at"), null=True, blank=True)
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)
    # For abuse review: a keyed hash of the IP (never the IP itself) and the browser's user agent.
    ip_hash = models.CharField(_("IP hash"), max_length=64, blank=True)
    user_agent = models.CharField(_("user agent"), max_length=300, blank=True)
    # Two people sharing an email address (Petition.shared_email): which of the two this is, and
    # the name compared to tell them apart (lifecycle.name_key).
    email_slot = models.PositiveSmallIntegerField(_("email slot"), default=0, editable=False)
    name_key = models.CharField(_("name key"), max_length=201, blank=True, editable=False)
    # What links in this signer's emails name (core.tokens): random, unlike the id.
    link_key = models.CharField(
        _("link key"), max_length=22, unique=True, default=tokens.new_key, editable=False
    )
    # The delivery that handed this signature over; a signature is in one delivery at most.
    delivery = models.ForeignKey(
        "petitions.Delivery",
        verbose_name=_("delivery"),
        related_name="signatures",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
    )

    objects = SignatureQuerySet.as_manager()

    class Meta:
        verbose_name = _("signature")
        verbose_name_plural = _("signatures")
        ordering = ["-signed_at"]
        constraints = [
            # One signature per petition per (normalised) email and slot, held by the database:
            # slot 0 always, slot 1 for a second person on a petition with `shared_email`
            # (petitions/lifecycle.add). Withdrawn signatures are anonymised to an empty email
            # and drop out of it.
            models.UniqueConstraint(
                fields=["petition", "email", "email_slot"],
                condition=~Q(email=""),
                name="one_signature_per_email_slot",
            ),
            # The same person (email and name) never twice, whatever the slot.
            models.UniqueConstraint(
                fields=["petition", "email", "name_key"],
                condition=~Q(email=""),
                name="one_signature_per_email_and_name",
            ),
            models.CheckConstraint(
                condition=Q(email_slot__in=(0, 1)), name="two_signatures_per_email_at_most"
            ),
        ]
        # With the id, so that the export's order (signed_at, id) is the index's order read
        # backwards: no sort of a million rows.
        indexes = [
            models.Index(fields=["petition", "-signed_at", "-id"], name="signature_recent_id")
        ]

    def __str__(self):
        # No personal detail: this is what the admin's history (LogEntry) keeps of a signature,
        # and it must not outlive a withdrawal or an anonymisation.
        return _("Signature %(id)s") % {"id": self.pk}

    def validate_constraints(self, exclude=None):
        """Django's, without the check constraints on fields left out of this validation (the
        sign form does not set `email_slot`): Django would build and compile a query for each
        only to find the field missing and give up, about a tenth of a signature's CPU time
        (bench/profile_sign.py). The database still enforces them."""
        self._left_out = set(exclude or ())
        try:
            return super().validate_constraints(exclude=exclude)
        finally:
            del self._left_out

    def get_constraints(self):
        left_out = getattr(self, "_left_out", set())
        return [
            (model, [c for c in constraints if not _checks_only(c, left_out)])
            for model, constraints in super().get_constraints()
        ]

    def counts_under(self, requires_confirmation):
        """Whether this signature counts on a petition with this rule: THE rule, in Python, the
        same as `SignatureQuerySet.counted()`."""
        valid = self.invalidated_at is None and self.withdrawn_at is None
        return valid and (self.confirmed_at is not None or not requires_confirmation)

    @property
    def confirmed(self):
        return self.confirmed_at is not None

    @property
    def public_name(self):
        """What the public may see: first name and last initial."""
        initial = self.last_name.strip()[:1]
        return f"{self.first_name} {initial}." if initial else self.first_name


class DeliveryQuerySet(models.QuerySet):
    def delivered(self):
        return self.filter(status=Delivery.Status.DELIVERED).order_by("delivered_on", "pk")


class Delivery(models.Model):
    """Signatures of a petition handed over to its target, e.g. by hand at the General Assembly."""

    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        DELIVERED = "delivered", _("Delivered")

    class Method(models.TextChoices):
        BY_HAND = "hand", _("by hand")
        BY_MAIL = "mail", _("by mail")
        BY_EMAIL = "email", _("by email")
        ONLINE = "online", _("online")

    petition = models.ForeignKey(
        Petition, verbose_name=_("petition"), related_name="deliveries", on_delete=models.PROTECT
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PLANNED
    )
    delivered_on = models.DateField(_("date"), null=True, blank=True)
    recipient = models.CharField(
        _("recipient"),
        max_length=200,
        help_text=_("For example: Connecticut General Assembly — Speaker of the House"),
    )
    place = models.CharField(_("place"), max_length=200, blank=True)
    delivered_by = models.CharField(_("delivered by"), max_length=200, blank=True)
    method = models.CharField(
        _("method"), max_length=10, choices=Method.choices, default=Method.BY_HAND
    )
    notes = models.TextField(_("notes"), blank=True)
    packet = models.FileField(_("packet file"), upload_to="deliveries/%Y/", blank=True)
    # Set once, when the signatures are recorded; kept so public pages never count rows.
    signature_count = models.PositiveIntegerField(_("signatures"), default=0, editable=False)
    # One per form shown: the same form sent twice (a double click) records one delivery.
    # NULL, not "", when there is none: unique, and many deliveries have none.
    request_token = models.CharField(  # noqa: DJ001
        max_length=64, null=True, unique=True, editable=False
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    objects = DeliveryQuerySet.as_manager()

    class Meta:
        verbose_name = _("delivery")
        verbose_name_plural = _("deliveries")
        ordering = ["-created_at"]

    def __str__(self):
        when = self.delivered_on.isoformat() if self.delivered_on else self.get_status_display()
        return f"#{self.pk} {when} · {self.recipient}"

    def clean(self):
        super().clean()
        if self.status == self.Status.DELIVERED and not self.delivered_on:
            raise ValidationError({"delivered_on": _("Please give the date it was delivered.")})


class PetitionDay(models.Model):
    """A petition's figures for one closed day (in Connecticut time), computed once from its
    signatures and kept until a change to that day's signatures deletes it (petitions/rollup.py;
    never written while signing)."""

    petition = models.ForeignKey(Petition, related_name="+", on_delete=models.CASCADE)
    day = models.DateField()
    counted = models.PositiveIntegerField(default=0)  # signatures that count
    undelivered = models.PositiveIntegerField(default=0)  # ... and are in no delivery yet
    by_language = models.JSONField(default=dict)  # {"en": n, ...}, counted ones
    by_town = models.JSONField(default=list)  # [[town, state, n], ...], counted ones

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["petition", "day"], name="one_rollup_per_day")
        ]

    def __str__(self):
        return f"{self.petition_id} {self.day}"


class PetitionDayVersion(models.Model):
    """Moved on by every change to a petition's stored days (petitions/rollup.py): a day
    computed while it moved is not stored."""

    petition = models.OneToOneField(
        Petition, primary_key=True, related_name="+", on_delete=models.CASCADE
    )
    version = models.PositiveBigIntegerField(default=0)

    def __str__(self):
        return f"{self.petition_id} v{self.version}"

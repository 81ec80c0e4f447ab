"""The filters every export shares (CSV, XLSX and PDF, admin and command): what to include."""

import datetime
from dataclasses import dataclass

from django.db.models import Max, Min
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from petitions.models import Signature

ALL = "all"
SINCE_LAST_DELIVERY = "since_last_delivery"
DATE_RANGE = "range"
SCOPES = [
    (ALL, _("All signatures")),
    (SINCE_LAST_DELIVERY, _("Since the last delivery (not yet delivered)")),
    (DATE_RANGE, _("Signed between two dates")),
]


def start_of_day(day):
    """A local date as the aware datetime it begins at."""
    if day is None:
        return None
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


@dataclass(frozen=True)
class ExportFilter:
    """`since_last_delivery` means "in no delivery yet", so a delivery never misses a late
    signature (a paper one entered afterwards, a late confirmation) and never takes one twice.
    Dates are local (America/New_York) days, both included."""

    scope: str = ALL
    date_from: datetime.date | None = None
    date_to: datetime.date | None = None
    language: str = ""

    @property
    def start(self):
        return start_of_day(self.date_from) if self.scope == DATE_RANGE else None

    @property
    def end(self):
        """Exclusive: the start of the day after `date_to`."""
        if self.scope != DATE_RANGE or self.date_to is None:
            return None
        return start_of_day(self.date_to + datetime.timedelta(days=1))

    def apply(self, signatures):
        """Only counted signatures are ever exported: invalidated and withdrawn ones stay out."""
        signatures = signatures.counted()
        if self.scope == SINCE_LAST_DELIVERY:
            signatures = signatures.undelivered()
        if self.start:
            signatures = signatures.filter(signed_at__gte=self.start)
        if self.end:
            signatures = signatures.filter(signed_at__lt=self.end)
        if self.language:
            signatures = signatures.filter(language=self.language)
        return signatures

    def signatures(self, petition):
        return self.apply(Signature.objects.filter(petition=petition))


def period(signatures, start=None, end=None):
    """The period an export covers: the filter's dates, else its first and last signature."""
    if start is None or end is None:
        bounds = signatures.aggregate(first=Min("signed_at"), last=Max("signed_at"))
        start = start or bounds["first"]
        end = end or bounds["last"]
    return start, end

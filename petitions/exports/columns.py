"""The export's columns (DESIGN.md, "Export columns"): one spec that every writer reads.

Each `Column` says what it is called in the CSV header, its heading for people (XLSX), which
`Signature` field it reads and what kind of value that is. The kind says how a field becomes a
cell, once per kind: here in Python (`Column.value`, the model rows of the defusedcsv path and of
XLSX), and in SQL in `petitions.exports.fast_csv` (`sql_cell`, PostgreSQL's COPY and the fast
Python path). A new column is a new line in `COLUMNS`.

Like pretix's exporters: `SignatureRows` yields the header and then the rows; the writers in
`petitions.exports.writers` turn them into CSV or XLSX without holding them in memory.
"""

import datetime
import zoneinfo
from dataclasses import dataclass

from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from petitions.exports.safety import guard
from petitions.models import Signature

CHUNK_SIZE = 2000

# What a column's field holds, and so how it is written.
TEXT = "text"  # typed by a signer (or an organiser): guarded against formulas
CODE = "code"  # one of the model's choices ("en", "paper"): written as stored
FLAG = "flag"  # a boolean field: true / false
IS_SET = "is_set"  # true when the field (a date) is set, else false
MOMENT = "moment"  # a datetime: ISO 8601 in UTC to the second, with Z
DELIVERY = "delivery"  # the delivery, as `str(delivery)`, guarded; '' when none


@dataclass(frozen=True)
class Column:
    name: str  # in the CSV header (DESIGN.md)
    heading: str  # for people (XLSX), translated
    field: str  # the Signature field it reads
    kind: str = TEXT
    width: int | None = None  # in the XLSX, in characters; None: the default

    def value(self, signature):
        """This column's cell for a `Signature` instance (booleans stay booleans, for XLSX)."""
        return self.cell(getattr(signature, self.field))

    def cell(self, value):
        """This column's cell for its field's `value` (for DELIVERY, a Delivery or None)."""
        if self.kind == TEXT:
            return guard(value)
        if self.kind == IS_SET:
            return value is not None
        if self.kind == MOMENT:
            return iso_utc(value)
        if self.kind == DELIVERY:
            return guard(str(value)) if value is not None else ""
        return value  # CODE, FLAG

    def sheet_value(self, signature, languages):
        """This column's cell for people (XLSX): a MOMENT as a naive datetime in Connecticut
        time (the sheet's date format shows it), choices and booleans as words in `languages`,
        text as typed (it is written as text, so it never becomes a formula: no guard needed).
        """
        value = getattr(signature, self.field)
        if self.kind == MOMENT:
            return timezone.localtime(value, CONNECTICUT).replace(tzinfo=None)
        if self.kind in (FLAG, IS_SET):
            value = value if self.kind == FLAG else value is not None
            return words(YES if value else NO, languages)
        if self.kind == CODE:
            label = CHOICES[self.field].get(value)
            return words(label, languages) if label is not None else value
        if self.kind == DELIVERY:
            return str(value) if value is not None else ""
        return value


# Signatures are dated where they are collected: Connecticut (whatever TIME_ZONE says).
CONNECTICUT = zoneinfo.ZoneInfo("America/New_York")
YES, NO = _("Yes"), _("No")
CHOICES = {
    "language": dict(Signature.Language.choices),
    "source": dict(Signature.Source.choices),
}


def words(label, languages):
    """`label` in each of `languages` (the active one when none), joined like the headings."""
    if not languages:
        return str(label)
    texts = []
    for language in languages:
        with translation.override(language):
            texts.append(str(label))
    return " / ".join(dict.fromkeys(texts))


COLUMNS = (
    Column("signed_at", _("Signed at (Connecticut time)"), "signed_at", MOMENT, width=18),
    Column("first_name", _("First name"), "first_name", width=16),
    Column("last_name", _("Last name"), "last_name", width=16),
    Column("email", _("Email"), "email", width=16),
    Column("postal_code", _("ZIP code"), "postal_code", width=16),
    Column("town", _("Town"), "town", width=16),
    Column("state", _("State"), "state", width=16),
    Column("language", _("Language"), "language", CODE),
    Column("comment", _("Comment"), "comment", width=40),
    Column("public", _("Public"), "public", FLAG),
    Column("updates_opt_in", _("Wants updates"), "updates_opt_in", FLAG),
    Column("confirmed", _("Confirmed"), "confirmed_at", IS_SET),
    Column("source", _("Source"), "source", CODE),
    Column("delivery", _("Delivery"), "delivery", DELIVERY),
)
NAMES = tuple(column.name for column in COLUMNS)


def iso_utc(moment):
    return moment.astimezone(datetime.UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


class SignatureRows:
    """Header and rows of a signature export; text a signer typed is guarded against formulas."""

    columns = COLUMNS

    def __init__(self, signatures):
        self.signatures = signatures

    def header(self):
        return list(NAMES)

    def headings(self, languages=None):
        """The headings for people, in the active language or in each of `languages`."""
        if not languages:
            return [str(column.heading) for column in COLUMNS]
        result = []
        for column in COLUMNS:
            words = []
            for language in languages:
                with translation.override(language):
                    words.append(str(column.heading))
            result.append(" / ".join(dict.fromkeys(words)))
        return result

    def queryset(self):
        fields = [column.field for column in COLUMNS]
        return (
            self.signatures.select_related(None)
            .select_related("delivery")
            .only(*fields, "delivery__recipient", "delivery__delivered_on", "delivery__status")
            .order_by("signed_at", "pk")
        )

    def __iter__(self):
        for signature in self.queryset().iterator(chunk_size=CHUNK_SIZE):
            yield self.row(signature)

    def row(self, signature):
        return [column.value(signature) for column in COLUMNS]

    def sheet_rows(self, languages=None):
        """The rows for people (XLSX): see `Column.sheet_value`."""
        for signature in self.queryset().iterator(chunk_size=CHUNK_SIZE):
            yield [column.sheet_value(signature, languages) for column in COLUMNS]

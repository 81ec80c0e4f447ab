"""The export's columns (DESIGN.md, "Export columns"), as a header row and data rows.

Like pretix's exporters: one small class yields the header and then the rows; the writers in
`petitions.exports.writers` turn them into CSV or XLSX without holding them in memory.
"""

import datetime

from django.utils import translation
from django.utils.translation import gettext_lazy as _

from petitions.exports.safety import guard

CHUNK_SIZE = 2000

# (column name in the CSV header, heading for people in the XLSX)
COLUMNS = [
    ("signed_at", _("Signed at (UTC)")),
    ("first_name", _("First name")),
    ("last_name", _("Last name")),
    ("email", _("Email")),
    ("postal_code", _("ZIP code")),
    ("town", _("Town")),
    ("state", _("State")),
    ("language", _("Language")),
    ("comment", _("Comment")),
    ("public", _("Public")),
    ("updates_opt_in", _("Wants updates")),
    ("confirmed", _("Confirmed")),
    ("source", _("Source")),
    ("delivery", _("Delivery")),
]
FIELDS = (
    "signed_at first_name last_name email postal_code town state language comment public "
    "updates_opt_in confirmed_at source delivery"
).split()


def iso_utc(moment):
    return moment.astimezone(datetime.UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


class SignatureRows:
    """Header and rows of a signature export; text a signer typed is guarded against formulas."""

    def __init__(self, signatures):
        self.signatures = signatures

    def header(self):
        return [name for name, _heading in COLUMNS]

    def headings(self, languages=None):
        """The headings for people, in the active language or in each of `languages`."""
        if not languages:
            return [str(heading) for _name, heading in COLUMNS]
        result = []
        for _name, heading in COLUMNS:
            words = []
            for language in languages:
                with translation.override(language):
                    words.append(str(heading))
            result.append(" / ".join(dict.fromkeys(words)))
        return result

    def queryset(self):
        return (
            self.signatures.select_related(None)
            .select_related("delivery")
            .only(*FIELDS, "delivery__recipient", "delivery__delivered_on", "delivery__status")
            .order_by("signed_at", "pk")
        )

    def __iter__(self):
        for signature in self.queryset().iterator(chunk_size=CHUNK_SIZE):
            yield self.row(signature)

    def row(self, s):
        return [
            iso_utc(s.signed_at),
            guard(s.first_name),
            guard(s.last_name),
            guard(s.email),
            guard(s.postal_code),
            guard(s.town),
            guard(s.state),
            s.language,
            guard(s.comment),
            s.public,
            s.updates_opt_in,
            s.confirmed_at is not None,
            s.source,
            guard(str(s.delivery)) if s.delivery_id else "",
        ]

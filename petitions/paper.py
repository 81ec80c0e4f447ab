"""Paper signatures from rallies, entered by organisers as CSV (DESIGN.md's export columns).

Each row is checked like an online signature (names, ZIP → town and state); bad rows are
reported by line and the good ones are kept. Paper signatures are `source=paper`, confirmed by
the organiser who enters them, and count in the total.
"""

import csv
import datetime
import io
import itertools
import re
from dataclasses import dataclass, field

from django import forms
from django.db import transaction
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from petitions import signing
from petitions.exports.columns import NAMES
from petitions.exports.filters import start_of_day
from petitions.exports.safety import unguard
from petitions.forms import SignatureForm
from petitions.models import Signature

REQUIRED_COLUMNS = ("first_name", "last_name", "postal_code")
KNOWN_COLUMNS = set(NAMES)
MAX_ROWS = 10_000
# A background paper entry commits this many rows at a time with its progress (each chunk holds
# the petition's row lock while it adds them: online signers wait at most that long).
CHUNK_ROWS = 50
TRUE_WORDS = {"true", "yes", "y", "1", "x", "sí", "si", "s", "on"}
US_DATE = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")  # MM/DD/YYYY, as US sheets write it


class PaperSignatureForm(SignatureForm):
    """One paper signature: like the sign form, but the email is optional (many sheets have
    none) and the organiser gives the language and the date it was signed.

    No bot checks: an organiser types or uploads these rows, so there is no honeypot to fill and
    no page served to time (the sign form's fill-time check would refuse every row)."""

    bot_checked = False  # typed in by an organiser from a sheet: no fill-time stamp

    language = forms.ChoiceField(label=gettext_lazy("Language"), choices=Signature.Language)
    signed_at = forms.CharField(label=gettext_lazy("Signed at"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email"].required = False
        self.fields["comment"].label = gettext_lazy("Comment")

    def clean(self):
        # Skips SignatureForm.clean, which holds only the bot checks (a test guards this).
        return forms.ModelForm.clean(self)

    def looks_automated(self):
        return False

    def clean_signed_at(self):
        raw = self.cleaned_data.get("signed_at", "").strip()
        if not raw:
            return timezone.now()
        try:
            moment = parse_datetime(raw)
            if moment is None and parse_date(raw):
                moment = start_of_day(parse_date(raw))
            if moment is None and US_DATE.match(raw):  # 11/23/2026, 3/4/2018: month first
                month, day, year = (int(part) for part in US_DATE.match(raw).groups())
                moment = start_of_day(datetime.date(year, month, day))
        except ValueError:  # well formed but no such date or time: 2018-02-30, 2018-03-14T25:00
            moment = None
        if moment is None:
            raise forms.ValidationError(
                _(
                    "the date %(date)s cannot be read: write it as 2018-03-14 or as 03/14/2018 "
                    "(month/day/year)."
                )
                % {"date": raw[:20]},
                code="bad_date",
            )
        if timezone.is_naive(moment):
            moment = timezone.make_aware(moment)
        if moment > timezone.now():
            raise forms.ValidationError(
                _("the date %(date)s is in the future.") % {"date": raw[:20]}, code="future_date"
            )
        return moment


@dataclass
class ImportResult:
    added: int = 0
    errors: list = field(default_factory=list)  # (line number, message)
    header: list = field(default_factory=list)
    rejected: list = field(default_factory=list)  # the rows not added, as read

    def summary(self):
        """What a background job keeps (in its row, deleted with it): counts and the lines not
        added with why. Never the rows themselves."""
        return {"added": self.added, "errors": [list(error) for error in self.errors]}

    def rejected_csv(self):
        """The header and the rows not added, to correct and enter again (and only them)."""
        if not self.rejected:
            return ""
        out = io.StringIO()
        writer = csv.DictWriter(out, fieldnames=self.header, extrasaction="ignore")
        writer.writeheader()
        writer.writerows(self.rejected)
        return out.getvalue()


def decode(raw):
    """Bytes of an uploaded file as text: UTF-8 (with or without BOM), else Windows' Excel
    encoding, which is what "Save as CSV" writes there."""
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return raw.decode("cp1252", errors="replace")


def _as_form_data(row, default_language):
    data = {key: unguard((value or "").strip()) for key, value in row.items() if key}
    data.setdefault("language", default_language)
    data["language"] = (data.get("language") or default_language).lower()
    for name in ("public", "updates_opt_in"):
        data[name] = "on" if data.get(name, "").lower() in TRUE_WORDS else ""
    return data


# What was wrong on a line, said to the organiser holding the sheet (the sign form's own
# messages speak to a signer: "Please enter your first name").
FOR_ORGANISERS = {
    "required": gettext_lazy("missing."),
    "max_length": gettext_lazy("too long (at most %(limit_value)d characters)."),
    "invalid": gettext_lazy("not an email address (like name@example.com)."),
    "unknown_zip": gettext_lazy("%(zip)s is not a US ZIP code we know: check the sheet."),
    "zip_length": gettext_lazy("a ZIP code has 5 digits, like 06106."),
    "invalid_zip": gettext_lazy("not a US ZIP code (5 digits, like 06106)."),
    "invalid_choice": gettext_lazy("must be en or es."),
    "name_characters": gettext_lazy("only letters, spaces, apostrophes, hyphens and periods."),
    "no_letters": gettext_lazy("has no letters."),
    "hidden_characters": gettext_lazy("has invisible or special characters."),
}


def _organiser_message(error):
    words = FOR_ORGANISERS.get(error.code)
    if words is None:
        return " ".join(error.messages)
    try:
        return str(words) % (error.params or {})
    except (KeyError, TypeError, ValueError):
        return str(words)


def _row_errors(form):
    """The line's problems, each as "Label: what is wrong." in the organiser's language."""
    parts = []
    for name, errors in form.errors.as_data().items():
        label = form.fields[name].label if name in form.fields else ""
        message = " ".join(_organiser_message(error) for error in errors)
        parts.append(f"{label}: {message}" if label else message)
    return " ".join(parts)


def add_paper_signature(petition, form, source=Signature.Source.PAPER):
    """Store one valid paper signature, counted. Returns False for an email that already signed.
    `source`: paper, or the site an imported file came from (petitions/imports.py)."""
    data = form.signature_data()
    data["signed_at"] = form.cleaned_data["signed_at"]
    data["confirmed_at"] = timezone.now()
    _signature, created = signing.sign(
        petition, data, language=form.cleaned_data["language"], source=source
    )
    return created


def import_csv(
    petition,
    text,
    *,
    default_language="en",
    source=Signature.Source.PAPER,
    resume=None,
    checkpoint=None,
):
    """Add the valid rows of CSV `text` to `petition`; report the others by line.

    In a background job (petitions/background.py), `checkpoint(rows_read, result)` is called
    after every CHUNK_ROWS rows inside the transaction that added them, so the rows and the mark
    commit together; `resume` (a `summary()` of an earlier, interrupted run) skips the rows it had
    read and carries on from its figures, so no row is added twice.
    """
    result = ImportResult()
    skip = 0
    if resume:
        result.added = resume.get("added", 0)
        result.errors = [tuple(error) for error in resume.get("errors", [])]
        skip = resume.get("rows", 0)
    reader = csv.DictReader(io.StringIO(text))
    header = [name.strip().lstrip("\ufeff").lower() for name in (reader.fieldnames or [])]
    reader.fieldnames = result.header = header
    missing = [name for name in REQUIRED_COLUMNS if name not in header]
    if missing:
        result.errors = [
            (
                1,
                _("The first line must name the columns; missing: %(columns)s.")
                % {"columns": ", ".join(missing)},
            )
        ]
        return result
    rows = _numbered(reader)
    if checkpoint is None:
        _import_rows(petition, rows, result, default_language, source, skip)
        return result
    more = True
    while more:
        with transaction.atomic():
            chunk = itertools.islice(rows, CHUNK_ROWS)
            read, more = _import_rows(petition, chunk, result, default_language, source, skip)
            skip = max(skip, read)
            checkpoint(skip, result)
    return result


def _numbered(reader):
    """(row count, first line, row) for each row of `reader`."""
    line = reader.line_num + 1
    for count, row in enumerate(reader, start=1):
        start_line, line = line, reader.line_num + 1
        yield count, start_line, row


def _import_rows(petition, rows, result, default_language, source, skip):
    """Add `rows` (from `_numbered`) past the first `skip`. Returns the last row count seen and
    whether there may be more (False once none were left or the row limit was reached)."""
    count, seen = 0, False
    for count, start_line, row in rows:
        seen = True
        if count <= skip:
            continue
        if count > MAX_ROWS:
            result.errors.append(
                (
                    start_line,
                    _("Only %(max)d rows can be imported at once; the rest were not read.")
                    % {"max": MAX_ROWS},
                )
            )
            return count, False
        if not any((value or "").strip() for key, value in row.items() if key):
            continue
        error = _add_row(petition, row, default_language, source)
        if error:
            result.errors.append((start_line, error))
            result.rejected.append(row)
        else:
            result.added += 1
    return count, seen


def count_rows(text):
    """How many rows below the header `text` has (a quick look, to choose a background job)."""
    return max(0, sum(1 for _row in csv.reader(io.StringIO(text))) - 1)


def rows_at_lines(text, lines):
    """The header and the rows of `text` that start at these line numbers (the lines not added,
    read again from the file: a background job keeps only their numbers)."""
    wanted = set(lines)
    reader = csv.DictReader(io.StringIO(text))
    header = [name.strip().lstrip("\ufeff").lower() for name in (reader.fieldnames or [])]
    reader.fieldnames = header
    return header, [row for _count, line, row in _numbered(reader) if line in wanted]


def _add_row(petition, row, default_language, source):
    """Add one row; return why not, or None."""
    if None in row:
        return _("This line has more cells than the header.")
    form = PaperSignatureForm(_as_form_data(row, default_language))
    if not form.is_valid():
        return _row_errors(form)
    if not add_paper_signature(petition, form, source):
        return _("This email address has already signed this petition.")
    return None

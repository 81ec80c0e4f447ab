"""Signer exports from other petition sites (MoveOn, Action Network), entered on the same path as
paper signatures (petitions/paper.py): their columns renamed to ours, each row checked like a
paper row, bad lines reported by number, good ones kept, repeated emails (normalised) refused by
the database's one-signature-per-email rule.

The column names below are those of the sites' signer downloads as organisers have sent them to
us; a file whose header names none of a format's columns is refused before anything is stored.
"""

import csv
import io

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from petitions import paper
from petitions.models import Signature

PAPER = "paper"
MOVEON = "moveon"
ACTIONNETWORK = "actionnetwork"

# Our column ← the other site's names for it, the first one present wins.
COLUMNS = {
    MOVEON: {
        "first_name": ("first_name", "firstname", "name"),
        "last_name": ("last_name", "lastname"),
        "email": ("email", "email_address"),
        "postal_code": ("zip", "zip_code", "postal", "postal_code"),
        "town": ("city",),
        "signed_at": ("created_at", "signed_at", "date"),
        "comment": ("comment", "user_comment", "action_comment"),
    },
    ACTIONNETWORK: {
        "first_name": ("first_name",),
        "last_name": ("last_name",),
        "email": ("email",),
        "postal_code": ("zip_code", "can2_user_zip_code", "zip"),
        "town": ("can2_user_city", "city"),
        "signed_at": ("created_date", "created_at"),
        "comment": ("comment", "can2_comment"),
    },
}
SOURCES = {
    PAPER: Signature.Source.PAPER,
    MOVEON: Signature.Source.MOVEON,
    ACTIONNETWORK: Signature.Source.ACTIONNETWORK,
}
FORMAT_CHOICES = (
    (PAPER, gettext_lazy("Our columns (paper sheets, our own export)")),
    (MOVEON, gettext_lazy("MoveOn signer download")),
    (ACTIONNETWORK, gettext_lazy("Action Network signer download")),
)
PREVIEW_ROWS = 5


def _header(text):
    reader = csv.reader(io.StringIO(text))
    return [name.strip().lstrip("\ufeff").lower() for name in next(reader, [])]


def mapping(fmt, header):
    """[(our column, their column)] for the columns this file has, in our order."""
    if fmt == PAPER:
        return [(name, name) for name in header if name in paper.KNOWN_COLUMNS]
    found = []
    for ours, theirs in COLUMNS[fmt].items():
        name = next((name for name in theirs if name in header), None)
        if name is not None:
            found.append((ours, name))
    return found


def _split_name(value):
    """MoveOn's single "name" column: the last word is the last name."""
    parts = value.strip().rsplit(" ", 1)
    return (parts[0], parts[1]) if len(parts) == 2 else (value.strip(), "")


def _clean_date(value):
    """ "2018-03-14 15:20:11 UTC" (Action Network) → "2018-03-14 15:20:11+00:00"."""
    value = value.strip()
    if value.upper().endswith(" UTC"):
        return value[:-4].strip() + "+00:00"
    return value


def as_paper_csv(fmt, text):
    """The file's rows under our column names, one line for each of theirs (so that line numbers
    in errors are the file's own)."""
    if fmt == PAPER:
        return text
    pairs = mapping(fmt, _header(text))
    reader = csv.DictReader(io.StringIO(text))
    reader.fieldnames = [name.strip().lstrip("\ufeff").lower() for name in reader.fieldnames or []]
    out = io.StringIO()
    names = [ours for ours, _theirs in pairs]
    if ("first_name", "name") in pairs and "last_name" not in names:
        names.append("last_name")
    writer = csv.DictWriter(out, fieldnames=names, lineterminator="\n")
    writer.writeheader()
    for row in reader:
        new = {ours: (row.get(theirs) or "") for ours, theirs in pairs}
        if ("first_name", "name") in pairs and "last_name" not in dict(pairs):
            new["first_name"], new["last_name"] = _split_name(new["first_name"])
        if "signed_at" in new:
            new["signed_at"] = _clean_date(new["signed_at"])
        writer.writerow(new)
    return out.getvalue()


def preview(fmt, text, rows=PREVIEW_ROWS):
    """What would be stored, before anything is: the mapping, the first rows under our names,
    and what is missing."""
    pairs = mapping(fmt, _header(text))
    converted = as_paper_csv(fmt, text)
    reader = csv.DictReader(io.StringIO(converted))
    header = reader.fieldnames or []
    first = []
    for row in reader:
        if len(first) >= rows:
            break
        first.append([row.get(name, "") for name in header])
    missing = [name for name in paper.REQUIRED_COLUMNS if name not in header]
    return {"mapping": pairs, "header": header, "rows": first, "missing": missing}


def audit_details(fmt):
    """What the audit log adds for an import: the site it came from (paper entry adds nothing)."""
    return {} if fmt == PAPER else {"format": fmt}


def import_file(petition, fmt, text, *, default_language="en", **resumable):
    """Add the good rows of `text` (in format `fmt`) to `petition`: a paper.ImportResult.
    `resumable`: paper.import_csv's `resume` and `checkpoint`, for a background job."""
    converted = as_paper_csv(fmt, text)
    if fmt != PAPER and not mapping(fmt, _header(text)):
        result = paper.ImportResult()
        result.errors.append(
            (1, _("The first line does not name the columns of this kind of file."))
        )
        return result
    return paper.import_csv(
        petition, converted, default_language=default_language, source=SOURCES[fmt], **resumable
    )

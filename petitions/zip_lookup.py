"""US ZIP codes → town and state, from the `zipcodes` package's data.

`zipcodes.matching` searches the package's own compiled data (a fraction of a millisecond, nothing
loaded into Python); the ZIPs signers use most are remembered. Turning the whole list into Python
dicts instead (`zipcodes.list_all()`) took seconds and about 95 MB in every server process.
"""

import functools
import re
import unicodedata

import zipcodes

# ASCII digits only: what signers type is NFKC-normalised first (clean()), so full-width digits
# (０６１０６) arrive here as 06106.
ZIP_RE = re.compile(r"^([0-9]{5})(?:[-\s]?([0-9]{4}))?$", re.ASCII)
# A ZIP whose leading zero was dropped (as spreadsheets do to every Connecticut ZIP): four digits,
# the first not a zero. "0610" is a digit short of 06106, not 00610 (Añasco, PR): never padded.
DROPPED_ZERO_RE = re.compile(r"^[1-9][0-9]{3}(?:[-\s]?[0-9]{4})?$", re.ASCII)


def clean(value):
    """What was typed, NFKC-normalised (full-width digits and hyphens become ASCII) and trimmed."""
    return unicodedata.normalize("NFKC", value or "").strip()


@functools.lru_cache(maxsize=4096)
def lookup(zip5):
    """The ZIP's record ({'city': ..., 'state': ...}) or None if it does not exist."""
    if not re.fullmatch(r"[0-9]{5}", zip5 or "", re.ASCII):
        return None
    found = zipcodes.matching(zip5)
    return found[0] if found else None


def normalise(value):
    """'06106', '06106-1234', '06106 1234', '6106', '０６１０６' → ('06106' or '06106-1234',
    record), or None when it is not a real ZIP.

    Four digits not starting with 0 are read as a ZIP whose leading zero was dropped, but only when
    that makes a real ZIP.
    """
    value = clean(value)
    if DROPPED_ZERO_RE.match(value):
        value = "0" + value
    match = ZIP_RE.match(value)
    if not match:
        return None
    record = lookup(match.group(1))
    if record is None:
        return None
    plus4 = match.group(2)
    return (f"{match.group(1)}-{plus4}" if plus4 else match.group(1)), record


def looks_like_a_zip(value):
    """Five digits (with or without the +4): a ZIP that may simply not exist."""
    return bool(ZIP_RE.match(clean(value)))


def town_names(record):
    """The names the Postal Service accepts for the ZIP's town, folded for comparison."""
    names = [record.get("city", "")]
    names += list(record.get("acceptable_cities") or []) + list(
        record.get("unacceptable_cities") or []
    )
    return {fold(name) for name in names if name}


def fold(town):
    """'  West   Hartford ', 'WEST HARTFORD', 'Añasco' / 'Anasco': compared without case, accents,
    punctuation or extra spaces."""
    text = unicodedata.normalize("NFKD", town or "")
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = re.sub(r"[^\w]+", " ", text.casefold())
    return " ".join(text.replace("saint ", "st ").split())


def same_town(typed, record):
    return fold(typed) in town_names(record)

"""US ZIP codes → town and state, from the `zipcodes` package's data, indexed once."""

import functools
import re

import zipcodes

ZIP_RE = re.compile(r"^(\d{5})(?:[-\s]?(\d{4}))?$")


@functools.cache
def _index():
    return {entry["zip_code"]: entry for entry in zipcodes.list_all()}


def lookup(zip5):
    """The ZIP's record ({'city': ..., 'state': ...}) or None if it does not exist."""
    return _index().get(zip5)


def normalise(value):
    """'06106', '06106-1234', '06106 1234', '6106' → ('06106' or '06106-1234', record), or None.

    Four digits are read as a ZIP whose leading zero was dropped (as spreadsheets do to every
    Connecticut ZIP), but only when that makes a real ZIP.
    """
    value = (value or "").strip()
    if re.fullmatch(r"\d{4}", value):
        value = "0" + value
    match = ZIP_RE.match(value)
    if not match:
        return None
    record = lookup(match.group(1))
    if record is None:
        return None
    plus4 = match.group(2)
    return (f"{match.group(1)}-{plus4}" if plus4 else match.group(1)), record

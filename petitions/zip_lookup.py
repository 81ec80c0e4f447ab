"""US ZIP codes → town and state, from the `zipcodes` package's data.

`zipcodes.matching` searches the package's own compiled data (a fraction of a millisecond, nothing
loaded into Python); the ZIPs signers use most are remembered. Turning the whole list into Python
dicts instead (`zipcodes.list_all()`) took seconds and about 95 MB in every server process.
"""

import functools
import re

import zipcodes

ZIP_RE = re.compile(r"^(\d{5})(?:[-\s]?(\d{4}))?$")


@functools.lru_cache(maxsize=4096)
def lookup(zip5):
    """The ZIP's record ({'city': ..., 'state': ...}) or None if it does not exist."""
    found = zipcodes.matching(zip5)
    return found[0] if found else None


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

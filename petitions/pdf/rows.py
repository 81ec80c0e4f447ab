"""The signatures a packet prints: read once, cleaned for print, grouped by town, spooled to disk.

A packet may hold a million signatures, so they are never all in memory: `read_rows` streams them
(a queryset in chunks, only the printed columns), and a `Spool` writes each one, ready to draw, to a
temporary file; in memory stay only the counts, and for each town the file offsets and heights of
its signatures (16 bytes a signature).
"""

import marshal
import tempfile
import unicodedata
from array import array
from collections import Counter, namedtuple
from operator import attrgetter

from django.utils.translation import gettext_lazy as _

from petitions.pdf import fonts, words

FIELDS = ("first_name", "last_name", "email", "postal_code", "town", "state", "comment")
Row = namedtuple("Row", (*FIELDS, "language", "signed_at"))

# A comment is printed whole up to this many characters, then cut with an ellipsis: a packet is
# for reading at a legislator's desk, and one 10,000-character comment must not fill ten pages.
COMMENT_LIMIT = 600
CHUNK_SIZE = 2000


def read_rows(signatures, *, comments, emails):
    """Print-ready rows (NFKC text), one at a time, from a queryset or an iterable of Signatures.

    A queryset is read in chunks, in the order signed, and only the columns printed are fetched;
    the email and comment are left out (empty) unless asked for.
    """
    wanted = [
        name for name in FIELDS if (name != "email" or emails) and (name != "comment" or comments)
    ]
    wanted += ["language", "signed_at"]
    if hasattr(signatures, "values_list"):
        query = signatures.order_by("signed_at", "pk").values_list(*wanted)
        source = query.iterator(chunk_size=CHUNK_SIZE)
    else:
        source = map(attrgetter(*wanted), signatures)
    clean = fonts.clean
    at = {name: i for i, name in enumerate(wanted)}
    first, last, postal, town, state = (at[name] for name in FIELDS[:2] + FIELDS[3:6])
    email, comment = at.get("email"), at.get("comment")
    language, signed_at = at["language"], at["signed_at"]
    for values in source:
        yield Row(
            first_name=clean(values[first]),
            last_name=clean(values[last]),
            email=clean(values[email]) if email is not None else "",
            postal_code=clean(values[postal]),
            town=clean(values[town]),
            state=clean(values[state]).upper(),
            comment=(
                " ".join(clean(values[comment], COMMENT_LIMIT).split())
                if comment is not None
                else ""
            ),
            language=values[language],
            signed_at=values[signed_at],
        )


def fold(text):
    """For grouping and sorting: no accents, no case, single spaces ("  BRISTOL" ~ "Bristol")."""
    decomposed = unicodedata.normalize("NFKD", text)
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(bare.casefold().split())


class TownGroup:
    """One town's signatures: where each is in the spool and how tall it prints, in signed order."""

    def __init__(self, town, state):
        self.town, self.state = town, state
        self.spellings = Counter()
        self.offsets = array("q")
        self.heights = array("d")
        self.stamps = array("d")
        self.in_order = True
        self.name = ""

    @property
    def count(self):
        return len(self.offsets)

    def sort(self):
        """Signed order (stable), when the rows did not come in it."""
        if self.in_order:
            return
        order = sorted(range(len(self.stamps)), key=self.stamps.__getitem__)
        self.offsets = array("q", (self.offsets[i] for i in order))
        self.heights = array("d", (self.heights[i] for i in order))
        self.in_order = True


class Spool:
    """Rows written to a temporary file as they are read; grouped by town once all are in.

    `add` takes a row and what to store for it (any marshal-able value) with its printed height;
    `finish` names and sorts the towns; `records(group)` reads a town's stored values back in order.
    """

    def __init__(self):
        self.file = tempfile.TemporaryFile()  # noqa: SIM115 (closed by close())
        self.offset = 0
        self.buckets = {}
        self.total = 0
        self.first = self.last = None
        self.by_language = Counter()
        self.groups = []

    def add(self, row, record, height):
        key = (fold(row.town), row.state)
        group = self.buckets.get(key)
        if group is None:
            group = self.buckets[key] = TownGroup(*key)
        group.spellings[row.town] += 1
        data = marshal.dumps(record)
        self.file.write(len(data).to_bytes(4, "little"))
        self.file.write(data)
        stamp = row.signed_at.timestamp()
        if group.stamps and stamp < group.stamps[-1]:
            group.in_order = False
        group.offsets.append(self.offset)
        group.heights.append(height)
        group.stamps.append(stamp)
        self.offset += 4 + len(data)
        self.total += 1
        self.by_language[row.language] += 1
        if self.first is None or row.signed_at < self.first:
            self.first = row.signed_at
        if self.last is None or row.signed_at > self.last:
            self.last = row.signed_at

    def finish(self, headings):
        """Towns in alphabetical order, town not given last; each named by the spelling most of
        its signers used; each town's signatures in the order they were signed."""
        for (key, state), group in self.buckets.items():
            if key:
                spelling = group.spellings.most_common(1)[0][0]
                group.name = f"{spelling}, {state}" if state else spelling
            else:
                group.name = words.in_languages(headings, _("Town not given"))
            group.sort()
            group.stamps = None
            group.spellings = None
        ordered = sorted(self.buckets.items(), key=lambda item: (not item[0][0], *item[0]))
        self.groups = [group for _key, group in ordered]
        self.buckets = {}
        self.file.flush()
        return self.groups

    def records(self, group):
        """(stored value, height) of each of the town's signatures, in order."""
        file = self.file
        for offset, height in zip(group.offsets, group.heights, strict=True):
            file.seek(offset)
            size = int.from_bytes(file.read(4), "little")
            yield marshal.loads(file.read(size)), height

    def close(self):
        self.file.close()

"""The signatures a packet prints: read once, cleaned for print, grouped by town."""

import unicodedata
from collections import Counter, namedtuple
from dataclasses import dataclass, field
from operator import attrgetter

from django.utils.translation import gettext_lazy as _

from petitions.pdf import fonts, words

FIELDS = ("first_name", "last_name", "email", "postal_code", "town", "state", "comment")
Row = namedtuple("Row", (*FIELDS, "language", "signed_at"))

# A comment is printed whole up to this many characters, then cut with an ellipsis: a packet is
# for reading at a legislator's desk, and one 10,000-character comment must not fill ten pages.
COMMENT_LIMIT = 600


@dataclass
class TownGroup:
    name: str
    rows: list = field(default_factory=list)


def read_rows(signatures, *, comments, emails):
    """Print-ready rows (NFKC text) from a queryset or an iterable of Signatures.

    A queryset is read in chunks and only the columns printed are fetched; the email and comment
    are left out (empty) unless asked for.
    """
    wanted = [
        name for name in FIELDS if (name != "email" or emails) and (name != "comment" or comments)
    ]
    wanted += ["language", "signed_at"]
    if hasattr(signatures, "values_list"):
        source = signatures.order_by().values_list(*wanted).iterator(chunk_size=2000)
    else:
        source = map(attrgetter(*wanted), signatures)
    rows = []
    for values in source:
        data = dict(zip(wanted, values, strict=True))
        rows.append(
            Row(
                first_name=fonts.clean(data["first_name"]),
                last_name=fonts.clean(data["last_name"]),
                email=fonts.clean(data.get("email", "")),
                postal_code=fonts.clean(data["postal_code"]),
                town=fonts.clean(data["town"]),
                state=fonts.clean(data["state"]).upper(),
                comment=" ".join(fonts.clean(data.get("comment", ""), COMMENT_LIMIT).split()),
                language=data["language"],
                signed_at=data["signed_at"],
            )
        )
    return rows


def fold(text):
    """For grouping and sorting: no accents, no case, single spaces ("  BRISTOL" ~ "Bristol")."""
    decomposed = unicodedata.normalize("NFKD", text)
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(bare.casefold().split())


def town_groups(rows, headings):
    """Rows grouped by town (and state), towns in alphabetical order, town not given last.

    Within a town, signatures are in the order they were signed. The group's name is the
    spelling most signers used.
    """
    buckets = {}
    for row in rows:
        buckets.setdefault((fold(row.town), row.state), []).append(row)
    groups = []
    for (key, state), members in buckets.items():
        if key:
            spelling = Counter(row.town for row in members).most_common(1)[0][0]
            name = f"{spelling}, {state}" if state else spelling
        else:
            name = words.in_languages(headings, _("Town not given"))
        members.sort(key=attrgetter("signed_at"))
        groups.append((not key, key, state, TownGroup(name, members)))
    groups.sort(key=lambda item: item[:3])
    return [item[3] for item in groups]

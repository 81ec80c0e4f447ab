"""The signature list's columns, and their header, drawn at the top of every signature page.

Columns: number, name, (email), town, ZIP, date signed, language; the comment, when asked for,
goes on a full-width line under its signer (petitions/pdf/pages.py draws the rows).
"""

from django.utils.translation import gettext_lazy as _
from reportlab.platypus import Paragraph, Table

from petitions.pdf import fonts, layout, words

SIZE = 8
PAD = 3


def columns(*, emails):
    """(label, width in points) for each column; the name takes what is left."""
    cols = [
        ("#", 32),
        (_("Name"), None),
        (_("Email"), 150) if emails else None,
        (_("Town"), 92 if emails else 112),
        (_("ZIP"), 48),
        (_("Signed on"), 58),
        (_("Language"), 50),
    ]
    cols = [c for c in cols if c]
    rest = layout.CONTENT_WIDTH - sum(w for _label, w in cols if w)
    return [(label, w or rest) for label, w in cols]


BASE_STYLE = [
    ("FONT", (0, 0), (-1, -1), fonts.REGULAR, SIZE, SIZE + 2),
    ("VALIGN", (0, 0), (-1, -1), "TOP"),
    ("LEFTPADDING", (0, 0), (-1, -1), PAD),
    ("RIGHTPADDING", (0, 0), (-1, -1), PAD),
    ("TOPPADDING", (0, 0), (-1, -1), 2),
    ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
]


def header_table(styles, *, headings, emails):
    """The column header, drawn at the top of every signature page."""
    cols = columns(emails=emails)
    cells = [Paragraph(words.in_languages(headings, label), styles["head"]) for label, _w in cols]
    return Table(
        [cells],
        colWidths=[w for _label, w in cols],
        style=[*BASE_STYLE, ("BACKGROUND", (0, 0), (-1, -1), layout.LIGHT)],
    )

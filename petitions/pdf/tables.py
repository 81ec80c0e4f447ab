"""The signature list: one column header drawn on every page, then each town as a run of tables.

Columns: number, name, (email), town, ZIP, date signed, language; the comment, when asked for,
goes on a full-width line under its signer. Tables are cut into chunks so that laying out
thousands of rows stays linear.
"""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from reportlab.lib import colors
from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Paragraph, Table

from petitions.pdf import fonts, layout, words

SIZE = 8
PAD = 3
CHUNK = 60  # rows per table


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
    """The column header, drawn by the page template at the top of every signature page."""
    cols = columns(emails=emails)
    cells = [Paragraph(words.in_languages(headings, label), styles["head"]) for label, _w in cols]
    return Table(
        [cells],
        colWidths=[w for _label, w in cols],
        style=[*BASE_STYLE, ("BACKGROUND", (0, 0), (-1, -1), layout.LIGHT)],
    )


def town_tables(group, first_number, styles, *, headings, comments, emails):
    """The town's heading row, its signatures numbered from `first_number`, its subtotal row."""
    cols = columns(emails=emails)
    widths = [w for _label, w in cols]
    blank = [""] * (len(cols) - 1)
    cell_style = ParagraphStyle("cjk-cell", styles["cell"], wordWrap="CJK")
    subtotal_style = ParagraphStyle("subtotal", styles["value"], fontSize=SIZE, alignment=TA_RIGHT)
    count = len(group.rows)
    heading = words.in_languages(
        headings,
        lambda: (
            ngettext("%(count)s signature", "%(count)s signatures", count)
            % {"count": words.number(count)}
        ),
    )
    data = [[Paragraph(fonts.markup(f"{group.name} — {heading}"), styles["value"]), *blank]]
    commands = [
        ("SPAN", (0, 0), (-1, 0)),
        ("BACKGROUND", (0, 0), (-1, 0), layout.PALE),
        ("TOPPADDING", (0, 0), (-1, 0), 4),
        ("NOSPLIT", (0, 0), (-1, 1)),
    ]
    tables = []
    for number, row in enumerate(group.rows, start=first_number):
        if len(data) >= CHUNK:
            tables.append(_table(data, widths, commands))
            data, commands = [], []
        values = [str(number), f"{row.first_name} {row.last_name}".strip()]
        if emails:
            values.append(row.email)
        values += [
            row.town or "—",
            row.postal_code,
            words.local_date(row.signed_at).isoformat(),
            row.language.upper(),
        ]
        data.append([_cell(v, w, cell_style) for v, w in zip(values, widths, strict=True)])
        if comments and row.comment:
            r = len(data)
            text = fonts.markup(row.comment, sum(widths[1:]) - 2 * PAD, styles["comment"])
            data.append(["", Paragraph(text, styles["comment"]), *blank[1:]])
            commands += [
                ("SPAN", (1, r), (-1, r)),
                ("NOSPLIT", (0, r - 1), (-1, r)),
                ("LINEBELOW", (0, r - 1), (-1, r - 1), 0.25, colors.white),
                ("TOPPADDING", (0, r), (-1, r), 0),
            ]
    subtotal = words.in_languages(
        headings,
        lambda: (
            str(_("Subtotal for %(town)s: %(count)s"))
            % {"town": group.name, "count": words.number(count)}
        ),
    )
    data.append([Paragraph(fonts.markup(subtotal), subtotal_style), *blank])
    last = len(data) - 1
    commands += [
        ("SPAN", (0, last), (-1, last)),
        ("LINEABOVE", (0, last), (-1, last), 0.8, colors.black),
        ("NOSPLIT", (0, last - 1), (-1, last)),
        ("BOTTOMPADDING", (0, last), (-1, last), 8),
    ]
    tables.append(_table(data, widths, commands))
    return tables


def _table(data, widths, commands):
    style = [*BASE_STYLE, ("LINEBELOW", (0, 0), (-1, -1), 0.25, layout.RULE), *commands]
    style.append(("ALIGN", (0, 0), (0, -1), "RIGHT"))
    return Table(data, colWidths=widths, style=style, hAlign="LEFT")


def _cell(text, width, style):
    """A plain string when it fits on one line in our font; else a wrapping Paragraph."""
    if fonts.needs_markup(text) or fonts.width(text, SIZE) > width - 2 * PAD:
        return Paragraph(fonts.markup(text, width - 2 * PAD, style), style)
    return text

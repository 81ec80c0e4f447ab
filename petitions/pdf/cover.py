"""The packet's cover: the petition side by side in both languages, then the figures."""

from itertools import zip_longest

from django.utils import translation
from django.utils.translation import gettext_lazy as _
from reportlab.platypus import Paragraph, Spacer, Table

from core.languages import autonyms
from petitions.pdf import fonts, layout, words

PETITION_LANGUAGES = autonyms()  # (code, name in itself): ("es", "Español")
SUMMARY_COLUMNS = 3


def petition_text(petition, code):
    """Title, target and statement paragraphs of the petition in one language (cleaned)."""
    title = fonts.clean(getattr(petition, f"title_{code}", ""))
    target = fonts.clean(getattr(petition, f"target_{code}", ""))
    statement = fonts.clean(getattr(petition, f"statement_{code}", ""))
    return title, target, [p for p in (s.strip() for s in statement.splitlines()) if p]


def side_by_side(petition, styles, width):
    """A two-column table, one row per block, so that a long statement can run onto a page."""
    columns = []
    for code, autonym in PETITION_LANGUAGES:
        title, target, paragraphs = petition_text(petition, code)
        with translation.override(code):
            to = f"{_('To:')} {target}" if target else ""
        blocks = [
            Paragraph(autonym, styles["kicker"]),
            Paragraph(fonts.markup(title), styles["title"]),
        ]
        blocks.append(Paragraph(fonts.markup(to), styles["h2"]))
        blocks += [Paragraph(fonts.markup(p), styles["body"]) for p in paragraphs]
        columns.append(blocks)
    data = [list(pair) for pair in zip_longest(*columns, fillvalue="")]
    half = width / 2
    return Table(
        data,
        colWidths=[half, half],
        splitInRow=1,
        hAlign="LEFT",
        style=[
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LEFTPADDING", (0, 0), (-1, -1), 0),
            ("RIGHTPADDING", (0, 0), (0, -1), 12),
            ("LEFTPADDING", (1, 0), (1, -1), 12),
            ("LINEAFTER", (0, 0), (0, -1), 0.5, layout.RULE),
        ],
    )


def facts(total, by_language, towns, styles, *, headings, start, end, delivery_date):
    def said(text):
        return Paragraph(fonts.markup(words.in_languages(headings, text)), styles["label"])

    def value(text):
        return Paragraph(fonts.markup(text), styles["value"])

    if start and end:
        period = words.in_languages(
            headings, lambda: f"{words.long_date(start)} – {words.long_date(end)}"
        )
    else:
        period = "—"
    when = (
        words.in_languages(headings, lambda: words.long_date(delivery_date))
        if delivery_date
        else "_" * 28
    )
    data = [
        [said(_("Signatures in this packet")), value(words.number(total))],
        [said(_("Period covered")), value(period)],
        [said(_("Delivery date")), value(when)],
        [said(_("Towns")), value(words.number(towns))],
        [said(_("Signed in English")), value(words.number(by_language.get("en", 0)))],
        [said(_("Signed in Spanish")), value(words.number(by_language.get("es", 0)))],
    ]
    return Table(
        data,
        colWidths=[230, None],
        hAlign="LEFT",
        style=[
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LEFTPADDING", (0, 0), (-1, -1), 0),
            ("LINEBELOW", (0, 0), (-1, -1), 0.25, layout.RULE),
            ("TOPPADDING", (0, 0), (-1, -1), 4),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
        ],
    )


def town_summary(groups, total, styles, *, headings, width):
    """Every town (`.name`, `.count`) with its subtotal, three to a row, and the total."""
    cells = []
    for group in groups:
        cells += [
            Paragraph(fonts.markup(group.name), styles["cell"]),
            Paragraph(words.number(group.count), styles["number"]),
        ]
    per_row = 2 * SUMMARY_COLUMNS
    cells += [""] * (-len(cells) % per_row)
    data = [cells[i : i + per_row] for i in range(0, len(cells), per_row)]
    label = words.in_languages(headings, _("Total"))
    data.append([Paragraph(f"{label}: {words.number(total)}", styles["value"])] + [""] * 5)
    pair = width / SUMMARY_COLUMNS
    return Table(
        data,
        colWidths=[pair - 44, 44] * SUMMARY_COLUMNS,
        hAlign="LEFT",
        repeatRows=0,
        style=[
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LINEBELOW", (0, 0), (-1, -2), 0.25, layout.RULE),
            ("RIGHTPADDING", (1, 0), (1, -1), 10),
            ("RIGHTPADDING", (3, 0), (3, -1), 10),
            ("SPAN", (0, -1), (-1, -1)),
            ("LINEABOVE", (0, -1), (-1, -1), 0.8, layout.GREY),
            ("TOPPADDING", (0, -1), (-1, -1), 5),
        ],
    )


def cover(petition, spool, styles, *, headings, start, end, delivery_date):
    """The cover's flowables; `spool` (petitions.pdf.rows.Spool) has the counts and the towns."""
    groups = spool.groups
    width = layout.PAGE[0] - 2 * layout.MARGIN
    story = [
        Paragraph(words.in_languages(headings, _("Petition signatures")), styles["kicker"]),
        side_by_side(petition, styles, width),
        Spacer(1, 14),
        facts(
            spool.total,
            spool.by_language,
            len(groups),
            styles,
            headings=headings,
            start=start,
            end=end,
            delivery_date=delivery_date,
        ),
    ]
    if groups:
        story += [
            Paragraph(words.in_languages(headings, _("Signatures by town")), styles["h2"]),
            town_summary(groups, spool.total, styles, headings=headings, width=width),
        ]
    else:
        story.append(Spacer(1, 10))
        story.append(
            Paragraph(
                words.in_languages(headings, _("No signatures in this period.")), styles["body"]
            )
        )
    return story

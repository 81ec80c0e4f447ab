"""The delivery packet: the petition in both languages, then its signatures town by town.

Organisers print it and carry it by hand to the Connecticut General Assembly. Headings speak the
language(s) the organiser chose; the petition itself is always shown in both languages.
"""

from django.utils import translation
from django.utils.translation import gettext_lazy as _
from reportlab.platypus import BaseDocTemplate, NextPageTemplate, PageBreak, PageTemplate

from core.languages import codes
from petitions.pdf import fonts, layout, words
from petitions.pdf.cover import cover
from petitions.pdf.rows import read_rows, town_groups
from petitions.pdf.tables import header_table, town_tables


def build_packet(
    petition,
    signatures,
    out,
    *,
    headings=None,
    period=(None, None),
    delivery_date=None,
    include_comments=False,
    include_emails=False,
):
    """Write the delivery packet as PDF to the binary file `out`; return the number of pages.

    `signatures`: a queryset or iterable of Signatures, printed as given (filter them first).
    `headings`: the language(s) of headings and labels, e.g. ("es",); default: every language.
    `period`: (start, end) aware datetimes; a missing end is taken from the signatures.
    Emails and comments are printed only when asked for.
    """
    headings = words.check_languages(headings or codes())
    styles = layout.styles()
    rows = read_rows(signatures, comments=include_comments, emails=include_emails)
    groups = town_groups(rows, headings)
    start, end = period or (None, None)
    if rows:
        start = start or min(row.signed_at for row in rows)
        end = end or max(row.signed_at for row in rows)
    story = cover(
        petition,
        rows,
        groups,
        styles,
        headings=headings,
        start=start,
        end=end,
        delivery_date=delivery_date,
    )
    if groups:
        story += [NextPageTemplate("signatures"), PageBreak()]
    number = 1
    for group in groups:
        story += town_tables(
            group,
            number,
            styles,
            headings=headings,
            comments=include_comments,
            emails=include_emails,
        )
        number += len(group.rows)
    header = header_table(styles, headings=headings, emails=include_emails)
    doc = _document(out, petition, headings, header)
    footer = _footer(petition, headings, start, end)
    doc.build(story, canvasmaker=layout.numbered_canvas(footer))
    return footer.pages


def _document(out, petition, headings, header):
    width, height = layout.PAGE
    top, bottom = height - layout.MARGIN, layout.MARGIN + 10
    _w, header_height = header.wrap(layout.CONTENT_WIDTH, height)

    def draw_header(canvas, doc):
        header.drawOn(canvas, layout.MARGIN, top - header_height)

    def frame(id, frame_top):
        return layout.frame(id, layout.MARGIN, bottom, layout.CONTENT_WIDTH, frame_top - bottom)

    doc = BaseDocTemplate(
        out,
        pagesize=layout.PAGE,
        title=fonts.clean(getattr(petition, f"title_{headings[0]}", "") or petition.title),
        author="Firmamos",
        subject=words.in_languages(headings, _("Petition signatures")),
        lang=headings[0],
    )
    doc.addPageTemplates(
        [
            PageTemplate("cover", [frame("cover", top)]),
            PageTemplate("signatures", [frame("rows", top - header_height)], onPage=draw_header),
        ]
    )
    return doc


class _footer:
    """Draws "title · period" and "Page X of Y" once the page count is known."""

    def __init__(self, petition, headings, start, end):
        self.title = fonts.clean(getattr(petition, f"title_{headings[0]}", "") or petition.title)
        self.period = ""
        if start and end:
            self.period = words.in_languages(
                headings[:1], lambda: f"{words.long_date(start)} – {words.long_date(end)}"
            )
        self.page_of = []
        for code in headings:
            with translation.override(code):
                self.page_of.append(str(_("Page %(page)s of %(pages)s")))
        self.pages = 0

    def __call__(self, canvas, page, pages):
        self.pages = pages
        numbers = {"page": words.number(page), "pages": words.number(pages)}
        right = " / ".join(dict.fromkeys(text % numbers for text in self.page_of))
        width = layout.PAGE[0]
        canvas.saveState()
        canvas.setFont(fonts.REGULAR, 7)
        canvas.setFillColor(layout.GREY)
        canvas.drawRightString(width - layout.MARGIN, layout.FOOTER_Y, right)
        room = layout.CONTENT_WIDTH - fonts.width(right, 7) - 24
        # The period is what tells two packets apart: the title gives way first.
        period = f" · {self.period}" if self.period else ""
        title = layout.fit(self.title, 7, room - fonts.width(period, 7))
        canvas.drawString(layout.MARGIN, layout.FOOTER_Y, title + period)
        canvas.restoreState()

"""The delivery packet: the petition in both languages, then its signatures town by town.

Organisers print it and carry it by hand to the Connecticut General Assembly. Headings speak the
language(s) the organiser chose; the petition itself is always shown in both languages.
"""

from django.utils import translation
from django.utils.translation import gettext_lazy as _
from reportlab.platypus import BaseDocTemplate, PageTemplate

from core.languages import codes
from petitions.pdf import fonts, layout, words
from petitions.pdf.canvas import packet_canvas
from petitions.pdf.cover import cover
from petitions.pdf.pages import SignaturePages
from petitions.pdf.rows import Spool, read_rows
from petitions.pdf.tables import header_table


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
    progress=None,
):
    """Write the delivery packet as PDF to the binary file `out`; return the number of pages.

    `signatures`: a queryset or iterable of Signatures, printed as given (filter them first).
    `headings`: the language(s) of headings and labels, e.g. ("es",); default: every language.
    `period`: (start, end) aware datetimes; a missing end is taken from the signatures.
    Emails and comments are printed only when asked for. `progress(n)`, when given, is called
    as the signature pages are drawn, with the number of signatures drawn since the last call.

    Memory stays flat in the number of signatures: they are read once, in chunks, into a
    temporary file (petitions.pdf.rows.Spool), and each page is compressed as it is finished.
    """
    headings = words.check_languages(headings or codes())
    styles = layout.styles()
    header = header_table(styles, headings=headings, emails=include_emails)
    _w, header_height = header.wrap(layout.CONTENT_WIDTH, layout.PAGE[1])
    pages = SignaturePages(
        headings=headings,
        emails=include_emails,
        comments=include_comments,
        header_height=header_height,
    )
    spool = Spool()
    try:
        for row in read_rows(signatures, comments=include_comments, emails=include_emails):
            record, height = pages.prepare(row)
            spool.add(row, record, height)
        groups = spool.finish(headings)
        pages.name_groups(groups)
        start, end = period or (None, None)
        start = start or spool.first
        end = end or spool.last
        footer = _footer(petition, headings, start, end)
        story = cover(
            petition,
            spool,
            styles,
            headings=headings,
            start=start,
            end=end,
            delivery_date=delivery_date,
        )
        finish = _SignatureSection(pages, spool, groups, footer, progress)
        doc = _document(out, petition, headings)
        doc.build(story, canvasmaker=packet_canvas(footer, finish))
    finally:
        spool.close()
    return footer.pages


class _SignatureSection:
    """Counts the signature pages ahead (for "Page X of Y"), then draws them after the cover."""

    def __init__(self, pages, spool, groups, footer, progress):
        self.signature_pages = pages.count_pages(groups)
        self.draw = pages.draw
        self.spool, self.groups, self.footer, self.progress = spool, groups, footer, progress

    def pages(self, cover_pages):
        return cover_pages + self.signature_pages

    def __call__(self, canvas, first_page, total):
        number = first_page

        def end_page():
            nonlocal number
            self.footer(canvas, number, total)
            canvas.showPage()
            number += 1

        self.draw(
            canvas,
            self.spool,
            self.groups,
            new_page=lambda: None,
            end_page=end_page,
            progress=self.progress,
        )


def _document(out, petition, headings):
    width, height = layout.PAGE
    top, bottom = height - layout.MARGIN, layout.MARGIN + 10
    doc = BaseDocTemplate(
        out,
        pagesize=layout.PAGE,
        title=fonts.clean(getattr(petition, f"title_{headings[0]}", "") or petition.title),
        author="Firmamos",
        subject=words.in_languages(headings, _("Petition signatures")),
        lang=headings[0],
    )
    frame = layout.frame("cover", layout.MARGIN, bottom, layout.CONTENT_WIDTH, top - bottom)
    doc.addPageTemplates([PageTemplate("cover", [frame])])
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
        self._titles = {}  # the title fitted to the room the page numbers leave, by that room

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
        room = round(room - fonts.width(period, 7), 2)
        title = self._titles.get(room)
        if title is None:
            title = self._titles[room] = layout.fit(self.title, 7, room)
        canvas.drawString(layout.MARGIN, layout.FOOTER_Y, title + period)
        canvas.restoreState()

"""The blank paper signature sheet for rallies: the petition in both languages, a QR code to it in
each language, and numbered lines for people to fill in by hand (the sign form's fields)."""

from xml.sax.saxutils import escape

from django.utils import translation
from django.utils.translation import gettext_lazy as _
from reportlab.graphics.barcode.qr import QrCodeWidget
from reportlab.graphics.shapes import Drawing
from reportlab.lib.pagesizes import landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import BaseDocTemplate, PageTemplate, Paragraph, Spacer, Table

from core import languages
from petitions.pdf import fonts, layout, words
from petitions.pdf.cover import PETITION_LANGUAGES, petition_text

PAGE = landscape(layout.PAGE)
MARGIN = 0.45 * 72
WIDTH = PAGE[0] - 2 * MARGIN
QR_SIZE = 78
STATEMENT_LIMIT = 700  # characters per language; the lines to sign matter more
ROW_HEIGHT = 25
MAX_ROWS = 15
MIN_ROWS = 6
BOTH = languages.codes()
GAP = "&nbsp;" * 6
# The sign form's fields (DESIGN.md), as columns: (label, width in points).
COLUMNS = (
    ("#", 20),
    (_("First name"), 96),
    (_("Last name"), 106),
    (_("Email"), 152),
    (_("ZIP"), 52),
    (_("Town"), 92),
    (_("Signature"), None),
    (_("Keep me updated"), 74),
)


def petition_urls(petition, base_url):
    """The petition's address in each language: {"en": ".../en/petitions/x/", "es": ...}."""
    urls = {}
    for code, _name in PETITION_LANGUAGES:
        with translation.override(code):
            urls[code] = base_url.rstrip("/") + petition.get_absolute_url()
    return urls


def qr_code(url, size=QR_SIZE):
    """A QR code for `url`, `size` points square (reportlab's own encoder)."""
    widget = QrCodeWidget(url, barLevel="M")
    x1, y1, x2, y2 = widget.getBounds()
    drawing = Drawing(size, size, transform=[size / (x2 - x1), 0, 0, size / (y2 - y1), 0, 0])
    drawing.add(widget)
    return drawing


def build_signature_sheet(petition, out, *, base_url):
    """Write a one-page bilingual signature sheet for `petition` as PDF to the binary file `out`."""
    styles = _styles()
    urls = petition_urls(petition, base_url)
    top = [
        _petition_block(petition, styles, urls),
        Spacer(1, 6),
        _addresses(urls, styles),
        *[Paragraph(fonts.markup(text), styles["note"]) for text in _instructions()],
        Spacer(1, 4),
    ]
    bottom = [Spacer(1, 8), _collected_by(styles)]
    room = PAGE[1] - 2 * MARGIN - sum(f.wrap(WIDTH, PAGE[1])[1] for f in top + bottom)
    header = _header_row(styles)
    header_height = Table([header], colWidths=_widths()).wrap(WIDTH, PAGE[1])[1]
    count = max(MIN_ROWS, min(MAX_ROWS, int((room - header_height - 6) // ROW_HEIGHT)))
    doc = BaseDocTemplate(
        out,
        pagesize=PAGE,
        title=fonts.clean(petition.title_en or petition.title),
        author="Firmamos",
        subject=words.in_languages(BOTH, _("Signature sheet")),
    )
    frame = layout.frame("sheet", MARGIN, MARGIN, WIDTH, PAGE[1] - 2 * MARGIN)
    doc.addPageTemplates([PageTemplate("sheet", [frame])])
    doc.build([*top, _rows_table(header, count, styles), *bottom])


def _styles():
    base = layout.styles()
    return {
        **base,
        "title": ParagraphStyle("sheet-title", base["title"], fontSize=11, leading=13.5),
        "target": ParagraphStyle("sheet-target", base["value"], fontSize=8.5, spaceBefore=3),
        "text": ParagraphStyle("sheet-text", base["base"], fontSize=8, leading=10, spaceBefore=3),
        "url": ParagraphStyle("url", base["small"], fontSize=6, leading=7.5, alignment=1),
        "note": ParagraphStyle("note", base["base"], fontSize=8, leading=10),
        "tick": ParagraphStyle("tick", base["base"], fontSize=15, leading=17, alignment=1),
    }


def _petition_block(petition, styles, urls):
    """[English text | Spanish text | QR codes]."""
    cells = []
    for code, autonym in PETITION_LANGUAGES:
        title, target, paragraphs = petition_text(petition, code)
        statement = fonts.clean(" ".join(paragraphs), STATEMENT_LIMIT)
        with translation.override(code):
            to = f"{_('To:')} {target}" if target else ""
        cells.append(
            [
                Paragraph(autonym, styles["kicker"]),
                Paragraph(fonts.markup(title), styles["title"]),
                Paragraph(fonts.markup(to), styles["target"]),
                Paragraph(fonts.markup(statement), styles["text"]),
            ]
        )
    codes = []
    for code, autonym in PETITION_LANGUAGES:
        with translation.override(code):
            caption = str(_("Sign online"))
        codes.append(
            [qr_code(urls[code]), Paragraph(f"{escape(caption)} · {autonym}", styles["url"])]
        )
    qr_width = QR_SIZE + 14
    qr_table = Table(
        [codes],
        colWidths=[qr_width, qr_width],
        style=[("VALIGN", (0, 0), (-1, -1), "TOP"), ("ALIGN", (0, 0), (-1, -1), "CENTER")],
    )
    text_width = (WIDTH - 2 * qr_width) / 2
    return Table(
        [[*cells, qr_table]],
        colWidths=[text_width, text_width, 2 * qr_width],
        style=[
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LEFTPADDING", (0, 0), (0, 0), 0),
            ("RIGHTPADDING", (0, 0), (-1, -1), 10),
            ("LEFTPADDING", (1, 0), (1, 0), 10),
            ("LINEAFTER", (0, 0), (0, 0), 0.5, layout.RULE),
            ("RIGHTPADDING", (-1, 0), (-1, 0), 0),
        ],
    )


def _addresses(urls, styles):
    """The addresses written out, for a phone without a QR reader."""
    parts = []
    for code, _autonym in PETITION_LANGUAGES:
        with translation.override(code):
            parts.append(f"{escape(str(_('Sign online')))}: <b>{escape(urls[code])}</b>")
    return Paragraph(GAP.join(parts), styles["note"])


def _instructions():
    text = _(
        "Please write clearly, one person per line. Your email is never shown publicly; "
        "we write to you only if you tick “Keep me updated”."
    )
    return [words.in_languages((code,), text) for code in BOTH]


def _widths():
    rest = WIDTH - sum(w for _label, w in COLUMNS if w)
    return [w or rest for _label, w in COLUMNS]


def _header_row(styles):
    cells = []
    for label, _w in COLUMNS:
        english, spanish = (words.in_languages((code,), label) for code in BOTH)
        markup = f"{escape(english)}<br/><font color='#555555'>{escape(spanish)}</font>"
        cells.append(Paragraph(markup if english != spanish else escape(english), styles["head"]))
    return cells


def _rows_table(header, count, styles):
    tick = Paragraph("☐", styles["tick"])
    data = [header] + [[str(n), "", "", "", "", "", "", tick] for n in range(1, count + 1)]
    return Table(
        data,
        colWidths=_widths(),
        rowHeights=[None] + [ROW_HEIGHT] * count,
        repeatRows=1,
        style=[
            ("FONT", (0, 1), (-1, -1), fonts.REGULAR, 8),
            ("GRID", (0, 0), (-1, -1), 0.5, layout.GREY),
            ("BACKGROUND", (0, 0), (-1, 0), layout.LIGHT),
            ("VALIGN", (0, 0), (-1, 0), "TOP"),
            ("VALIGN", (0, 1), (-1, -1), "MIDDLE"),
            ("ALIGN", (0, 1), (0, -1), "RIGHT"),
        ],
    )


def _collected_by(styles):
    blanks = [
        _("Collected by"),
        _("Place"),
        _("Date"),
    ]
    parts = [escape(f"{words.in_languages(BOTH, label)}: {'_' * 26}") for label in blanks]
    return Paragraph(GAP.join(parts), styles["small"])

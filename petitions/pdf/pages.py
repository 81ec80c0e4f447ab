"""The signature pages, drawn straight onto the canvas a row at a time.

The look is the one the platypus tables had: the column header on every page, each town under a
pale heading row, numbered rows ruled below, a comment (when asked for) on a full-width line under
its signer, the town's subtotal. Every row's lines are worked out once, when it is read
(`prepare`), and stored with its height in the spool; `plan` lays the rows out on pages from the
heights alone, so the page count is known before anything is drawn ("Page X of Y"), and `draw`
walks the same plan again, reading the rows back from the spool.

Text is written as PDF operators (one font run at a time, in reportlab's font subsets), which is
what reportlab's `drawString` does, without its per-call cost.
"""

from datetime import datetime

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from petitions.pdf import fonts, layout, runs, words
from petitions.pdf.tables import PAD, SIZE, columns, header_table

LEADING = 10  # signature rows: SIZE (8 pt) on 10 pt lines, PAD left and right in each cell
TOP, BOTTOM = 2, 2  # above and below the text of a row
COMMENT_SIZE, COMMENT_LEADING = 7.5, 9.5
HEADING_SIZE, HEADING_LEADING, HEADING_TOP = 9, 11.5, 4
SUBTOTAL_SIZE, SUBTOTAL_LEADING, SUBTOTAL_BOTTOM = 8, 11.5, 8
BLACK = "0 0 0"
HEADER_FORM = "packet-column-header"

PAGE, HEADING, ROW, SUBTOTAL = range(4)


def _rgb(color):
    return f"{color.red:.3f} {color.green:.3f} {color.blue:.3f}"


class SignaturePages:
    """Prepares rows as they are read, then lays out and draws the signature pages."""

    def __init__(self, *, headings, emails, comments, header_height):
        self.headings, self.emails, self.comments = headings, emails, comments
        cols = columns(emails=emails)
        self.widths = [w for _label, w in cols]
        self.x = [layout.MARGIN + sum(self.widths[:i]) for i in range(len(self.widths))]
        self.comment_room = sum(self.widths[1:]) - 2 * PAD
        width, height = layout.PAGE
        self.top = height - layout.MARGIN - header_height
        self.bottom = layout.MARGIN + 10
        self.right = layout.MARGIN + layout.CONTENT_WIDTH
        self._dates = {}
        self._zone = None
        self._town_lines = {}

    # Reading: one row at a time

    def prepare(self, row):
        """(what to store, height) for a Row: its cells' lines, wrapped to their columns."""
        w = self.widths
        cells = [_wrap(f"{row.first_name} {row.last_name}".strip(), w[1])]
        if self.emails:
            cells.append(_wrap(row.email, w[2]))
        town = row.town or "—"
        town_lines = self._town_lines.get(town)
        if town_lines is None:
            if len(self._town_lines) > 5000:
                self._town_lines.clear()
            town_lines = self._town_lines[town] = _wrap(town, w[-4])
        cells += [town_lines, _wrap(row.postal_code, w[-3])]
        cells += [self._date(row.signed_at), row.language.upper()]
        lines = max(_lines(cell) for cell in cells[:-2])
        height = TOP + LEADING * lines + BOTTOM
        comment = None
        if self.comments and row.comment:
            comment = runs.wrap(row.comment, COMMENT_SIZE, self.comment_room)
            height += COMMENT_LEADING * len(comment) + BOTTOM
        return (cells, comment), height

    def _date(self, moment):
        """The ISO date in Connecticut of `moment` (as `words.local_date`), remembered by day."""
        if self._zone is None:
            self._zone = timezone.get_current_timezone()
        if isinstance(moment, datetime) and timezone.is_aware(moment):
            day = moment.astimezone(self._zone).date()
        else:
            day = words.local_date(moment)
        text = self._dates.get(day)
        if text is None:
            text = self._dates[day] = day.isoformat()
        return text

    def name_groups(self, groups):
        """Each town's heading and subtotal, wrapped, with their heights."""
        room = layout.CONTENT_WIDTH - 2 * PAD
        for group in groups:
            count = group.count
            said = words.in_languages(
                self.headings,
                lambda count=count: (
                    ngettext("%(count)s signature", "%(count)s signatures", count)
                    % {"count": words.number(count)}
                ),
            )
            group.heading = runs.wrap(f"{group.name} — {said}", HEADING_SIZE, room, fonts.BOLD)
            group.heading_height = HEADING_TOP + HEADING_LEADING * len(group.heading) + BOTTOM
            subtotal = words.in_languages(
                self.headings,
                lambda group=group, count=count: (
                    str(_("Subtotal for %(town)s: %(count)s"))
                    % {"town": group.name, "count": words.number(count)}
                ),
            )
            group.subtotal = runs.wrap(subtotal, SUBTOTAL_SIZE, room, fonts.BOLD)
            group.subtotal_height = TOP + SUBTOTAL_LEADING * len(group.subtotal) + SUBTOTAL_BOTTOM

    # Laying out: from the heights alone

    def plan(self, groups):
        """(PAGE,) at the start of each page, then (kind, group, index, top) of what goes on it.

        A town's heading stays with its first signature, its subtotal with its last; a
        signature (and its comment) is never split.
        """
        top, bottom = self.top, self.bottom
        y = None
        for group in groups:
            heights = group.heights
            last = len(heights) - 1
            for i, height in enumerate(heights):
                need = height
                if i == 0:
                    need += group.heading_height
                if i == last:
                    need += group.subtotal_height
                if y is None or y - need < bottom:
                    yield (PAGE,)
                    y = top
                if i == 0:
                    yield (HEADING, group, 0, y)
                    y -= group.heading_height
                yield (ROW, group, i, y)
                y -= height
            yield (SUBTOTAL, group, last, y)
            y -= group.subtotal_height

    def count_pages(self, groups):
        return sum(1 for item in self.plan(groups) if item[0] == PAGE)

    # Drawing

    def draw(self, canvas, spool, groups, *, new_page, end_page, progress=None):
        """Draw every signature page; `new_page()` before each, `end_page()` after each."""
        self._define_header(canvas)
        page = None
        number = 0
        rows_on_page = 0
        records = None
        for item in self.plan(groups):
            kind = item[0]
            if kind == PAGE:
                if page is not None:
                    page.finish(canvas)
                    end_page()
                    if progress and rows_on_page:
                        progress(rows_on_page)
                new_page()
                canvas.doForm(HEADER_FORM)
                page = _Page(canvas)
                rows_on_page = 0
                continue
            _kind, group, index, y = item
            if kind == HEADING:
                records = spool.records(group)
                page.band(y, group.heading_height, layout.PALE)
                page.text_lines(
                    group.heading,
                    layout.MARGIN + PAD,
                    y - HEADING_TOP,
                    HEADING_SIZE,
                    HEADING_LEADING,
                )
                page.rule(y - group.heading_height, 0.25, layout.RULE)
            elif kind == ROW:
                (cells, comment), height = next(records)
                number += 1
                rows_on_page += 1
                self._row(page, number, cells, comment, y, height)
            else:
                page.rule(y, 0.8, None)
                for n, line in enumerate(group.subtotal):
                    page.line_right(
                        line, self.right - PAD, y - TOP - SUBTOTAL_LEADING * n, SUBTOTAL_SIZE
                    )
        if page is not None:
            page.finish(canvas)
            end_page()
            if progress and rows_on_page:
                progress(rows_on_page)

    def _row(self, page, number, cells, comment, y, height):
        x = self.x
        top = y - TOP
        label = str(number)
        page.plain_right(label, x[0] + self.widths[0] - PAD, top - SIZE, _digits_width(len(label)))
        lines = 1
        for column, cell in enumerate(cells, start=1):
            if isinstance(cell, str):
                page.plain(cell, x[column] + PAD, top - SIZE)
            else:
                page.text_lines(cell, x[column] + PAD, top, SIZE, LEADING)
                lines = max(lines, len(cell))
        if comment:
            below = top - LEADING * lines - BOTTOM
            page.text_lines(
                comment, x[1] + PAD, below, COMMENT_SIZE, COMMENT_LEADING, color=layout.GREY
            )
        page.rule(y - height, 0.25, layout.RULE)

    def _define_header(self, canvas):
        header = header_table(layout.styles(), headings=self.headings, emails=self.emails)
        _w, height = header.wrap(layout.CONTENT_WIDTH, layout.PAGE[1])
        canvas.beginForm(HEADER_FORM)
        header.drawOn(canvas, layout.MARGIN, layout.PAGE[1] - layout.MARGIN - height)
        canvas.endForm()


def _wrap(text, width):
    """A cell's lines; a cell of one line in DejaVu Sans alone is kept as its text."""
    lines = runs.wrap(text, SIZE, width - 2 * PAD)
    if len(lines) == 1 and len(lines[0]) == 1 and lines[0][0][0] == fonts.REGULAR:
        return lines[0][0][1]
    return lines


def _lines(cell):
    return 1 if isinstance(cell, str) else len(cell)


_DIGITS = {}


def _digits_width(count):
    width = _DIGITS.get(count)
    if width is None:
        width = _DIGITS[count] = fonts.width("0" * count, SIZE)
    return width


class _Page:
    """One page's operators, collected by layer (bands, text, rules) and written at its end."""

    # Anything a PDF literal string cannot hold as it is: escaped (backslash, parentheses, and
    # every byte outside printable ASCII, in octal).
    ESCAPES = {i: f"\\{i:03o}" for i in range(256) if i < 32 or i > 126}
    ESCAPES.update({ord("\\"): "\\\\", ord("("): "\\(", ord(")"): "\\)"})

    def __init__(self, canvas):
        self.bands, self.text, self.rules = [], [], []
        self.font = None
        self.color = None  # the bands leave their own fill colour behind
        self.encoded = _encoded_cache(canvas)

    def band(self, top, height, color):
        self.bands.append(
            f"{_rgb(color)} rg {layout.MARGIN:.2f} {top - height:.2f} "
            f"{layout.CONTENT_WIDTH:.2f} {height:.2f} re f"
        )

    def rule(self, y, width, color):
        self.rules.append((width, _rgb(color) if color is not None else BLACK, y))

    def _color(self, color):
        if self.color != color:
            self.text.append(f"{color} rg")
            self.color = color

    def _show(self, font, size, text, x, y):
        """`text`, all of it in `font`, from (x, y): one subset of the font after another."""
        out = self.text
        first = True
        for name, escaped in self.encoded(font, text):
            if self.font != (name, size):
                out.append(f"{name} {size} Tf")
                self.font = (name, size)
            if first:
                out.append(f"1 0 0 1 {x:.2f} {y:.2f} Tm ({escaped}) Tj")
                first = False
            else:
                out.append(f"({escaped}) Tj")  # Tj leaves the text position after what it drew

    def plain(self, text, x, y):
        self._color(BLACK)
        self._show(fonts.REGULAR, SIZE, text, x, y)

    def plain_right(self, text, right, y, width):
        self._color(BLACK)
        self._show(fonts.REGULAR, SIZE, text, right - width, y)

    def text_lines(self, lines, x, top, size, leading, color=None):
        """Lines of runs from `x`, the first baseline `size` below `top`."""
        self._color(_rgb(color) if color is not None else BLACK)
        y = top - size
        for line in lines:
            cx = x
            for font, text in line:
                self._show(font, size, text, cx, y)
                if len(line) > 1:
                    cx += runs.width(text, font, size)
            y -= leading

    def line_right(self, line, right, top, size):
        self._color(BLACK)
        x = right - runs.line_width(line, size)
        for font, text in line:
            self._show(font, size, text, x, top - size)
            x += runs.width(text, font, size)

    def finish(self, canvas):
        code = ["q", *self.bands]
        if self.text:
            code += ["BT", *self.text, "ET"]
        left, right = f"{layout.MARGIN:.2f}", f"{layout.MARGIN + layout.CONTENT_WIDTH:.2f}"
        current = None
        for width, color, y in self.rules:
            if current != (width, color):
                if current is not None:
                    code.append("S")
                code.append(f"{width} w {color} RG")
                current = (width, color)
            code.append(f"{left} {y:.2f} m {right} {y:.2f} l")
        if current is not None:
            code.append("S")
        code.append("Q")
        canvas._code.append("\n".join(code))


def _encoded_cache(canvas):
    """A function (font, text) -> [(PDF font name, escaped bytes)], remembered for the canvas's
    document (a TrueType font is written in subsets of 256 characters, numbered per document).

    Printable ASCII needs no lookup: reportlab puts it in each font's first subset, at its own
    codes (`ttfAsciiReadable`), so only backslashes and parentheses are escaped.
    """
    cache = getattr(canvas, "_packet_encoded", None)
    if cache is not None:
        return cache
    from reportlab.pdfbase import pdfmetrics

    doc = canvas._doc
    known = {}
    first_subset = {}
    escapes = _Page.ESCAPES

    def encoded(font, text):
        if text.isascii() and text.isprintable():
            name = first_subset.get(font)
            if name is None:
                face = pdfmetrics.getFont(font)
                if face._asciiReadable:
                    face.splitString(" ", doc)  # the font's state in this document
                    name = face.getSubsetInternalName(0, doc)
                first_subset[font] = name or False
            if name:
                if "\\" in text or "(" in text or ")" in text:
                    text = text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
                return ((name, text),)
        key = (font, text)
        found = known.get(key)
        if found is None:
            if len(known) > 4096:
                known.clear()
            face = pdfmetrics.getFont(font)
            found = known[key] = [
                (face.getSubsetInternalName(subset, doc), part.decode("latin-1").translate(escapes))
                for subset, part in face.splitString(text, doc)
            ]
        return found

    canvas._packet_encoded = encoded
    return encoded

"""Text for drawing straight onto a canvas: runs of one font each, measured and wrapped.

The signature pages are drawn without platypus (petitions/pdf/pages.py); this is what a Paragraph
did for them. A line is a tuple of (font name, text) runs: the font is picked character by
character as `fonts.markup` does (DejaVu Sans, else the CJK fallbacks), right-to-left text is
shaped and put in visual order by `fonts.lines`. Widths come from the fonts' own metrics.
"""

import functools
import re
from types import SimpleNamespace

from reportlab.pdfbase import pdfmetrics

from petitions.pdf import fonts

_RTL = re.compile(r"[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc]")


@functools.cache
def _metrics(font):
    face = pdfmetrics.getFont(font).face
    return face.charWidths.get, face.defaultWidth


@functools.cache
def _widest_ascii(font):
    get, default = _metrics(font)
    return max(get(code, default) for code in range(32, 127))


def fits(text, font, size, room):
    """Whether `text` in `font` at `size` is no wider than `room`; without measuring it when
    even its widest letters would fit (most names, towns and ZIP codes)."""
    if text.isascii() and 0.001 * size * _widest_ascii(font) * len(text) <= room:
        return True
    return width(text, font, size) <= room


def width(text, font, size):
    get, default = _metrics(font)
    return 0.001 * size * sum(get(code, default) for code in map(ord, text))


def line_width(line, size):
    return sum(width(text, font, size) for font, text in line)


def runs(text, base=fonts.REGULAR):
    """`text` (already in visual order) as a line of runs; `base` is REGULAR or BOLD."""
    if not fonts.needs_markup(text):
        return ((base, text),)
    korean = any(fonts._is_hangul(c) for c in text)
    out, run, run_font = [], [], base
    for char in text:
        font = fonts.font_for(char, korean)
        if font == fonts.REGULAR:
            font = base
        if font != run_font and run:
            out.append((run_font, "".join(run)))
            run = []
        run.append(char)
        run_font = font
    if run:
        out.append((run_font, "".join(run)))
    return tuple(out)


def wrap(text, size, room, base=fonts.REGULAR):
    """`text` as lines of runs no wider than `room` points at `size`.

    Lines break after a space when the line has one, else between any two characters (names in
    Chinese or Japanese have no spaces; nor has a 100-letter name). Never an empty list.
    """
    if _RTL.search(text):
        style = SimpleNamespace(fontName=base, fontSize=size)
        return [runs(line, base) for line in fonts.lines(text, room, style)]
    line = runs(text, base)
    if len(line) == 1 and fits(text, base, size, room):
        return [line]
    if len(line) > 1 and line_width(line, size) <= room:
        return [line]
    lines, current, used, space = [], [], 0.0, None
    for font, part in line:
        get, default = _metrics(font)
        for char in part:
            w = 0.001 * size * get(ord(char), default)
            if current and char != " " and used + w > room:
                if space is None:
                    head, current = current, []
                else:
                    head, current = current[:space], current[space + 1 :]
                lines.append(_join(head))
                used, space = sum(c[2] for c in current), None
            if char == " ":
                if not current:
                    continue
                space = len(current)
            current.append((char, font, w))
            used += w
    if current:
        lines.append(_join(current))
    return [line for line in lines if line] or [((base, ""),)]


def _join(chars):
    out = []
    for char, font, _w in chars:
        if out and out[-1][0] == font:
            out[-1][1].append(char)
        else:
            out.append((font, [char]))
    text = [(font, "".join(part)) for font, part in out]
    if text:
        font, last = text[-1]
        text[-1] = (font, last.rstrip())
    return tuple((font, part) for font, part in text if part)

"""Fonts for our PDFs, registered once, and text made safe to print in them.

Every font is a TrueType file vendored here with its licence and embedded (subset) in the PDF, so a
name prints the same on any reader, with or without fonts of its own:

- DejaVu Sans (`dejavu/`): Latin with every accent, Vietnamese, Greek, Cyrillic, Arabic, Hebrew.
- Droid Sans Fallback (`cjk/`): Chinese and Japanese (Han and kana).
- NanumSquare (`cjk/`): Korean (Hangul, and the Hanja of KS X 1001).

A name may mix scripts, so `markup` picks the font character run by character run. Arabic and
Hebrew are stored in reading order; `display` shapes Arabic letters into their joined forms and
reorders right-to-left runs into the left-to-right order in which a PDF draws them.
"""

import functools
import re
import unicodedata
from pathlib import Path
from xml.sax.saxutils import escape

from arabic_reshaper import ArabicReshaper
from arabic_reshaper.ligatures import LIGATURES
from bidi import get_display
from reportlab.lib.fonts import addMapping
from reportlab.lib.utils import simpleSplit
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

HERE = Path(__file__).resolve().parent
REGULAR = "DejaVuSans"
BOLD = "DejaVuSans-Bold"
HAN = "DroidSansFallback"
HANGUL = "NanumSquare"
FILES = {
    REGULAR: HERE / "dejavu" / "DejaVuSans.ttf",
    BOLD: HERE / "dejavu" / "DejaVuSans-Bold.ttf",
    HAN: HERE / "cjk" / "DroidSansFallbackFull.ttf",
    HANGUL: HERE / "cjk" / "NanumSquareR.ttf",
}

# Control characters (except tab and newline) would print as boxes or break the PDF's text.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
# Hebrew, Arabic, Syriac, Thaana, N'Ko... and the Hebrew and Arabic presentation forms.
_RTL = re.compile(r"[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc]")


@functools.cache
def register():
    """Register our fonts with reportlab; return the characters each has. Cheap after the first."""
    for name, path in FILES.items():
        pdfmetrics.registerFont(TTFont(name, path))
    addMapping(REGULAR, 0, 0, REGULAR)
    addMapping(REGULAR, 1, 0, BOLD)
    addMapping(REGULAR, 0, 1, REGULAR)
    addMapping(REGULAR, 1, 1, BOLD)
    return {name: frozenset(pdfmetrics.getFont(name).face.charToGlyph) for name in FILES}


def clean(text, limit=None):
    """NFKC-normalised, without control characters; cut at `limit` characters with an ellipsis."""
    text = str(text or "")
    if text.isascii() and text.isprintable():  # the common case, already all of that
        text = text.strip()
    else:
        text = _CONTROL.sub("", unicodedata.normalize("NFKC", text)).strip()
    if limit and len(text) > limit:
        text = text[: limit - 1].rstrip() + "…"
    return text


def _is_hangul(char):
    return (
        "\uac00" <= char <= "\ud7af" or "\u1100" <= char <= "\u11ff" or "\u3130" <= char <= "\u318f"
    )


@functools.cache
def _reshaper():
    """Arabic shaping limited to the ligatures that both DejaVu Sans weights have.

    Vowel marks (harakat) are dropped, as the reshaper does by default: reportlab cannot place a
    mark over its letter, and names are written without them.
    """
    covered = register()
    dejavu = covered[REGULAR] & covered[BOLD]
    config = {}
    for name, (_letters, forms) in LIGATURES:
        config[name] = all(ord(form) in dejavu for form in forms if form)
    return ArabicReshaper(configuration=config)


def display(text):
    """`text` as drawn: right-to-left runs shaped and put in visual order; other text unchanged."""
    return lines(text)[0]


def lines(text, width=None, style=None):
    """`text` as drawn, cut into lines of `width` points in `style` when it is right-to-left.

    A PDF draws every line left to right, so right-to-left text is put in visual order line by
    line: reordered as a whole and then wrapped, its first words would end up on the last line.
    """
    if not _RTL.search(text):
        return [text]
    shaped = _reshaper().reshape(text)
    base = _direction(shaped)
    parts = simpleSplit(shaped, style.fontName, style.fontSize, width) if width else [shaped]
    return [get_display(part, base_dir=base) for part in parts] or [""]


def _direction(text):
    """ "R" when the first letter with a direction is right-to-left, else "L"."""
    for char in text:
        kind = unicodedata.bidirectional(char)
        if kind in ("R", "AL"):
            return "R"
        if kind == "L":
            return "L"
    return "L"


def needs_markup(text):
    """True when `text` needs more than DejaVu Sans drawn left to right (see `markup`)."""
    if text.isascii() and text.isprintable():
        return False  # DejaVu Sans has every printable ASCII character
    dejavu = register()[REGULAR]
    return bool(_RTL.search(text)) or any(ord(c) not in dejavu for c in text)


def font_for(char, korean=False):
    """The font to draw `char` in: DejaVu Sans when it has it, else the first fallback that does.

    Han characters are read as Korean Hanja next to Hangul, else as Chinese or Japanese.
    """
    covered = register()
    code = ord(char)
    if code in covered[REGULAR]:
        return REGULAR
    for name in (HANGUL, HAN) if korean else (HAN, HANGUL):
        if code in covered[name]:
            return name
    return REGULAR


def markup(text, width=None, style=None):
    """Paragraph markup for cleaned `text`: shaped and ordered for display (right-to-left text
    wrapped at `width` points in `style` when given), escaped, each run of characters that
    DejaVu Sans lacks set in a font that has them."""
    return "<br/>".join(_markup_line(line) for line in lines(text, width, style))


def _markup_line(text):
    if not needs_markup(text):
        return escape(text)
    korean = any(_is_hangul(c) for c in text)
    out, run, run_font = [], [], REGULAR
    for char in text:
        font = font_for(char, korean)
        if font != run_font and run:
            out.append(_run(run, run_font))
            run = []
        run.append(char)
        run_font = font
    if run:
        out.append(_run(run, run_font))
    return "".join(out)


def _run(chars, font):
    text = escape("".join(chars))
    return text if font == REGULAR else f'<font name="{font}">{text}</font>'


def width(text, size, bold=False):
    return pdfmetrics.stringWidth(text, BOLD if bold else REGULAR, size)

"""Fonts for our PDFs, registered once, and text made safe to print in them.

DejaVu Sans (vendored in `dejavu/` with its licence) is embedded and covers Latin with every accent,
Vietnamese, Greek and Cyrillic. Chinese, Japanese and Korean names fall back, character run by
character run, to reportlab's built-in CID fonts (not embedded: PDF readers supply them).
"""

import functools
import re
import unicodedata
from pathlib import Path
from xml.sax.saxutils import escape

from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfbase.ttfonts import TTFont

FONT_DIR = Path(__file__).resolve().parent / "dejavu"
REGULAR = "DejaVuSans"
BOLD = "DejaVuSans-Bold"
CHINESE = "STSong-Light"
JAPANESE = "HeiseiKakuGo-W5"
KOREAN = "HYGothic-Medium"

# Control characters (except tab and newline) would print as boxes or break the PDF's text.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


@functools.cache
def register():
    """Register our fonts with reportlab. Cheap after the first call."""
    pdfmetrics.registerFont(TTFont(REGULAR, FONT_DIR / "DejaVuSans.ttf"))
    pdfmetrics.registerFont(TTFont(BOLD, FONT_DIR / "DejaVuSans-Bold.ttf"))
    addMapping(REGULAR, 0, 0, REGULAR)
    addMapping(REGULAR, 1, 0, BOLD)
    addMapping(REGULAR, 0, 1, REGULAR)
    addMapping(REGULAR, 1, 1, BOLD)
    for name in (CHINESE, JAPANESE, KOREAN):
        pdfmetrics.registerFont(UnicodeCIDFont(name))
    return frozenset(pdfmetrics.getFont(REGULAR).face.charToGlyph)


def clean(text, limit=None):
    """NFKC-normalised, without control characters; cut at `limit` characters with an ellipsis."""
    text = unicodedata.normalize("NFKC", str(text or ""))
    text = _CONTROL.sub("", text).strip()
    if limit and len(text) > limit:
        text = text[: limit - 1].rstrip() + "…"
    return text


def _is_kana(char):
    return (
        "\u3040" <= char <= "\u30ff" or "\u31f0" <= char <= "\u31ff" or "\uff66" <= char <= "\uff9f"
    )


def _is_hangul(char):
    return (
        "\uac00" <= char <= "\ud7af" or "\u1100" <= char <= "\u11ff" or "\u3130" <= char <= "\u318f"
    )


def _is_cjk(char):
    return (
        "\u2e80" <= char <= "\u9fff"
        or "\uac00" <= char <= "\ud7af"
        or "\u1100" <= char <= "\u11ff"
        or "\uf900" <= char <= "\ufaff"
        or "\uff00" <= char <= "\uffef"
        or "\U00020000" <= char <= "\U0003134f"
    )


def _cjk_font(text):
    """Han characters are read as Japanese next to kana, as Korean next to hangul, else Chinese."""
    if any(_is_kana(c) for c in text):
        return JAPANESE
    if any(_is_hangul(c) for c in text):
        return KOREAN
    return CHINESE


def needs_fallback(text):
    """True when some character is missing from DejaVu Sans but a CJK font has it."""
    covered = register()
    return any(ord(c) not in covered and _is_cjk(c) for c in text)


def markup(text):
    """Paragraph markup for cleaned `text`: escaped, CJK runs set in a CID font."""
    if not needs_fallback(text):
        return escape(text)
    covered = register()
    cjk = _cjk_font(text)
    out, run, run_is_cjk = [], [], False
    for char in text:
        is_cjk = ord(char) not in covered and _is_cjk(char)
        if is_cjk != run_is_cjk and run:
            out.append(_run(run, run_is_cjk, cjk))
            run = []
        run.append(char)
        run_is_cjk = is_cjk
    if run:
        out.append(_run(run, run_is_cjk, cjk))
    return "".join(out)


def _run(chars, is_cjk, font):
    text = escape("".join(chars))
    return f'<font name="{font}">{text}</font>' if is_cjk else text


def width(text, size, bold=False):
    return pdfmetrics.stringWidth(text, BOLD if bold else REGULAR, size)

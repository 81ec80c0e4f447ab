"""Page furniture shared by our PDFs: paper, margins, colours and styles."""

from reportlab.lib import colors
from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.pagesizes import LETTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import inch
from reportlab.platypus import Frame

from petitions.pdf import fonts

PAGE = LETTER  # Connecticut prints on US Letter
MARGIN = 0.55 * inch
CONTENT_WIDTH = PAGE[0] - 2 * MARGIN
FOOTER_Y = 0.4 * inch
GREY = colors.HexColor("#555555")
LIGHT = colors.HexColor("#e0e0e0")
PALE = colors.HexColor("#f2f2f2")
RULE = colors.HexColor("#bbbbbb")


def styles():
    fonts.register()
    base = ParagraphStyle("base", fontName=fonts.REGULAR, fontSize=9, leading=11.5)
    return {
        "base": base,
        "kicker": ParagraphStyle("kicker", base, fontSize=9, textColor=GREY, spaceAfter=6),
        "title": ParagraphStyle("title", base, fontName=fonts.BOLD, fontSize=13, leading=16),
        "body": ParagraphStyle("body", base, fontSize=9.5, leading=12.5, spaceAfter=4),
        "h2": ParagraphStyle(
            "h2", base, fontName=fonts.BOLD, fontSize=11, leading=14, spaceBefore=10, spaceAfter=4
        ),
        "label": ParagraphStyle("label", base, textColor=GREY),
        "value": ParagraphStyle("value", base, fontName=fonts.BOLD),
        "cell": ParagraphStyle("cell", base, fontSize=8, leading=10),
        "head": ParagraphStyle("head", base, fontName=fonts.BOLD, fontSize=7.5, leading=9),
        "number": ParagraphStyle("number", base, fontSize=8, leading=10, alignment=TA_RIGHT),
        "comment": ParagraphStyle("comment", base, fontSize=7.5, leading=9.5, textColor=GREY),
        "small": ParagraphStyle("small", base, fontSize=7.5, leading=9.5, textColor=GREY),
    }


def fit(text, size, room):
    """`text` cut (with an ellipsis) to fit `room` points wide at `size`."""
    if fonts.width(text, size) <= room:
        return text
    while text and fonts.width(text + "…", size) > room:
        text = text[:-1]
    return text.rstrip() + "…"


def frame(id, x, y, width, height):
    """A frame without inner padding: what is measured against `width` fits exactly."""
    return Frame(
        x, y, width, height, id=id, leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0
    )

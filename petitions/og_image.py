"""The preview image a shared link shows (WhatsApp, Facebook, X): 1200×630 PNG, per language.

The petition's title in the page's language, its campaign, the count and goal and a bar. Drawn
with Pillow (installed with reportlab) in the DejaVu fonts the PDFs use, and kept in the shared
cache keyed by the count's bucket: a new image at most once per bucket, so a busy petition's
preview follows its count without being drawn for every reader.
"""

from functools import cache
from io import BytesIO
from pathlib import Path

from django.core.cache import cache as shared_cache
from django.utils.formats import number_format
from django.utils.translation import gettext as _

WIDTH, HEIGHT = 1200, 630
FONTS = Path(__file__).resolve().parent / "pdf" / "dejavu"
CACHE_SECONDS = 7 * 24 * 3600
INK, MUTED, ACCENT, BAR, TRACK = "#212529", "#495057", "#0b5ed7", "#198754", "#e9ecef"


def bucket(count):
    """The count the cached image stands for: exact up to 100, then to two significant digits."""
    if count < 100:
        return count
    step = 10 ** (len(str(count)) - 2)
    return count - count % step


def cache_key(petition, language):
    stamp = petition.updated_at.timestamp() if getattr(petition, "updated_at", None) else 0
    return f"og-image:{petition.pk}:{language}:{bucket(petition.signature_count)}:{stamp}"


def png(petition, language):
    """The image's bytes for the active language (`language`), from the cache or drawn now."""
    key = cache_key(petition, language)
    data = shared_cache.get(key)
    if data is None:
        data = draw(petition)
        shared_cache.set(key, data, CACHE_SECONDS)
    return data


@cache
def _font(bold, size):
    from PIL import ImageFont

    return ImageFont.truetype(
        str(FONTS / ("DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf")), size
    )


def _wrap(draw, text, font, width, max_lines):
    words, lines, line = text.split(), [], ""
    for word in words:
        trial = f"{line} {word}".strip()
        if draw.textlength(trial, font=font) <= width:
            line = trial
            continue
        lines.append(line)
        line = word
        if len(lines) == max_lines:
            break
    else:
        lines.append(line)
        return lines
    last = lines[-1]
    while last and draw.textlength(last + "…", font=font) > width:
        last = last.rsplit(" ", 1)[0] if " " in last else last[:-1]
    lines[-1] = last + "…"
    return lines


def draw(petition):
    from PIL import Image, ImageDraw

    count, goal = bucket(petition.signature_count), petition.current_goal
    image = Image.new("RGB", (WIDTH, HEIGHT), "white")
    pen = ImageDraw.Draw(image)
    pen.rectangle((0, 0, WIDTH, 16), fill=ACCENT)
    margin, inner = 72, WIDTH - 144
    y = 64
    for line in _wrap(pen, petition.campaign.title, _font(False, 32), inner, 1):
        pen.text((margin, y), line, font=_font(False, 32), fill=MUTED)
        y += 48
    y += 16
    for size, lines in ((58, 3), (50, 4), (44, 4)):
        title = _wrap(pen, petition.title, _font(True, size), inner, lines)
        if not title[-1].endswith("…") or size == 44:
            break
    for line in title:
        pen.text((margin, y), line, font=_font(True, size), fill=INK)
        y += int(size * 1.22)
    figures = _("%(count)s of %(goal)s signatures") % {
        "count": number_format(count, force_grouping=True),
        "goal": number_format(goal, force_grouping=True),
    }
    pen.text((margin, 452), figures, font=_font(True, 40), fill=INK)
    pen.rounded_rectangle((margin, 516, margin + inner, 544), radius=14, fill=TRACK)
    done = round(inner * min(1, count / goal)) if goal else 0
    if done >= 28:
        pen.rounded_rectangle((margin, 516, margin + done, 544), radius=14, fill=BAR)
    footer = _font(True, 30)
    pen.text((margin, 570), "Firmamos", font=footer, fill=ACCENT)
    ask = _("Sign the petition")
    pen.text((WIDTH - margin - pen.textlength(ask, font=footer), 570), ask, font=footer, fill=INK)
    out = BytesIO()
    image.save(out, "PNG", optimize=True)
    return out.getvalue()


def describe(text, limit=200):
    """`text` cut to at most `limit` characters at a word, with an ellipsis when cut."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    if " " in cut:
        cut = cut.rsplit(" ", 1)[0]
    return cut.rstrip(" ,;:.—–-") + "…"

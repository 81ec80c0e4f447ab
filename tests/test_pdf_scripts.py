"""Names in every script print in the PDF packet from embedded fonts, right-to-left ones joined
and in reading order."""

import unicodedata
from datetime import UTC, datetime

import pytest
from pypdf.generic import ContentStream
from reportlab.lib.styles import ParagraphStyle

from petitions.models import Signature
from petitions.pdf import fonts
from tests.test_pdf_packet import add, render

NAMES = [
    # (first, last, town, zip)
    ("小明", "王", "Hartford", "06106"),  # Chinese
    ("さくら", "田中", "Hartford", "06106"),  # Japanese: kana and Han
    ("민준", "김", "New Haven", "06511"),  # Korean
    ("محمد", "علي", "New Haven", "06511"),  # Arabic
    ("שרה", "כהן", "Bridgeport", "06604"),  # Hebrew
    ("José", "Núñez", "Bridgeport", "06604"),
]

# "محمد علي" as a PDF draws it, left to right: علي then محمد, each letter in its joined form.
ARABIC_DRAWN = (
    "\ufef2\ufee0\ufecb"  # ي final, ل medial, ع initial
    " "
    "\ufeaa\ufee4\ufea4\ufee3"  # د final, م medial, ح medial, م initial
)


@pytest.fixture
def scripts(petition):
    for n, (first, last, town, zip_code) in enumerate(NAMES):
        when = datetime(2018, 3, 1 + n, 15, tzinfo=UTC)
        add(petition, first, last, f"s{n}@example.com", zip_code, town, "en", when=when)
    return Signature.objects.filter(petition=petition)


def fonts_drawing_text(reader):
    """{base font name: embedded as a TrueType file?} for every font that draws text on a page.

    (reportlab also lists Helvetica, its starting font, which draws nothing in our PDFs.)"""
    found = {}
    for page in reader.pages:
        resources = page["/Resources"]["/Font"]
        current = None
        for operands, operator in ContentStream(page.get_contents(), reader).operations:
            if operator == b"Tf":
                current = resources[operands[0]].get_object()
            elif operator in (b"Tj", b"TJ", b"'", b'"'):
                parts = current.get("/DescendantFonts") or [current]
                descriptors = [part.get_object().get("/FontDescriptor") for part in parts]
                embedded = any(d and "/FontFile2" in d.get_object() for d in descriptors)
                found[str(current["/BaseFont"])] = embedded
    return found


def test_every_font_that_draws_text_is_embedded(petition, scripts):
    _pages, reader, _texts = render(petition, scripts)
    found = fonts_drawing_text(reader)
    for name in ("DejaVuSans", "DejaVuSans-Bold", "DroidSansFallback", "NanumSquare"):
        assert any(
            base.endswith("+" + name) or base.endswith("+" + name + "R") for base in found
        ), f"{name} draws nothing: {sorted(found)}"
    assert all(found.values()), found


def test_chinese_japanese_and_korean_names_print_as_written(petition, scripts):
    _pages, _reader, texts = render(petition, scripts)
    whole = " ".join(texts)
    for name in ("小明 王", "さくら 田中", "민준 김", "José Núñez"):
        assert name in whole


def test_arabic_and_hebrew_names_are_drawn_joined_and_right_to_left(petition, scripts):
    _pages, _reader, texts = render(petition, scripts)
    whole = " ".join(texts)
    # pypdf reads right-to-left text drawn in visual order back into reading order, so the names
    # come back as written; Arabic in its joined letter forms, which NFKC maps to plain letters.
    assert ARABIC_DRAWN[::-1] in whole
    assert "محمد علي" not in whole
    assert "محمد علي" in unicodedata.normalize("NFKC", whole)
    assert "שרה כהן" in whole


def test_display_shapes_and_reorders_only_right_to_left_text():
    assert fonts.display("محمد علي") == ARABIC_DRAWN
    assert fonts.display("שרה כהן") == "ןהכ הרש"
    assert fonts.display("لا") == "\ufefb"  # lam-alef ligature, which DejaVu Sans has
    for text in ("José Núñez", "小明 王", "Иван"):
        assert fonts.display(text) == text
    # A Latin word inside Arabic keeps its own left-to-right order.
    assert "Hartford" in fonts.display("محمد من Hartford")


def test_shaped_arabic_persian_and_hebrew_letters_are_all_in_dejavu_sans():
    covered = fonts.register()
    for text in ("محمد علي", "فاطمة الزهراء", "عبد الله", "پرویز گلناز ژاله چنگیز", "שרה כהן"):
        for char in fonts.display(text).replace(" ", ""):
            assert ord(char) in covered[fonts.REGULAR], (text, hex(ord(char)))
            assert ord(char) in covered[fonts.BOLD], (text, hex(ord(char)))


@pytest.mark.parametrize(
    "text, runs",
    [
        ("王小明", {"DroidSansFallback": "王小明"}),
        ("田中 さくら", {"DroidSansFallback": "田中"}),
        ("김민준", {"NanumSquare": "김민준"}),
        ("김 李承晩", {"NanumSquare": "李承晩"}),  # Hanja next to Hangul: the Korean font
        ("Ana 王", {"DroidSansFallback": "王"}),
    ],
)
def test_each_run_of_characters_gets_a_font_that_has_it(text, runs):
    markup = fonts.markup(text)
    for font, run in runs.items():
        assert f'<font name="{font}">{run}</font>' in markup
    covered = fonts.register()
    for char in text.replace(" ", ""):
        assert ord(char) in covered[fonts.font_for(char, korean="김" in text)]


def test_latin_text_needs_no_markup():
    assert not fonts.needs_markup("José María Nuñez-Ortiz")
    assert fonts.needs_markup("محمد") and fonts.needs_markup("王")


# "We want rights for every family in Connecticut, from Hartford to New Haven and from Bridgeport to
# Waterbury; we ask the lawmakers to protect our neighbours, children and workers in every city and
# village, and we demand justice and dignity for every person who lives here." No two lines alike.
ARABIC_COMMENT = (
    "نحن نريد حقوق كل عائلة في كونيتيكت من هارتفورد إلى نيو هيفن ومن بريدجبورت إلى ووتربري "
    "نطلب من المشرعين حماية جيراننا وأطفالنا وعمالنا في كل مدينة وقرية "
    "ونطالب بالعدالة والكرامة لكل إنسان يعيش هنا"
)


def test_a_long_right_to_left_comment_keeps_its_reading_order_from_line_to_line(petition):
    add(petition, "محمد", "علي", "m@example.com", "06511", "New Haven", "en", ARABIC_COMMENT)
    _pages, reader, texts = render(petition, Signature.objects.all(), include_comments=True)
    raw = unicodedata.normalize("NFKC", reader.pages[-1].extract_text())
    assert ARABIC_COMMENT not in raw  # it takes more than one line...
    assert ARABIC_COMMENT in unicodedata.normalize("NFKC", texts[-1])  # ...and reads on in order


def test_right_to_left_lines_read_in_order_top_to_bottom():
    style = ParagraphStyle("s", fontName=fonts.REGULAR, fontSize=8)
    text = ARABIC_COMMENT
    lines = fonts.lines(text, 120, style)
    assert len(lines) > 2
    for line in lines:
        assert fonts.width(line, 8) <= 120
    # Each line is drawn reversed; read right to left, the lines give back the text in order.
    read = " ".join(unicodedata.normalize("NFKC", line)[::-1] for line in lines)
    assert read == text

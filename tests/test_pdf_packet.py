"""The PDF delivery packet: its text, extracted from the PDF (pypdf), read as a reader would."""

import io
from datetime import UTC, datetime

import pytest
from pypdf import PdfReader

from petitions import signing
from petitions.models import Signature
from petitions.pdf import build_packet

SIGNERS = [
    # (first, last, email, zip, town, language, comment)
    ("José María", "Nuñez-Ortiz", "jose@example.com", "06106", "Hartford", "es", "¡Sí se puede!"),
    ("Nguyễn Thị", "Hoa", "hoa@example.com", "06106", "Hartford", "en", ""),
    ("小明", "王", "wang@example.com", "06105", "Hartford", "en", "为了我们的家庭"),
    ("Ana", "García", "ana@example.com", "06511", "New Haven", "es", ""),
    ("Björk", "Guðmundsdóttir", "bjork@example.com", "06511", "New Haven", "en", ""),
    (
        "Иван",
        "Петров",
        "ivan@example.com",
        "06604",
        "Bridgeport",
        "en",
        "Solidarity from Bridgeport",
    ),
]


def add(petition, first, last, email, zip_code, town, language, comment="", when=None):
    data = {
        "first_name": first,
        "last_name": last,
        "email": email,
        "postal_code": zip_code,
        "town": town,
        "state": "CT",
        "comment": comment,
    }
    signature, created = signing.sign(petition, data, language=language)
    assert created
    if when:
        Signature.objects.filter(pk=signature.pk).update(signed_at=when)
    return signature


@pytest.fixture
def signed(petition):
    for n, signer in enumerate(SIGNERS):
        add(petition, *signer, when=datetime(2018, 3, 1 + n, 15, tzinfo=UTC))
    return Signature.objects.filter(petition=petition)


def render(petition, signatures, **options):
    out = io.BytesIO()
    pages = build_packet(petition, signatures, out, **options)
    reader = PdfReader(io.BytesIO(out.getvalue()))
    texts = [" ".join(page.extract_text().split()) for page in reader.pages]
    return pages, reader, texts


def test_cover_shows_the_petition_in_both_languages_and_the_figures(petition, signed):
    pages, reader, texts = render(petition, signed)
    cover = texts[0]
    for text in (
        "Support the Connecticut Trust Act!",
        "Apoyen la Ley de Confianza de Connecticut!",
        "To: Connecticut General Assembly",
        "Para: Asamblea General de Connecticut",
        "Pass the 2018 Connecticut Trust Act",
        "Aprueben la Ley de Confianza de 2018",
    ):
        assert text in cover
    assert "Signatures in this packet / Firmas en este paquete 6" in cover
    assert "Signed in English / Firmadas en inglés 4" in cover
    assert "Signed in Spanish / Firmadas en español 2" in cover
    assert "Period covered / Período cubierto March 1, 2018 – March 6, 2018" in cover
    assert "1 de marzo de 2018 – 6 de marzo de 2018" in cover
    assert "Total: 6" in cover


def test_period_and_delivery_date_as_given(petition, signed):
    period = (datetime(2018, 2, 1, 5, tzinfo=UTC), datetime(2018, 4, 30, 20, tzinfo=UTC))
    _pages, _reader, texts = render(
        petition, signed, period=period, delivery_date=datetime(2018, 5, 2).date()
    )
    assert "February 1, 2018 – April 30, 2018" in texts[0]
    assert "1 de febrero de 2018 – 30 de abril de 2018" in texts[0]
    assert "Delivery date / Fecha de entrega May 2, 2018 / 2 de mayo de 2018" in texts[0]
    assert "February 1, 2018 – April 30, 2018" in texts[-1]  # the footer


def test_towns_with_their_subtotals_and_signers_numbered_in_town_order(petition, signed):
    _pages, _reader, texts = render(petition, signed)
    whole = " ".join(texts)
    assert "Bridgeport, CT — 1 signature / 1 firma" in whole
    assert "Hartford, CT — 3 signatures / 3 firmas" in whole
    assert "New Haven, CT — 2 signatures / 2 firmas" in whole
    assert "Subtotal for Hartford, CT: 3 / Subtotal de Hartford, CT: 3" in whole
    assert "Subtotal for New Haven, CT: 2" in whole
    assert "Subtotal for Bridgeport, CT: 1" in whole
    # Towns in alphabetical order, each town's signers in the order they signed.
    assert whole.index("Bridgeport, CT —") < whole.index("Hartford, CT —")
    assert whole.index("Hartford, CT —") < whole.index("New Haven, CT —")
    assert "1 Иван Петров Bridgeport 06604 2018-03-06 EN" in whole
    assert "2 José María Nuñez-Ortiz Hartford 06106 2018-03-01 ES" in whole
    assert whole.index("Nuñez-Ortiz") < whole.index("Nguyễn Thị Hoa") < whole.index("小明")


def test_every_name_prints_as_written(petition, signed):
    _pages, _reader, texts = render(petition, signed)
    whole = " ".join(texts)
    for name in (
        "José María Nuñez-Ortiz",
        "Nguyễn Thị Hoa",
        "Björk Guðmundsdóttir",
        "Иван Петров",
        "Ana García",
    ):
        assert name in whole
    assert "小明" in whole and "王" in whole


def test_text_is_nfkc_normalised(petition):
    add(petition, "Jose\u0301", "Ｒｏｄｒｉｇｕｅｚ", "r@example.com", "06106", "Hartford", "es")
    _pages, _reader, texts = render(petition, Signature.objects.all())
    assert "José Rodriguez" in texts[-1]


def test_dejavu_sans_is_embedded(petition, signed):
    _pages, reader, _texts = render(petition, signed)
    embedded = set()
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            descendants = font.get("/DescendantFonts") or [font]
            for part in descendants:
                descriptor = part.get_object().get("/FontDescriptor")
                if descriptor and "/FontFile2" in descriptor.get_object():
                    embedded.add(str(font["/BaseFont"]))
    assert any("DejaVuSans" in name for name in embedded)


def test_page_x_of_y_on_every_page(petition, signed):
    pages, reader, texts = render(petition, signed)
    assert pages == len(reader.pages) >= 2
    for number, text in enumerate(texts, start=1):
        assert f"Page {number} of {pages} / Página {number} de {pages}" in text
        assert "Support the Connecticut Trust Act!" in text  # the footer names the petition


def test_emails_only_when_asked(petition, signed):
    _pages, _reader, texts = render(petition, signed)
    assert "@example.com" not in " ".join(texts)
    _pages, _reader, texts = render(petition, signed, include_emails=True)
    whole = " ".join(texts)
    assert "jose@example.com" in whole and "ivan@example.com" in whole
    assert "Email / Correo electrónico" in whole


def test_comments_only_when_asked(petition, signed):
    _pages, _reader, texts = render(petition, signed)
    assert "Sí se puede" not in " ".join(texts)
    _pages, _reader, texts = render(petition, signed, include_comments=True)
    whole = " ".join(texts)
    assert "¡Sí se puede!" in whole
    assert "Solidarity from Bridgeport" in whole
    assert "为了我们的家庭" in whole


@pytest.mark.parametrize(
    ("headings", "present", "absent"),
    [
        (
            ("en",),
            ["Signatures in this packet 6", "Hartford, CT — 3 signatures", "Page 1 of", "Town"],
            ["Firmas en este paquete", "firmas", "Página", "Pueblo o ciudad", "Subtotal de"],
        ),
        (
            ("es",),
            [
                "Firmas en este paquete 6",
                "Hartford, CT — 3 firmas",
                "Página 1 de",
                "Pueblo o ciudad",
            ],
            ["Signatures in this packet", "signatures", "Page 1", "Town ", "Subtotal for"],
        ),
    ],
)
def test_headings_in_the_language_asked_for(petition, signed, headings, present, absent):
    _pages, _reader, texts = render(petition, signed, headings=headings)
    whole = " ".join(texts)
    for text in present:
        assert text in whole
    for text in absent:
        assert text not in whole
    # The petition itself is always there in both languages.
    assert "Connecticut General Assembly" in whole and "Asamblea General de Connecticut" in whole


def test_a_list_of_signatures_works_like_a_queryset(petition, signed):
    pages_qs, _reader, texts_qs = render(petition, signed)
    pages_list, _reader, texts_list = render(petition, list(signed))
    assert pages_qs == pages_list
    assert texts_qs == texts_list


def test_huge_comment_long_town_and_unbroken_name_keep_the_layout(petition, signed):
    long_town = "Town " + "Of Very Long Names " * 4
    add(petition, "A" * 100, "B" * 100, "long@example.com", "06106", long_town, "en", "x" * 10_000)
    add(petition, "Sam", "Lee", "lee@example.com", "06106", "Hartford", "en", "palabra " * 1250)
    pages, _reader, texts = render(petition, Signature.objects.all(), include_comments=True)
    whole = " ".join(texts)
    assert pages <= 4
    assert "x" * 10_000 not in "".join(whole.split())
    assert "xxxxxxxxxx" in whole and "…" in whole
    assert "Subtotal for Town Of Very Long Names" in whole
    assert "palabra palabra" in whole


def test_no_signatures_gives_a_cover_that_says_so(petition):
    pages, _reader, texts = render(petition, Signature.objects.none(), headings=("en",))
    assert pages == 1
    assert "No signatures in this period." in texts[0]
    assert "Signatures in this packet 0" in texts[0]


def test_unknown_heading_language_is_refused(petition):
    with pytest.raises(ValueError):
        build_packet(petition, [], io.BytesIO(), headings=("fr",))


def test_a_statement_longer_than_a_page_runs_on(petition):
    petition.statement_en = "Pass the Trust Act now. " * 600 + "The very end."
    pages, _reader, texts = render(petition, [])
    assert pages > 1
    assert "The very end." in " ".join(texts)

"""The blank bilingual signature sheet for rallies."""

import io
import shutil
import subprocess

import pytest
from pypdf import PdfReader

from petitions.pdf import build_signature_sheet, sheet

BASE = "https://firmamos.example.org"
EN_URL = f"{BASE}/en/petitions/trust-act-2018/"
ES_URL = f"{BASE}/es/peticiones/trust-act-2018/"


def render(petition, base_url=BASE + "/"):
    out = io.BytesIO()
    build_signature_sheet(petition, out, base_url=base_url)
    return out.getvalue()


def text_of(pdf):
    reader = PdfReader(io.BytesIO(pdf))
    return len(reader.pages), " ".join(" ".join(p.extract_text().split()) for p in reader.pages)


def test_the_sheet_speaks_both_languages(petition):
    pages, text = text_of(render(petition))
    assert pages == 1
    for words in (
        "Support the Connecticut Trust Act!",
        "Apoyen la Ley de Confianza de Connecticut!",
        "To: Connecticut General Assembly",
        "Para: Asamblea General de Connecticut",
        "Pass the 2018 Connecticut Trust Act",
        "Aprueben la Ley de Confianza de 2018",
        "Please write clearly, one person per line.",
        "Escriba con letra clara, una persona por línea.",
    ):
        assert words in text
    # One column per sign-form field, labelled in English and Spanish.
    for english, spanish in (
        ("First name", "Nombre"),
        ("Last name", "Apellido"),
        ("Email", "Correo electrónico"),
        ("ZIP", "Código postal"),
        ("Town", "Pueblo o ciudad"),
        ("Signature", "Firma"),
        ("Keep me updated", "Quiero recibir noticias"),
    ):
        assert f"{english} {spanish}" in text


def test_numbered_lines_fill_the_page(petition):
    _pages, text = text_of(render(petition))
    numbers = [
        int(word)
        for word in text.rsplit("Quiero recibir noticias", 1)[1].split()[:40]
        if word.isdigit()
    ]
    assert numbers[: sheet.MIN_ROWS] == list(range(1, sheet.MIN_ROWS + 1))
    assert len(numbers) >= 10


def test_the_petition_urls_in_each_language(petition):
    assert sheet.petition_urls(petition, BASE + "/") == {"en": EN_URL, "es": ES_URL}
    _pages, text = text_of(render(petition))
    assert EN_URL in text and ES_URL in text


def test_the_qr_codes_encode_the_petition_urls(petition, monkeypatch):
    encoded = []

    class Recording(sheet.QrCodeWidget):
        def __init__(self, value, *args, **kwargs):
            encoded.append(value)
            super().__init__(value, *args, **kwargs)

    monkeypatch.setattr(sheet, "QrCodeWidget", Recording)
    render(petition)
    assert encoded == [EN_URL, ES_URL]


@pytest.mark.skipif(
    not (shutil.which("zbarimg") and shutil.which("pdftoppm")),
    reason="decoding needs zbarimg (zbar-tools) and pdftoppm (poppler-utils)",
)
def test_the_printed_qr_codes_decode_to_the_urls(petition, tmp_path):
    (tmp_path / "sheet.pdf").write_bytes(render(petition))
    subprocess.run(["pdftoppm", "-png", "-r", "200", "sheet.pdf", "page"], cwd=tmp_path, check=True)
    image = next(tmp_path.glob("page*.png"))
    result = subprocess.run(
        ["zbarimg", "--quiet", "--raw", str(image)], capture_output=True, text=True, check=True
    )
    assert sorted(result.stdout.split()) == [EN_URL, ES_URL]


def test_a_long_statement_still_fits_one_page(petition):
    petition.statement_en = petition.statement_en * 20
    petition.title_es = petition.title_es * 2
    pages, text = text_of(render(petition))
    assert pages == 1
    assert "…" in text

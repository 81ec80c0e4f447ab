"""Exported files speak Spanish when Spanish is asked: no English catalogue string in them."""

import io

import openpyxl
from pypdf import PdfReader

from petitions.exports import write_export
from petitions.models import Signature
from tests.signature_helpers import add_signature
from tests.spanish_text import english_in


def _export(petition, fmt, headings):
    add_signature(petition, language="es", comment="Por nuestras familias")
    add_signature(petition, language="en", town="New Haven", postal_code="06511")
    out = io.BytesIO()
    write_export(
        fmt,
        Signature.objects.filter(petition=petition),
        out,
        petition=petition,
        headings=headings,
        include_comments=True,
    )
    return out.getvalue()


def test_xlsx_headings_in_spanish(petition):
    workbook = openpyxl.load_workbook(io.BytesIO(_export(petition, "xlsx", ("es",))))
    headings = [cell.value for cell in next(workbook.active.iter_rows(max_row=1))]
    assert "Nombre" in headings and "Apellido" in headings
    assert english_in(" ".join(str(h) for h in headings)) == []


def test_xlsx_headings_in_english_are_english(petition):
    workbook = openpyxl.load_workbook(io.BytesIO(_export(petition, "xlsx", ("en",))))
    headings = [cell.value for cell in next(workbook.active.iter_rows(max_row=1))]
    assert "First name" in headings
    assert english_in(" ".join(str(h) for h in headings))  # the check can see English


def test_pdf_packet_headings_in_spanish(petition):
    """The cover shows the petition in both languages on purpose; every page after it (the
    signatures by town, subtotals, footers) must be Spanish only."""
    pages = [
        page.extract_text()
        for page in PdfReader(io.BytesIO(_export(petition, "pdf", ("es",)))).pages
    ]
    assert "Página 1 de" in pages[0]
    assert "Protejan a los residentes" in pages[0] and "Protect Connecticut Residents" in pages[0]
    after_cover = " ".join(pages[1:])
    assert "Subtotal" in after_cover or "subtotal" in after_cover
    assert english_in(after_cover) == []

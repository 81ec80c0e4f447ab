"""The fast XLSX export (petitions/exports/xlsx.py): the reference's cells, split over sheets.

The reference is `SignatureRows.sheet_rows` (model instances, `Column.sheet_value`). On the same
adversarial data as the CSV's differential test, under every filter and in one and two languages,
the workbook must hold exactly its cells: text as typed and as text, a real date in Connecticut
time, the words in the headings' languages. Past Excel's row limit (patched small here) the rows
go on in more sheets, each with its headings, frozen, in order.
"""

import datetime
import io
import re

import openpyxl
import pytest
from django.utils import translation

from petitions.exports import SignatureRows, write_export
from petitions.exports import xlsx as xlsx_module
from petitions.models import Signature
from tests.signature_helpers import add_signature, at
from tests.test_fast_csv import FILTERS, nasty_signatures

# OOXML writes a control character (a carriage return, U+0001...) as _xHHHH_; Excel reads it back.
ESCAPED = re.compile(r"_x([0-9A-F]{4})_")


def read_workbook(signatures, headings=("en",), progress=None):
    out = io.BytesIO()
    write_export("xlsx", signatures, out, headings=headings, progress=progress)
    return openpyxl.load_workbook(io.BytesIO(out.getvalue()))


def cells(sheet):
    rows = []
    for row in sheet.iter_rows():
        values = []
        for cell in row:
            value = cell.value
            if isinstance(value, str):
                assert cell.data_type == "s", f"{value!r} must be text, never a formula"
                value = ESCAPED.sub(lambda m: chr(int(m.group(1), 16)), value)
            values.append(value)
        rows.append(values)
    return rows


def reference(signatures, headings):
    """The reference's rows, as a sheet holds them: an empty text is an empty cell, and no cell
    holds more than Excel's 32,767 characters."""
    rows = SignatureRows(signatures)
    with translation.override(headings[0]):
        expected = [rows.headings(headings)]
        for row in rows.sheet_rows(headings):
            expected.append(
                [
                    (value[: xlsx_module.CELL_CHARACTERS] or None)
                    if isinstance(value, str)
                    else value
                    for value in row
                ]
            )
    return expected


def same_moment(written, expected):
    """The same second (the sheet shows minutes; Excel keeps a time as a fraction of a day)."""
    return written == expected.replace(microsecond=0)


@pytest.mark.parametrize("headings", [("en",), ("es",), ("en", "es")])
@pytest.mark.parametrize("export_filter", FILTERS, ids=["all", "since", "es", "range"])
def test_cells_equal_the_reference(petition, export_filter, headings):
    nasty_signatures(petition)
    long_comment = add_signature(petition)
    Signature.objects.filter(pk=long_comment.pk).update(comment="¡Sí! " * 8_000)  # 40,000
    signatures = export_filter.signatures(petition)
    expected = reference(signatures, headings)
    assert len(expected) > 5, "the filter left rows to compare"
    workbook = read_workbook(signatures, headings)
    assert len(workbook.worksheets) == 1
    written = cells(workbook.active)
    assert written[0] == expected[0]
    assert len(written) == len(expected)
    for got, want in zip(written[1:], expected[1:], strict=True):
        assert same_moment(got[0], want[0]) and isinstance(got[0], datetime.datetime)
        assert got[1:] == want[1:]


def test_the_sheet_keeps_its_formats(petition):
    add_signature(petition, signed_at=at(1, 9))
    sheet = read_workbook(Signature.objects.filter(petition=petition)).active
    assert sheet.title == "Signatures"
    assert sheet.freeze_panes == "A2"
    assert all(cell.font.b for cell in sheet[1])
    assert sheet.cell(2, 1).is_date and "yyyy-mm-dd" in sheet.cell(2, 1).number_format
    assert sheet.cell(2, 5).data_type == "s"
    # Widths in characters, as the column spec says (Excel stores them with its padding).
    widths = {}
    for dimension in sheet.column_dimensions.values():
        widths.update(dict.fromkeys(range(dimension.min, dimension.max + 1), dimension.width))
    for number, spec in enumerate(SignatureRows.columns, start=1):
        if spec.width:
            assert spec.width <= widths[number] < spec.width + 1


def test_no_signatures_still_has_the_headings(petition):
    sheet = read_workbook(Signature.objects.none(), ("es",)).active
    assert list(sheet.iter_rows(values_only=True)) == [tuple(SignatureRows(None).headings(("es",)))]


@pytest.mark.parametrize(("signers", "sheets"), [(7, [3, 3, 1]), (6, [3, 3]), (3, [3])])
def test_rows_go_on_in_more_sheets_past_the_limit(petition, monkeypatch, signers, sheets):
    monkeypatch.setattr(xlsx_module, "SHEET_ROWS", 4)  # a heading and three signatures a sheet
    for day in range(1, signers + 1):
        add_signature(petition, email=f"day{day}@example.com", signed_at=at(day))
    signatures = Signature.objects.filter(petition=petition)
    reported = []
    workbook = read_workbook(signatures, ("es",), progress=reported.append)
    assert sum(reported) == signers
    titles = ["Firmas", "Firmas 2", "Firmas 3"][: len(sheets)]
    assert [sheet.title for sheet in workbook.worksheets] == titles
    emails = []
    for sheet, size in zip(workbook.worksheets, sheets, strict=True):
        rows = list(sheet.iter_rows(values_only=True))
        assert rows[0][1] == "Nombre" and sheet.freeze_panes == "A2"
        assert len(rows) == 1 + size
        emails += [row[3] for row in rows[1:]]
    assert emails == [f"day{day}@example.com" for day in range(1, signers + 1)]


def test_excel_row_limit_and_sheet_names():
    """The real limit: 1,048,576 rows a sheet (2**20), one of them the headings."""
    assert xlsx_module.SHEET_ROWS == 2**20
    assert xlsx_module.sheet_count(0) == 1
    assert xlsx_module.sheet_count(1_000_000) == 1
    assert xlsx_module.sheet_count(1_048_575) == 1
    assert xlsx_module.sheet_count(1_048_576) == 2
    assert xlsx_module.sheet_count(2 * 1_048_575) == 2
    assert xlsx_module.sheet_count(2 * 1_048_575 + 1) == 3
    names = xlsx_module.sheet_names(12)
    assert names[0] == "Signatures" and names[11] == "Signatures 12"
    assert all(len(name) <= 31 for name in names) and len(set(names)) == 12

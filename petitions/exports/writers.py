"""CSV and XLSX from `SignatureRows`, streamed: memory stays flat however many rows there are."""

import datetime
import io

import xlsxwriter
from defusedcsv import csv as defusedcsv
from django.utils.translation import gettext as _

CSV_BATCH = 500


def _csv_value(value):
    if isinstance(value, bool):
        return "true" if value else "false"
    return value


def csv_header(header):
    """The CSV's first bytes: a byte-order mark and the header row, written by defusedcsv."""
    buffer = io.StringIO()
    buffer.write("\ufeff")
    defusedcsv.writer(buffer).writerow(header)
    return buffer.getvalue().encode("utf-8")


def csv_chunks(rows, make_writer, progress=None):
    """Write `rows` with `make_writer(buffer)` (a csv writer) and yield UTF-8 bytes every
    CSV_BATCH rows, so that a streamed export never holds more than one batch."""
    buffer = io.StringIO()
    write = make_writer(buffer).writerow
    number = 0
    for number, row in enumerate(rows, start=1):  # noqa: B007 (used after the loop)
        write(row)
        if number % CSV_BATCH == 0:
            yield buffer.getvalue().encode("utf-8")
            buffer.seek(0)
            buffer.truncate()
            if progress:
                progress(CSV_BATCH)
    yield buffer.getvalue().encode("utf-8")
    if progress:
        progress(number % CSV_BATCH)


def iter_csv(rows, progress=None):
    """UTF-8 CSV (with a byte-order mark, so Excel reads "Nuñez" right), in chunks of bytes.

    The header is DESIGN.md's column names whatever the language: scripts and the paper import
    read it.
    """
    yield csv_header(rows.header())
    values = ([_csv_value(value) for value in row] for row in rows)
    yield from csv_chunks(values, defusedcsv.writer, progress)


def write_xlsx(rows, out, languages=None, progress=None):
    """An XLSX workbook for people: headings and words (language, source, yes/no) in the active
    language or each of `languages`, the signing time as a real date and time in Connecticut,
    columns as wide as `rows.columns` (the export's column spec) says.

    xlsxwriter in constant-memory mode writes each row to disk as it goes. Every text cell is
    written with `write_string`, so nothing is ever stored as a formula: text stays exactly as
    typed, with no apostrophe (that guard is for CSV, which has no types).
    """
    workbook = xlsxwriter.Workbook(
        out,
        {
            "constant_memory": True,
            "strings_to_formulas": False,
            "strings_to_numbers": False,
            "strings_to_urls": False,
        },
    )
    sheet = workbook.add_worksheet(_("Signatures")[:31])
    bold = workbook.add_format({"bold": True})
    when = workbook.add_format({"num_format": "yyyy-mm-dd hh:mm"})
    for column, heading in enumerate(rows.headings(languages)):
        sheet.write_string(0, column, heading, bold)
    sheet.freeze_panes(1, 0)
    for column, spec in enumerate(rows.columns):
        if spec.width:
            sheet.set_column(column, column, spec.width)
    for number, row in enumerate(rows.sheet_rows(languages), start=1):
        for column, value in enumerate(row):
            if isinstance(value, datetime.datetime):
                sheet.write_datetime(number, column, value, when)
            elif value:
                sheet.write_string(number, column, str(value))
        if progress:
            progress(1)
    workbook.close()

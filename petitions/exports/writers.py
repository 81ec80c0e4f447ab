"""CSV from `SignatureRows`, streamed: memory stays flat however many rows there are.

XLSX: `petitions.exports.xlsx`."""

import io

from defusedcsv import csv as defusedcsv

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

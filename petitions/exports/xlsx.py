"""The XLSX export, fast: the cells of `SignatureRows.sheet_rows`, in a workbook for people.

`SignatureRows.sheet_rows` (columns.py: model instances, `Column.sheet_value` per cell) is the
reference; tests/test_xlsx_export.py holds this path's cells to it. Here the database reads
`values_list` tuples (a comment cut at Excel's cell limit in SQL) and Python finishes only what it
must: the Connecticut time, and each language, source, yes/no and delivery through a lookup
computed once per export, not per row.

The workbook is written by rust_xlsxwriter (through rustpy-xlsxwriter), which writes each row to
disk as it reads it (constant memory), and writes a Python `str` as text, never as a formula or a
number: text stays exactly as typed, with no apostrophe (that guard is for CSV, which has no types).
Measured on 100,000 signatures, writing the cells with xlsxwriter (pure Python, one call per cell)
took about 7 times as long as this, with nothing else to do.

Excel shows at most `SHEET_ROWS` rows a sheet, the heading row included: a longer export goes on
in more sheets ("Signatures", "Signatures 2", ...), each with the headings, frozen.
"""

import shutil
import tempfile
from itertools import chain, islice

from django.db.models import BooleanField, Count, ExpressionWrapper, F, Q, Window
from django.db.models.functions import Left
from django.utils.translation import gettext as _
from rustpy_xlsxwriter import write_worksheets

from petitions.exports.columns import (
    CHOICES,
    CHUNK_SIZE,
    CODE,
    CONNECTICUT,
    DELIVERY,
    FLAG,
    IS_SET,
    MOMENT,
    NO,
    TEXT,
    YES,
    words,
)
from petitions.models import Delivery, Signature

# Excel's limits: rows in a sheet (the heading row included), characters in a cell, a sheet's name.
SHEET_ROWS = 1_048_576
CELL_CHARACTERS = 32_767
SHEET_NAME_CHARACTERS = 31
DATE_FORMAT = "yyyy-mm-dd hh:mm"
TOTAL = "sheet_total"
COPY_BYTES = 1024 * 1024


def write_xlsx(rows, out, languages=None, progress=None):
    """An XLSX workbook of `rows` (a `SignatureRows`) to the binary file `out`: headings and words
    (language, source, yes/no) in the active language or each of `languages`, the signing time as
    a real date and time in Connecticut, columns as wide as `rows.columns` says, the headings
    frozen. Calls `progress(n)` as rows are written."""
    headings = rows.headings(languages)
    if len(set(headings)) != len(headings):
        raise ValueError("the XLSX headings name the columns: they must differ")
    total, values = sheet_values(rows, languages)
    records = (dict(zip(headings, row, strict=True)) for row in values)
    counter = Progress(progress)
    if progress:
        records = counter.counting(records)
    names = sheet_names(sheet_count(total))
    if total:
        sheets = [(name, islice(records, SHEET_ROWS - 1)) for name in names]
    else:  # the headings alone (a row of empty cells writes nothing)
        sheets = [(names[0], iter([dict.fromkeys(headings)]))]
    widths = {h: c.width for h, c in zip(headings, rows.columns, strict=True) if c.width}
    # Into a file of its own, then copied block by block: given a Python file object, the writer
    # would hold the whole zipped workbook in memory first (~50 MB a million rows, twice).
    with tempfile.NamedTemporaryFile(suffix=".xlsx") as workbook:
        write_worksheets(
            sheets,
            workbook.name,
            freeze_panes={"general": {"row": 1, "col": 0}},
            datetime_format=DATE_FORMAT,
            bold_headers=True,
            column_widths=dict.fromkeys(names, widths),
        )
        counter.finish()
        shutil.copyfileobj(workbook, out, COPY_BYTES)


def sheet_count(total):
    """How many sheets `total` rows take: at most `SHEET_ROWS` - 1 a sheet; one when none."""
    return max(1, -(-total // (SHEET_ROWS - 1)))


def sheet_names(count):
    """ "Signatures", then "Signatures 2", "Signatures 3"...: within Excel's 31 characters."""
    name = _("Signatures")[:SHEET_NAME_CHARACTERS]
    names = [name]
    for number in range(2, count + 1):
        suffix = f" {number}"
        names.append(name[: SHEET_NAME_CHARACTERS - len(suffix)] + suffix)
    return names


def sheet_values(rows, languages):
    """(how many rows, the rows as lists of cells in `rows.columns`' order).

    The count comes with the rows (a window over the same query), so it is the count of exactly
    the rows read, even while people sign.
    """
    cells = sheet_cells(rows.columns, languages)
    expressions = {f"sheet_{number}": expression for number, (expression, _f) in enumerate(cells)}
    query = (
        rows.signatures.select_related(None)
        .order_by("signed_at", "pk")
        .annotate(**expressions, **{TOTAL: Window(Count("*"))})
        .values_list(*expressions, TOTAL)
    )
    finishing = [(number, finish) for number, (_e, finish) in enumerate(cells) if finish]
    tuples = query.iterator(chunk_size=CHUNK_SIZE)
    first = next(tuples, None)
    if first is None:
        return 0, iter(())
    return first[-1], _finished(chain([first], tuples), finishing)


def _finished(tuples, finishing):
    for values in tuples:
        row = list(values[:-1])
        for number, finish in finishing:
            row[number] = finish(row[number])
        yield row


class Progress:
    """Calls `progress(n)` every `CHUNK_SIZE` rows read, and for the rest once written (a full
    last sheet is never read to its end, so the end of the rows cannot say it)."""

    def __init__(self, progress):
        self.progress = progress
        self.read = self.reported = 0

    def counting(self, records):
        for self.read, record in enumerate(records, start=1):  # noqa: B007 (read by finish)
            yield record
            if self.read % CHUNK_SIZE == 0:
                self.progress(CHUNK_SIZE)
                self.reported = self.read

    def finish(self):
        if self.progress and self.read > self.reported:
            self.progress(self.read - self.reported)


def connecticut_time(moment):
    """A naive datetime in Connecticut time: the sheet's date format shows it as it is."""
    return moment.astimezone(CONNECTICUT).replace(tzinfo=None)


def sheet_cells(columns, languages):
    """Per column: what the database reads, and how Python finishes it (None: as read).

    The same cells as `Column.sheet_value`, each word computed once per export.
    """
    yes, no = words(YES, languages), words(NO, languages)
    cells = []
    for column in columns:
        field = Signature._meta.get_field(column.field)
        if column.kind == MOMENT:
            cells.append((F(column.field), connecticut_time))
        elif column.kind == TEXT:
            cut = not field.max_length or field.max_length > CELL_CHARACTERS
            cells.append((Left(column.field, CELL_CHARACTERS) if cut else F(column.field), None))
        elif column.kind == CODE:
            cells.append((F(column.field), ChoiceWords(CHOICES[column.field], languages)))
        elif column.kind == FLAG:
            cells.append((F(column.field), {True: yes, False: no}.__getitem__))
        elif column.kind == IS_SET:
            is_set = ExpressionWrapper(Q(**{f"{column.field}__isnull": False}), BooleanField())
            cells.append((is_set, {True: yes, False: no}.__getitem__))
        elif column.kind == DELIVERY:
            cells.append((F(f"{column.field}_id"), DeliveryText()))
        else:
            raise ValueError(f"no sheet cell for a {column.kind!r} column")
    return cells


class ChoiceWords(dict):
    """A choice's label in `languages` by its stored value; a value with no label as it is."""

    def __init__(self, choices, languages):
        super().__init__({value: words(label, languages) for value, label in choices.items()})

    def __call__(self, value):
        return self.get(value, value)


class DeliveryText(dict):
    """`str(delivery)` by delivery id, each delivery read once; no delivery, an empty cell."""

    def __init__(self):
        super().__init__({None: None})

    def __call__(self, delivery_id):
        if delivery_id not in self:
            self[delivery_id] = str(Delivery.objects.get(pk=delivery_id))
        return self[delivery_id]

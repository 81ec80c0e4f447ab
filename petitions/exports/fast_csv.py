"""The CSV export, fast: the same bytes as `iter_csv(SignatureRows(...))`, in much less time.

`iter_csv(SignatureRows(signatures))` (writers.py) is the reference: model instances, `guard` on
each text cell, then `defusedcsv`'s writer. It stays the library path (and XLSX's rows); the
differential tests in tests/test_fast_csv.py hold these two paths to its output byte for byte.

- On PostgreSQL, the database writes the rows: `COPY (SELECT ...) TO STDOUT (FORMAT csv)`, streamed
  through psycopg's `cursor.copy()` block by block. The SELECT is the filtered queryset's own
  (`.values()` of ORM expressions), so the filters stay one implementation; `guard` is the SQL
  expression `sql_guarded`, built from the same `UNSAFE_FIRST_CHARACTERS`.
- Elsewhere (SQLite), the database computes the same cells (the guard, true/false: `sql_cell`)
  and Python writes them from `values_list` tuples, not model instances; only the timestamp and
  the delivery are finished in Python (`python_cells`).

Both read the one column spec, `petitions.exports.columns.COLUMNS`, through `sql_cell`.

Why the rows need no `defusedcsv` escaping here: `guard` runs first on every text cell, and it
prefixes every character defusedcsv would (`=`, `+`, `-`, `@`, `|`, `%`, plus tab and CR), so
what `guard` returns never starts with one of them and defusedcsv leaves it unchanged; the other
cells (timestamp, the language and source codes of the model's choices, booleans, `#id ...`
delivery) start with a digit, a letter or `#`. tests/test_fast_csv.py checks that property
against defusedcsv itself. What is kept from the libraries: defusedcsv writes the header row, the
stdlib `csv` writer (which defusedcsv wraps) quotes the rows in Python, and COPY's CSV quoting
(same rules: quote a cell holding `,`, `"`, CR or LF, double the quotes) writes them on
PostgreSQL.
"""

import csv

from django.db import connections
from django.db.models import (
    Case,
    CharField,
    F,
    Func,
    OuterRef,
    Q,
    Subquery,
    TextField,
    Value,
    When,
)
from django.db.models.functions import Cast, Coalesce, Concat, Ord
from django.db.models.lookups import In

from core.languages import translated
from petitions.exports.columns import (
    CHUNK_SIZE,
    CODE,
    COLUMNS,
    DELIVERY,
    FLAG,
    IS_SET,
    MOMENT,
    TEXT,
    SignatureRows,
)
from petitions.exports.safety import UNSAFE_FIRST_CHARACTERS
from petitions.exports.writers import csv_chunks, csv_header
from petitions.models import Delivery

BLOCK_BYTES = 256 * 1024
# No cell ever equals it: a guarded text never starts with `=`, and the other cells are a
# timestamp, true/false, the language and source codes, a delivery's `#id ...` or ''.
NULL_MARK = "=NULL"
# COPY ends every row with LF; the library path with CR LF. A last extra cell holding only CR is
# written by COPY as `"<CR>"`, so each row ends `,"<CR>"<LF>`, which nothing else can produce (a
# quote inside a quoted cell is doubled; a closing quote is followed by `,` or the row's end).
ROW_END_MARK = b',"\r"\n'
ROW_END = b"\r\n"


def iter_fast_csv(signatures, progress=None):
    """The CSV export of `signatures` (already filtered), in chunks of bytes."""
    if connections[signatures.db].vendor == "postgresql":
        return iter_copy_csv(signatures, progress=progress)
    return iter_python_csv(signatures, progress=progress)


def write_fast_csv(signatures, out, progress=None):
    for chunk in iter_fast_csv(signatures, progress=progress):
        out.write(chunk)


def delivery_labels():
    """Each delivery status's label in the active language, as `str(delivery)` shows it."""
    return {value: str(label) for value, label in Delivery.Status.choices}


# The cells in SQL: all of COPY's, most of the Python path's


def sql_guarded(expression):
    """`guard` in SQL: a leading apostrophe when the text starts with an unsafe character.

    Ord is the first character's code (PostgreSQL's ASCII(), 0 for an empty text; SQLite's
    UNICODE(), NULL): cheaper than comparing LEFT(, 1).
    """
    unsafe = In(Ord(expression), [ord(character) for character in UNSAFE_FIRST_CHARACTERS])
    return Case(
        When(unsafe, then=Concat(Value("'"), expression, output_field=TextField())),
        default=expression,
        output_field=TextField(),
    )


def sql_boolean(condition):
    return Case(
        When(condition, then=Value("true")), default=Value("false"), output_field=TextField()
    )


def sql_utc(field):
    """`iso_utc`: ISO 8601 in UTC to the second (truncated, like `isoformat`), with Z.

    The timestamp's own text output, truncated to the second ('YYYY-MM-DD HH:MM:SS': its one
    space becomes the 'T'), then the 'Z': on a million rows, ~0.08 s of the server's time less
    than `to_char` (0.34 s against 0.42 for this column alone, COPY to /dev/null).
    """
    moment = "date_trunc('second', %(expressions)s AT TIME ZONE 'UTC')::text"
    return Func(
        F(field),
        template=f"replace({moment}, ' ', 'T') || 'Z'",
        output_field=TextField(),
    )


def sql_delivery():
    """`str(delivery)` ("#id date · recipient", or the status's label without a date), guarded.

    A subquery run only for a signature in a delivery, rather than a join probed for every row.
    """
    status = Case(
        *[When(status=value, then=Value(label)) for value, label in delivery_labels().items()],
        output_field=TextField(),
    )
    day = Func(F("delivered_on"), Value("YYYY-MM-DD"), function="to_char", output_field=TextField())
    text = Concat(
        Value("#"),
        Cast("pk", TextField()),
        Value(" "),
        Coalesce(day, status),
        Value(" · "),
        translated("recipient"),
        output_field=TextField(),
    )
    delivery = (
        Delivery.objects.filter(pk=OuterRef("delivery_id"))
        .order_by()
        .annotate(export_text=sql_guarded(text))
        .values("export_text")
    )
    return Case(
        When(delivery__isnull=False, then=Subquery(delivery, output_field=TextField())),
        default=Value(""),
        output_field=TextField(),
    )


def sql_cell(column):
    """A column of the spec (`petitions.exports.columns`) as an SQL expression: its cell's text.

    None of them is ever NULL (an empty cell is ''), so that COPY's NULL marker, `NULL_MARK`, is
    never written: COPY quotes a text equal to its NULL marker, and the default marker is ''.
    """
    if column.kind == TEXT:
        return sql_guarded(F(column.field))
    if column.kind == CODE:
        return Cast(column.field, TextField())
    if column.kind == FLAG:
        return sql_boolean(Q(**{column.field: True}))
    if column.kind == IS_SET:
        return sql_boolean(Q(**{f"{column.field}__isnull": False}))
    if column.kind == MOMENT:
        return sql_utc(column.field)
    if column.kind == DELIVERY:
        return sql_delivery()
    raise ValueError(f"no SQL for a {column.kind!r} column")


def copy_columns():
    """The export's columns as SQL expressions, in DESIGN.md's order, then the row-end mark."""
    columns = {f"export_{number}": sql_cell(column) for number, column in enumerate(COLUMNS)}
    columns["export_row_end"] = Value("\r", output_field=CharField())
    return columns


def copy_sql(signatures):
    """The COPY statement and its parameters for the filtered queryset `signatures`."""
    query = signatures.select_related(None).order_by("signed_at", "pk").values(**copy_columns())
    sql, params = query.query.sql_with_params()
    return f"COPY ({sql}) TO STDOUT (FORMAT csv, NULL '{NULL_MARK}')", params


def iter_copy_csv(signatures, progress=None):
    yield csv_header(SignatureRows(signatures).header())
    statement, params = copy_sql(signatures)
    connection = connections[signatures.db]
    with connection.cursor() as cursor:
        saved = _set_for_copy(cursor)
        try:
            with cursor.cursor.copy(statement, params) as copy:
                pending = bytearray()
                read = copy.read  # a row per call; one generator less than `for block in copy`
                while block := read():
                    pending += block
                    if len(pending) >= BLOCK_BYTES and pending.endswith(ROW_END_MARK):
                        yield _finish_rows(pending, progress)
                if pending:
                    yield _finish_rows(pending, progress)
        finally:
            _put_back(cursor, saved)


# The session's settings for the COPY, put back as they were afterwards:
# - jit: the delivery subquery's estimated cost (per row, though it runs only for delivered
#   signatures) makes PostgreSQL spend ~0.3 s compiling the query with LLVM, more than it saves:
#   measured on 1,000,000 rows, COPY takes ~1.4 s without JIT, ~1.8 s with it.
# - datestyle: `sql_utc` reads the timestamp's text, which is ISO only under this style (a
#   server may be set to another, which Django and psycopg read as well).
# - enable_sort: the export's order (signed_at, id) is the index `signature_recent_id` read
#   backward, but PostgreSQL estimated a full scan and a sort cheaper: on 1,000,000 rows that
#   sort spilled 130 MB to disk and the query took 1.6 s, against 1.1 s reading the index (the
#   bare COPY the bench compares with reads it too). Off, a sort is still done where nothing
#   else gives the order.
COPY_SETTINGS = {"jit": "off", "datestyle": "ISO", "enable_sort": "off"}


def _set_for_copy(cursor):
    names = list(COPY_SETTINGS)
    cursor.execute("SELECT " + ", ".join(["current_setting(%s)"] * len(names)), names)
    saved = dict(zip(names, cursor.fetchone(), strict=True))
    _set(cursor, COPY_SETTINGS)
    return saved


def _put_back(cursor, saved):
    """The session's settings as they were; in a failed transaction its rollback does that."""
    from psycopg.pq import TransactionStatus

    if cursor.connection.info.transaction_status != TransactionStatus.INERROR:
        _set(cursor, saved)


def _set(cursor, settings):
    calls = ", ".join(["set_config(%s, %s, false)"] * len(settings))
    cursor.execute("SELECT " + calls, [item for pair in settings.items() for item in pair])


def _finish_rows(pending, progress):
    """The rows in `pending` (whole rows: it ends with a row's end) with CR LF row ends."""
    rows = bytes(pending)
    pending.clear()
    if progress:
        progress(rows.count(ROW_END_MARK))
    return rows.replace(ROW_END_MARK, ROW_END)


# Python (SQLite, and any other database)


def python_cells():
    """What `iter_python_csv` reads for each column, and how Python finishes it (or None).

    The database writes every cell it can (`sql_cell`: the guard, true/false), as on PostgreSQL;
    Python writes the timestamp (no portable SQL truncates it the same way) and the delivery (once
    per delivery), both with the spec's own `Column.cell`.
    """
    cells = []
    for column in COLUMNS:
        if column.kind == MOMENT:
            cells.append((F(column.field), column.cell))
        elif column.kind == DELIVERY:
            cells.append((F(f"{column.field}_id"), DeliveryCell(column)))
        else:
            cells.append((sql_cell(column), None))
    return cells


class DeliveryCell(dict):
    """A delivery column's cell by delivery id, each delivery read once."""

    def __init__(self, column):
        super().__init__({None: column.cell(None)})
        self.column = column

    def __call__(self, delivery_id):
        text = self.get(delivery_id)
        if text is None:
            text = self[delivery_id] = self.column.cell(Delivery.objects.get(pk=delivery_id))
        return text


def iter_python_csv(signatures, progress=None):
    yield csv_header(SignatureRows(signatures).header())
    cells = python_cells()
    expressions = {f"export_{number}": cell for number, (cell, _finish) in enumerate(cells)}
    query = (
        signatures.select_related(None)
        .order_by("signed_at", "pk")
        .annotate(**expressions)
        .values_list(*expressions)
    )
    finishing = [(n, finish) for n, (_cell, finish) in enumerate(cells) if finish is not None]
    yield from csv_chunks(_python_rows(query, finishing), csv.writer, progress)


def _python_rows(query, finishing):
    for values in query.iterator(chunk_size=CHUNK_SIZE):
        row = list(values)
        for number, finish in finishing:
            row[number] = finish(row[number])
        yield row

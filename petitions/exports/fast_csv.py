"""The CSV export, fast: the same bytes as `iter_csv(SignatureRows(...))`, in much less time.

`iter_csv(SignatureRows(signatures))` (writers.py) is the reference: model instances, `guard` on
each text cell, then `defusedcsv`'s writer. It stays the library path (and XLSX's rows); the
differential tests in tests/test_fast_csv.py hold these two paths to its output byte for byte.

- On PostgreSQL, the database writes the rows: `COPY (SELECT ...) TO STDOUT (FORMAT csv)`, streamed
  through psycopg's `cursor.copy()` block by block. The SELECT is the filtered queryset's own
  (`.values()` of ORM expressions), so the filters stay one implementation; `guard` is the SQL
  expression `sql_guarded`, built from the same `UNSAFE_FIRST_CHARACTERS`.
- Elsewhere (SQLite), Python writes them from `values_list` tuples, not model instances.

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
    BooleanField,
    Case,
    CharField,
    ExpressionWrapper,
    F,
    Func,
    OuterRef,
    Q,
    Subquery,
    TextField,
    Value,
    When,
)
from django.db.models.functions import Cast, Coalesce, Concat, NullIf, Ord
from django.db.models.lookups import In
from django.utils.translation import get_language
from modeltranslation.fields import NONE
from modeltranslation.utils import build_localized_fieldname, fallbacks_enabled, resolution_order

from petitions.exports.columns import CHUNK_SIZE, FIELDS, SignatureRows, iso_utc
from petitions.exports.safety import UNSAFE_FIRST_CHARACTERS, guard
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


# PostgreSQL: COPY


def sql_guarded(expression):
    """`guard` in SQL: a leading apostrophe when the text starts with an unsafe character.

    ASCII() is the first character's code (0 for an empty text): cheaper than comparing LEFT(, 1).
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
    """`iso_utc`: ISO 8601 in UTC to the second (truncated, like `isoformat`), with Z."""
    return Func(
        F(field),
        template="to_char(%(expressions)s AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"')",
        output_field=TextField(),
    )


def sql_translated(model, name):
    """A django-modeltranslation field as its descriptor reads it (`delivery.recipient`): the
    active language's column, then each fallback language's, skipping empty ones."""
    descriptor = model.__dict__[name]
    default = descriptor.field.get_default()
    undefined = default if descriptor.fallback_undefined is NONE else descriptor.fallback_undefined
    if fallbacks_enabled() and descriptor.fallback_value is not NONE:
        default = descriptor.fallback_value
    languages = resolution_order(get_language(), descriptor.fallback_languages)
    return Coalesce(
        *[NullIf(F(build_localized_fieldname(name, code)), Value(undefined)) for code in languages],
        Value(default),
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
        sql_translated(Delivery, "recipient"),
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


def copy_columns():
    """The export's columns as SQL expressions, in DESIGN.md's order, then the row-end mark.

    None of them is ever NULL (an empty cell is ''), so that COPY's NULL marker, `NULL_MARK`, is
    never written: COPY quotes a text equal to its NULL marker, and the default marker is ''.
    """
    text = {
        name: sql_guarded(F(name))
        for name in ("first_name", "last_name", "email", "postal_code", "town", "state", "comment")
    }
    cells = [
        sql_utc("signed_at"),
        text["first_name"],
        text["last_name"],
        text["email"],
        text["postal_code"],
        text["town"],
        text["state"],
        Cast("language", TextField()),
        text["comment"],
        sql_boolean(Q(public=True)),
        sql_boolean(Q(updates_opt_in=True)),
        sql_boolean(Q(confirmed_at__isnull=False)),
        Cast("source", TextField()),
        sql_delivery(),
    ]
    columns = {f"export_{number}": cell for number, cell in enumerate(cells)}
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
        # The delivery subquery's estimated cost (per row, though it runs only for delivered
        # signatures) makes PostgreSQL spend ~0.3 s compiling the query with LLVM, more than it
        # saves: measured on 1,000,000 rows, COPY takes ~1.4 s without JIT, ~1.8 s with it.
        cursor.execute("SET jit = off")
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
            _reset_jit(cursor)


def _reset_jit(cursor):
    """Back to the server's JIT setting; in a failed transaction its rollback does that."""
    from psycopg.pq import TransactionStatus

    if cursor.connection.info.transaction_status != TransactionStatus.INERROR:
        cursor.execute("RESET jit")


def _finish_rows(pending, progress):
    """The rows in `pending` (whole rows: it ends with a row's end) with CR LF row ends."""
    rows = bytes(pending)
    pending.clear()
    if progress:
        progress(rows.count(ROW_END_MARK))
    return rows.replace(ROW_END_MARK, ROW_END)


# Python (SQLite, and any other database)


def value_fields():
    """The columns `iter_python_csv` reads. `confirmed` is computed by the database: converting a
    million `confirmed_at` values to datetimes only to test them for None cost ~1.5 s."""
    confirmed = ExpressionWrapper(Q(confirmed_at__isnull=False), output_field=BooleanField())
    fields = [confirmed if name == "confirmed_at" else name for name in FIELDS]
    return [*fields[:-1], "delivery_id"]


GUARDED = frozenset(UNSAFE_FIRST_CHARACTERS)


def iter_python_csv(signatures, progress=None):
    yield csv_header(SignatureRows(signatures).header())
    query = signatures.select_related(None).order_by("signed_at", "pk").values_list(*value_fields())
    yield from csv_chunks(_python_rows(query), csv.writer, progress)


def _python_rows(query):
    deliveries = {}
    for values in query.iterator(chunk_size=CHUNK_SIZE):
        (signed_at, first, last, email, postal, town, state, language, comment, public, updates,
         confirmed, source, delivery_id) = values  # fmt: skip
        if delivery_id is None:
            delivery = ""
        else:
            delivery = deliveries.get(delivery_id)
            if delivery is None:  # once per delivery (a few), through the model's own str()
                delivery = guard(str(Delivery.objects.get(pk=delivery_id)))
                deliveries[delivery_id] = delivery
        yield (
            iso_utc(signed_at),
            "'" + first if first[:1] in GUARDED else first,
            "'" + last if last[:1] in GUARDED else last,
            "'" + email if email[:1] in GUARDED else email,
            "'" + postal if postal[:1] in GUARDED else postal,
            "'" + town if town[:1] in GUARDED else town,
            "'" + state if state[:1] in GUARDED else state,
            language,
            "'" + comment if comment[:1] in GUARDED else comment,
            "true" if public else "false",
            "true" if updates else "false",
            "true" if confirmed else "false",
            source,
            delivery,
        )

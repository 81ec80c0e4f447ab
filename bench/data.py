"""Fast generation of many signatures: COPY on PostgreSQL, executemany on SQLite.

Never one by one through the ORM: a million rows load in seconds. Every concrete column of the
Signature table is written; columns this module does not know (added later) get their default.
"""

import io
from datetime import UTC, datetime, timedelta

from django.db import connection, transaction

from petitions import lifecycle
from petitions.models import Signature

FIRST_NAMES = ["Ana", "José", "María", "Luis", "Carmen", "Pedro", "Rosa", "Juan", "Lucía", "Omar"]
LAST_NAMES = ["García", "Rodríguez", "López", "Martínez", "Pérez", "Smith", "Nguyen", "Silva"]
PLACES = [
    ("06106", "Hartford"),
    ("06511", "New Haven"),
    ("06604", "Bridgeport"),
    ("06851", "Norwalk"),
]
CHUNK = 50_000


def _known_values(i, petition_id, start, email_prefix):
    first = FIRST_NAMES[i % len(FIRST_NAMES)]
    postal_code, town = PLACES[i % len(PLACES)]
    return {
        "petition": petition_id,
        "first_name": first,
        "last_name": LAST_NAMES[(i // len(FIRST_NAMES)) % len(LAST_NAMES)],
        "email": f"{email_prefix}{i}@example.org",
        "postal_code": postal_code,
        "town": town,
        "state": "CT",
        "comment": "",
        "public": i % 2 == 0,
        "updates_opt_in": i % 3 == 0,
        "language": "es" if i % 2 else "en",
        "source": Signature.Source.ONLINE,
        "signed_at": start + timedelta(seconds=i),
    }


def _fields():
    return [f for f in Signature._meta.concrete_fields if not f.primary_key]


def rows(petition_id, n, email_prefix="gen"):
    """(columns, iterator of value tuples) for n signatures, oldest first, distinct emails."""
    fields = _fields()
    defaults = {f.name: f.get_default() for f in fields}
    # Defaults made afresh for each row (the random link key, unique per signature).
    per_row = [f for f in fields if f.has_default() and callable(f.default)]
    start = datetime(2018, 1, 1, tzinfo=UTC)

    def values():
        for i in range(n):
            known = _known_values(i, petition_id, start, email_prefix)
            for field in per_row:
                known.setdefault(field.name, field.get_default())
            yield tuple(known.get(f.name, defaults[f.name]) for f in fields)

    return [f.column for f in fields], values()


def _copy_text(value):
    if value is None:
        return r"\N"
    if isinstance(value, bool):
        return "t" if value else "f"
    if isinstance(value, datetime):
        return value.isoformat()
    text = str(value)
    return text.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")


def _copy_postgres(table, columns, values):
    sql = f"COPY {table} ({', '.join(columns)}) FROM STDIN"
    with connection.cursor() as cursor, cursor.cursor.copy(sql) as copy:
        buffer = io.StringIO()
        for count, row in enumerate(values, 1):
            buffer.write("\t".join(_copy_text(v) for v in row))
            buffer.write("\n")
            if count % CHUNK == 0:
                copy.write(buffer.getvalue())
                buffer = io.StringIO()
        copy.write(buffer.getvalue())


def _sqlite_value(value):
    """As Django stores it on SQLite: datetimes as naive UTC text."""
    if isinstance(value, datetime):
        return str(value.astimezone(UTC).replace(tzinfo=None))
    return value


def _insert_many(table, columns, values):
    placeholders = ", ".join(["%s"] * len(columns))
    sql = f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({placeholders})"  # noqa: S608
    with connection.cursor() as cursor:
        batch = []
        for row in values:
            batch.append(tuple(_sqlite_value(v) for v in row))
            if len(batch) == CHUNK:
                cursor.executemany(sql, batch)
                batch = []
        if batch:
            cursor.executemany(sql, batch)


def generate_signatures(petition, n, email_prefix="gen"):
    """Add n counted signatures to `petition` in one transaction and keep its count exact."""
    columns, values = rows(petition.pk, n, email_prefix)
    table = Signature._meta.db_table
    with transaction.atomic():
        if connection.vendor == "postgresql":
            _copy_postgres(table, columns, values)
        else:
            _insert_many(table, columns, values)
        lifecycle.recount(petition)
    if connection.vendor == "postgresql":
        # VACUUM and CHECKPOINT too: otherwise autovacuum takes up the million new rows, and
        # the checkpoint their WAL calls for writes them out, during the first measured turns,
        # which a database that grew by signing would not do all at once.
        # (Inside a transaction, as in the tests, neither can run: ANALYZE alone.)
        with connection.cursor() as cursor:
            if connection.in_atomic_block:
                cursor.execute(f"ANALYZE {table}")
            else:
                cursor.execute(f"VACUUM (ANALYZE) {table}")
                cursor.execute("CHECKPOINT")
    return n

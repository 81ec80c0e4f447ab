"""The fast CSV export writes the same bytes as the library path (model rows, `guard`, defusedcsv).

The library path, `iter_csv(SignatureRows(...))`, is the reference. On adversarial data (formula
starts, quotes, commas, line breaks, non-Latin names, a 10,000-character comment, empty cells,
paper and online, delivered and not, invalidated signatures) PostgreSQL's COPY and the Python fast
path must both equal it byte for byte, under every filter, through the command and the admin.
"""

import datetime
import io

import pytest
from defusedcsv.csv import _escape as defusedcsv_escape
from django.conf import settings as django_settings
from django.core.management import call_command
from django.db import connection
from django.db.models import TextField, Value
from django.utils import translation
from hypothesis import given, settings
from hypothesis import strategies as st

from petitions import lifecycle
from petitions.exports import ExportFilter, SignatureRows, iter_csv
from petitions.exports.fast_csv import iter_copy_csv, iter_python_csv, sql_guarded
from petitions.exports.filters import DATE_RANGE, SINCE_LAST_DELIVERY
from petitions.exports.safety import UNSAFE_FIRST_CHARACTERS, guard
from petitions.models import Delivery, Petition, Signature
from tests.signature_helpers import add_signature

ON_POSTGRES = django_settings.DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"
postgres_only = pytest.mark.skipif(
    not ON_POSTGRES, reason="needs PostgreSQL (set DATABASE_URL): the COPY path exists only there"
)

NASTY = [
    "=1+1",
    "+1",
    "-1",
    "-1.5",
    "-",
    "@SUM(A1)",
    '=HYPERLINK("http://x")',
    "=cmd|' /C calc'!A0",
    "|pipe",
    "%percent",
    "\t=1+1",
    "\r=1+1",
    "\rcarriage",
    '"quoted"',
    'say "hi", then go',
    "a,b",
    "line one\nline two",
    "line one\r\nline two\r\n",
    " leading space",
    "trailing space ",
    "'already quoted",
    "\\.",
    "back\\slash",
    "Nuñez",
    "Nguyễn",
    "محمد",
    "😀 emoji",
    "",
]


def library_csv(signatures):
    return b"".join(iter_csv(SignatureRows(signatures)))


def nasty_signatures(petition):
    """Signatures with every nasty value in every text column a signer fills in, stored as typed."""
    deliveries = [
        None,
        Delivery.objects.create(
            petition=petition,
            recipient_en='=Speaker, "House"\n2nd floor',
            recipient_es="Presidente de la Cámara",
            status=Delivery.Status.DELIVERED,
            delivered_on=datetime.date(2018, 4, 2),
        ),
        Delivery.objects.create(petition=petition, recipient="Connecticut General Assembly"),
        Delivery.objects.create(petition=petition, recipient_en=None, recipient_es="Sólo español"),
        Delivery.objects.create(petition=petition, recipient_en="", recipient_es=""),
    ]
    moment = datetime.datetime(2018, 3, 1, 23, 59, 59, 999999, tzinfo=datetime.UTC)
    for number, value in enumerate([*NASTY, "x" * 9_990 + '\r\n,"=', "é" * 10_000]):
        signature = add_signature(petition, language="es" if number % 2 else "en")
        Signature.objects.filter(pk=signature.pk).update(
            first_name=value[:100],
            last_name=NASTY[-1 - number % len(NASTY)][:100],
            email=f"{value[:200]}{number}" if number % 3 else "",
            postal_code=value[:10],
            town=value[:100],
            state=value[:2],
            comment=value,
            public=number % 2 == 0,
            updates_opt_in=number % 3 == 0,
            confirmed_at=moment if number % 4 else None,
            source="paper" if number % 5 == 0 else "online",
            delivery=deliveries[number % len(deliveries)],
            signed_at=moment + datetime.timedelta(hours=number * 7, microseconds=number),
        )
    out = add_signature(petition, first_name="=Invalidated", comment="@out")
    lifecycle.invalidate(Signature.objects.filter(pk=out.pk))
    return Signature.objects.filter(petition=petition)


FILTERS = [
    ExportFilter(),
    ExportFilter(scope=SINCE_LAST_DELIVERY),
    ExportFilter(language="es"),
    ExportFilter(
        scope=DATE_RANGE, date_from=datetime.date(2018, 3, 3), date_to=datetime.date(2018, 3, 8)
    ),
]


@pytest.mark.parametrize("export_filter", FILTERS, ids=["all", "since", "es", "range"])
def test_python_fast_path_equals_the_library_path(petition, export_filter):
    nasty_signatures(petition)
    signatures = export_filter.signatures(petition)
    expected = library_csv(signatures)
    assert expected.count(b"\r\n") > 5, "the filter left rows to compare"
    assert b"".join(iter_python_csv(signatures)) == expected


@pytest.mark.parametrize("export_filter", FILTERS, ids=["all", "since", "es", "range"])
@pytest.mark.postgres
@postgres_only
def test_copy_equals_the_library_path(petition, export_filter):
    nasty_signatures(petition)
    signatures = export_filter.signatures(petition)
    expected = library_csv(signatures)
    assert b"=Invalidated" not in expected
    assert b"".join(iter_copy_csv(signatures)) == expected


@pytest.mark.postgres
@postgres_only
def test_copy_writes_iso_times_whatever_the_sessions_datestyle_and_puts_it_back(petition):
    from django.db import connection

    signatures = nasty_signatures(petition).counted()
    expected = library_csv(signatures)
    with connection.cursor() as cursor:
        cursor.execute("SET datestyle = 'SQL, DMY'")
        cursor.execute("SET jit = on")
        cursor.execute("SET enable_sort = on")
        assert b"".join(iter_copy_csv(signatures)) == expected
        cursor.execute(
            "SELECT current_setting('datestyle'), current_setting('jit'),"
            " current_setting('enable_sort')"
        )
        assert cursor.fetchone() == ("SQL, DMY", "on", "on")
        cursor.execute("RESET datestyle")
        cursor.execute("RESET jit")
        cursor.execute("RESET enable_sort")


@pytest.mark.postgres
@postgres_only
def test_copy_reads_the_export_order_from_the_index_without_a_sort(petition):
    """Under the COPY's settings the plan of the export's query has no Sort: the order (signed_at,
    id) is `signature_recent_id` read backward. Also with a filter the index does not cover."""
    from django.db import connection

    from petitions.exports.fast_csv import COPY_SETTINGS, _put_back, _set_for_copy, copy_sql

    nasty_signatures(petition)
    everyone = Signature.objects.filter(petition=petition).counted()
    for signatures in (everyone, everyone.filter(delivery__isnull=True, language="es")):
        statement, params = copy_sql(signatures)
        select = statement[len("COPY (") : statement.rindex(") TO STDOUT")]
        with connection.cursor() as cursor:
            saved = _set_for_copy(cursor)
            try:
                cursor.execute("SET enable_seqscan = off")  # a tiny table: as on a big one
                cursor.execute(f"EXPLAIN (COSTS OFF) {select}", params)
                plan = "\n".join(row[0] for row in cursor.fetchall())
            finally:
                cursor.execute("RESET enable_seqscan")
                _put_back(cursor, saved)
        assert "signature_recent_id" in plan and "Sort" not in plan, plan
    assert COPY_SETTINGS["enable_sort"] == "off"


@pytest.mark.postgres
@postgres_only
def test_copy_in_spanish_writes_deliveries_as_spanish_str_does(petition):
    """The status label and the recipient (with modeltranslation's fallback) in Spanish."""
    nasty_signatures(petition)
    signatures = ExportFilter().signatures(petition)
    with translation.override("es"):
        expected = library_csv(signatures)
        planned = str(Delivery.Status.PLANNED.label)
        assert planned != "Planned" and f"{planned} · Sólo español".encode() in expected
        assert b"".join(iter_copy_csv(signatures)) == expected


def test_python_fast_path_in_spanish(petition):
    nasty_signatures(petition)
    signatures = ExportFilter().signatures(petition)
    with translation.override("es"):
        assert b"".join(iter_python_csv(signatures)) == library_csv(signatures)


def test_the_command_and_the_admin_write_the_library_bytes(
    petition, tmp_path, admin_client, monkeypatch
):
    signatures = nasty_signatures(petition)
    expected = library_csv(ExportFilter().signatures(petition))
    chosen = list(signatures.counted().values_list("pk", flat=True)[:5])
    expected_chosen = library_csv(Signature.objects.filter(pk__in=chosen).counted())

    def no_model_rows(self):
        raise AssertionError("the CSV export took the library path")

    monkeypatch.setattr(SignatureRows, "__iter__", no_model_rows)
    out = tmp_path / "export.csv"
    call_command("export_signatures", petition.slug, "--output", str(out), stderr=io.StringIO())
    assert out.read_bytes() == expected
    response = admin_client.post(
        "/admin/petitions/signature/export/",
        {"petition": petition.pk, "format": "csv", "scope": "all", "headings": "en"},
    )
    assert b"".join(response.streaming_content) == expected
    response = admin_client.post(
        "/admin/petitions/signature/", {"action": "export_csv", "_selected_action": chosen}
    )
    assert b"".join(response.streaming_content) == expected_chosen


text = st.text(st.characters(blacklist_characters="\x00", blacklist_categories=("Cs",)))


@given(text)
@settings(max_examples=300)
def test_defusedcsv_leaves_guarded_text_alone(value):
    """Why the fast paths skip defusedcsv's per-cell escaping: after `guard`, it changes nothing."""
    guarded = guard(value)
    assert defusedcsv_escape(guarded) == guarded
    assert not guarded.startswith(UNSAFE_FIRST_CHARACTERS)


@pytest.mark.postgres
@postgres_only
def test_sql_guard_is_guard(petition):
    probe = Petition.objects.filter(pk=petition.pk)
    values = [*NASTY, *(c + "x" for c in UNSAFE_FIRST_CHARACTERS), "#1", "'=", "x="]

    for value in values:
        sql = sql_guarded(Value(value, output_field=TextField()))
        assert probe.annotate(g=sql).values_list("g", flat=True).get() == guard(value), value
    assert connection.vendor == "postgresql"

"""CSV and XLSX exports: DESIGN.md's columns in order, content, formula injection, what is left
out, headings in the language asked for."""

import csv
import datetime
import io

import openpyxl
import pytest
from django.core.management import call_command
from django.utils import timezone

from petitions import lifecycle
from petitions.models import Signature
from tests.signature_helpers import add_signature, at

DESIGN_COLUMNS = [
    "signed_at",
    "first_name",
    "last_name",
    "email",
    "postal_code",
    "town",
    "state",
    "language",
    "comment",
    "public",
    "updates_opt_in",
    "confirmed",
    "source",
    "delivery",
]
INJECTIONS = ["=1+1", "@SUM(A1)", "+1", "-1", "\t=1+1", "\r=1+1", "=cmd|' /C calc'!A0"]


def export(tmp_path, fmt, *args):
    out = tmp_path / f"export.{fmt}"
    call_command(
        "export_signatures",
        "trust-act-2018",
        "--format",
        fmt,
        "--output",
        str(out),
        *args,
        stderr=io.StringIO(),
    )
    return out


def read_csv(path):
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf"), "a BOM, so that Excel reads UTF-8"
    return list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))


def read_xlsx(path):
    sheet = openpyxl.load_workbook(path).active
    return sheet, [[cell.value for cell in row] for row in sheet.iter_rows()]


@pytest.fixture
def signed(petition):
    first = add_signature(
        petition,
        first_name="José María",
        last_name="Nuñez-Ortiz",
        email="jose@example.com",
        comment="¡Sí se puede!",
        public=True,
        signed_at=at(1, 9),
        language="es",
    )
    second = add_signature(petition, first_name="Li", last_name="Wei", signed_at=at(2))
    return first, second


def test_csv_columns_order_and_content(tmp_path, signed):
    rows = read_csv(export(tmp_path, "csv"))
    assert rows[0] == DESIGN_COLUMNS
    assert len(rows) == 3
    first = dict(zip(DESIGN_COLUMNS, rows[1], strict=True))
    assert first == {
        "signed_at": "2018-03-01T14:00:00Z",  # 09:00 in Hartford is 14:00 UTC
        "first_name": "José María",
        "last_name": "Nuñez-Ortiz",
        "email": "jose@example.com",
        "postal_code": "06106",
        "town": "Hartford",
        "state": "CT",
        "language": "es",
        "comment": "¡Sí se puede!",
        "public": "true",
        "updates_opt_in": "false",
        "confirmed": "false",
        "source": "online",
        "delivery": "",
    }
    assert rows[2][1:3] == ["Li", "Wei"]


def test_xlsx_columns_order_and_content(tmp_path, signed):
    sheet, rows = read_xlsx(export(tmp_path, "xlsx"))
    assert rows[0] == [
        "Signed at (Connecticut time)",
        "First name",
        "Last name",
        "Email",
        "ZIP code",
        "Town",
        "State",
        "Language",
        "Comment",
        "Public",
        "Wants updates",
        "Confirmed",
        "Source",
        "Delivery",
    ]
    assert rows[1] == [
        datetime.datetime(2018, 3, 1, 9, 0),  # a real date, in Hartford's time (14:00 UTC)
        "José María",
        "Nuñez-Ortiz",
        "jose@example.com",
        "06106",
        "Hartford",
        "CT",
        "Spanish",
        "¡Sí se puede!",
        "Yes",
        "No",
        "No",
        "Online",
        None,
    ]
    assert sheet.cell(2, 1).is_date and "yyyy-mm-dd" in sheet.cell(2, 1).number_format
    assert sheet.cell(2, 5).data_type == "s", "ZIP codes stay text (leading zero)"


def test_xlsx_headings_in_spanish_or_both(tmp_path, signed):
    _sheet, rows = read_xlsx(export(tmp_path, "xlsx", "--headings", "es"))
    assert rows[0][:3] == ["Firmado (hora de Connecticut)", "Nombre", "Apellido"]
    # The words follow the headings: language, public, confirmed, source.
    assert [rows[1][i] for i in (7, 9, 11, 12)] == ["Español", "Sí", "No", "En línea"]
    _sheet, rows = read_xlsx(export(tmp_path, "xlsx", "--headings", "en,es"))
    assert rows[0][1] == "First name / Nombre"


@pytest.mark.parametrize("typed", INJECTIONS)
def test_formula_injection_comes_out_as_text(tmp_path, petition, typed):
    add_signature(petition, comment=typed, town=typed)
    csv_row = read_csv(export(tmp_path, "csv"))[1]
    for value in (csv_row[5], csv_row[8]):  # CSV has no types: a guard
        assert value == "'" + typed
        assert not value.startswith(("=", "+", "-", "@", "\t", "\r"))
    # XLSX: written as text, so exactly as typed (no apostrophe) and never a formula.
    sheet, xlsx_rows = read_xlsx(export(tmp_path, "xlsx"))
    # OOXML stores a carriage return as the escape _x000D_ (Excel reads it back as "\r").
    assert [xlsx_rows[1][i].replace("_x000D_", "\r") for i in (5, 8)] == [typed, typed]
    assert sheet.cell(2, 6).data_type == "s" and sheet.cell(2, 9).data_type == "s"


def test_invalidated_and_withdrawn_signatures_are_left_out(tmp_path, petition):
    keep = add_signature(petition, email="keep@example.com")
    spam = add_signature(petition, email="spam@example.com")
    gone = add_signature(petition, email="gone@example.com")
    lifecycle.withdraw(gone.pk)
    lifecycle.invalidate(Signature.objects.filter(pk=spam.pk))
    petition.refresh_from_db()
    assert petition.signature_count == 1
    emails = [row[3] for row in read_csv(export(tmp_path, "csv"))[1:]]
    assert emails == [keep.email]
    _sheet, rows = read_xlsx(export(tmp_path, "xlsx"))
    assert [row[3] for row in rows[1:]] == [keep.email]


def test_unconfirmed_signatures_are_left_out_when_the_petition_needs_confirmation(
    tmp_path, petition
):
    petition.requires_confirmation = True
    lifecycle.save_petition(petition)
    add_signature(petition, email="unconfirmed@example.com")
    confirmed = add_signature(petition, email="confirmed@example.com")
    Signature.objects.filter(pk=confirmed.pk).update(confirmed_at=timezone.now())
    rows = read_csv(export(tmp_path, "csv"))
    assert [(row[3], row[11]) for row in rows[1:]] == [("confirmed@example.com", "true")]


def test_date_range_and_language_filters(tmp_path, petition):
    add_signature(petition, email="a@example.com", signed_at=at(1), language="en")
    add_signature(petition, email="b@example.com", signed_at=at(2, 23), language="es")
    add_signature(petition, email="c@example.com", signed_at=at(3), language="es")
    rows = read_csv(export(tmp_path, "csv", "--from", "2018-03-02", "--to", "2018-03-03"))
    assert [row[3] for row in rows[1:]] == ["b@example.com", "c@example.com"]
    rows = read_csv(export(tmp_path, "csv", "--language", "en"))
    assert [row[3] for row in rows[1:]] == ["a@example.com"]


def test_csv_to_standard_output_when_piped(petition, capfdbinary):
    add_signature(petition, last_name="Nuñez")
    call_command("export_signatures", "trust-act-2018", stderr=io.StringIO())
    out = capfdbinary.readouterr().out.decode("utf-8-sig")
    assert out.splitlines()[0] == ",".join(DESIGN_COLUMNS)
    assert "Nuñez" in out


def test_unknown_slug_is_a_clear_error(db):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="No petition"):
        call_command("export_signatures", "nope")


@pytest.mark.parametrize("fmt", ["csv", "xlsx", "pdf"])
def test_the_command_audits_the_rows_it_wrote(tmp_path, petition, fmt):
    from core.models import AuditEvent

    for number in range(3):
        add_signature(petition, email=f"s{number}@example.com")
    gone = add_signature(petition, email="gone@example.com")
    lifecycle.withdraw(gone.pk)
    export(tmp_path, fmt)
    entry = AuditEvent.objects.get(action=AuditEvent.Action.EXPORT)
    assert (entry.actor_name, entry.details["format"], entry.details["rows"]) == ("command", fmt, 3)


def test_an_export_that_fails_partway_is_audited_with_the_rows_that_went_out(
    tmp_path, petition, monkeypatch
):
    from core.models import AuditEvent
    from petitions.management.commands import export_signatures

    def fail_after_two(fmt, signatures, out, *, progress, **options):
        out.write(b"first rows\n")
        progress(2)
        raise OSError("No space left on device")

    monkeypatch.setattr(export_signatures, "write_export", fail_after_two)
    with pytest.raises(OSError):
        export(tmp_path, "csv")
    assert AuditEvent.objects.get(action=AuditEvent.Action.EXPORT).details["rows"] == 2

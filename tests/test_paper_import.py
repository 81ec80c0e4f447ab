"""Paper signatures entered as CSV: bad rows reported by line, good rows kept, source=paper,
counted."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from petitions import lifecycle, paper
from petitions.models import Signature
from tests.signature_helpers import add_signature, organiser_of
from tests.staff_helpers import log_in_staff

CSV = (
    "first_name,last_name,email,postal_code,town,language,signed_at,comment\n"
    "María,Nuñez,,06106,,es,2018-03-14,\n"  # line 2: good
    "Bob,,,06106,,en,2018-03-14,\n"  # line 3: no last name
    "Ana,López,,99999,,es,,\n"  # line 4: unknown ZIP
    '"Multi",Line,,06511,,en,,"two\nlines"\n'  # lines 5-6: good
    "Eve,Evans,taken@example.com,06106,,en,,\n"  # line 7: email already signed
    "Zoë,Dupont,,06106,,fr,,\n"  # line 8: bad language
    ",,,,,,,\n"  # line 9: empty, skipped
    "Raúl,Pérez,raul@example.com,6106,West Hartford,,2018-03-15,'=1+1\n"  # line 10: good
    "Tom,Ford,,06106,,en,not a date,\n"  # line 11: bad date
)


def test_csv_import_keeps_good_rows_and_reports_bad_ones_by_line(petition):
    add_signature(petition, email="taken@example.com")
    result = paper.import_csv(petition, CSV, default_language="en")
    assert result.added == 3
    lines = [line for line, _message in result.errors]
    assert lines == [3, 4, 7, 8, 11]
    messages = dict(result.errors)
    assert "Last name" in messages[3]
    assert "06106" not in messages[4] and "99999" in messages[4]
    assert "already signed" in messages[7]
    paper_rows = Signature.objects.filter(source=Signature.Source.PAPER).order_by("pk")
    assert [s.last_name for s in paper_rows] == ["Nuñez", "Line", "Pérez"]
    maria, multi, raul = paper_rows
    assert (maria.language, maria.town, maria.state) == ("es", "Hartford", "CT")
    assert maria.signed_at.date().isoformat() == "2018-03-14"
    assert multi.comment == "two\nlines"
    assert (raul.postal_code, raul.town, raul.language) == ("06106", "West Hartford", "en")
    assert raul.comment == "=1+1"  # our own export's guard is taken off again
    assert all(s.confirmed_at for s in paper_rows)
    petition.refresh_from_db()
    assert petition.signature_count == 4  # 1 online + 3 paper


def test_paper_signatures_count_even_when_online_ones_need_confirmation(petition):
    petition.requires_confirmation = True
    lifecycle.save_petition(petition)
    result = paper.import_csv(petition, "first_name,last_name,postal_code\nAna,Ruiz,06106\n")
    assert result.added == 1 and result.errors == []
    petition.refresh_from_db()
    assert petition.signature_count == 1


def test_missing_required_columns_are_reported(petition):
    result = paper.import_csv(petition, "name,zip\nAna,06106\n")
    assert result.added == 0
    assert result.errors[0][0] == 1
    assert "first_name" in result.errors[0][1]


def test_upload_through_the_admin_in_spanish(client, petition):
    log_in_staff(client, organiser_of(petition.campaign))
    upload = SimpleUploadedFile(
        "firmas.csv", ("\ufeff" + CSV.replace("taken@", "free@")).encode(), "text/csv"
    )
    response = client.post(
        f"/admin/petitions/petition/{petition.pk}/paper/",
        {"file": upload, "language": "es"},
        HTTP_ACCEPT_LANGUAGE="es",
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Líneas que no se añadieron" in page
    assert "Apellido" in page  # the field's label, in Spanish
    assert Signature.objects.filter(source="paper").count() == 4
    # The box now holds the header and only the lines to correct.
    box = response.context["form"].initial["text"].splitlines()
    assert box[0].startswith("first_name,last_name,email,postal_code")
    assert [line.split(",")[0] for line in box[1:]] == ["Bob", "Ana", "Zoë", "Tom"]


@pytest.mark.parametrize("encoding", ["utf-8", "cp1252"])
def test_files_from_excel_are_read_in_either_encoding(encoding):
    assert paper.decode("Nuñez".encode(encoding)) == "Nuñez"


def test_organisers_without_a_campaign_cannot_import(client, petition):
    log_in_staff(client, organiser_of(username="other"))
    response = client.post(
        f"/admin/petitions/petition/{petition.pk}/paper/",
        {"text": "first_name,last_name,postal_code\nAna,Ruiz,06106\n", "language": "en"},
    )
    assert response.status_code == 404
    assert not Signature.objects.exists()


def test_our_own_csv_export_imports_back(tmp_path, petition):
    """An export (BOM, guarded cells, every column) is a valid import into another petition."""
    from django.core.management import call_command

    from tests.signature_helpers import other_petition

    add_signature(petition, first_name="José", last_name="Nuñez", comment="-1", language="es")
    add_signature(petition, first_name="Li", last_name="Wei")
    out = tmp_path / "export.csv"
    call_command(
        "export_signatures", petition.slug, "--output", str(out), stderr=open("/dev/null", "w")
    )
    target = other_petition()
    result = paper.import_csv(target, paper.decode(out.read_bytes()))
    assert (result.added, result.errors) == (2, [])
    jose = target.signatures.get(first_name="José")
    assert (jose.comment, jose.language, jose.source) == ("-1", "es", "paper")
    target.refresh_from_db()
    assert target.signature_count == 2


def test_organisers_group_may_record_deliveries(db):
    from django.contrib.auth.models import Group

    codenames = set(
        Group.objects.get(name="Organizers").permissions.values_list("codename", flat=True)
    )
    assert {"view_delivery", "add_delivery", "change_delivery", "add_signature"} <= codenames
    assert "delete_delivery" not in codenames


def test_paper_rows_have_no_bot_checks_under_the_default_settings(petition, settings):
    """Rows typed by an organiser have no page to time and no honeypot: the production fill
    time (SIGN_MIN_SECONDS) and a stray `leave_blank` or `started` column refuse none of them."""
    assert settings.SIGN_MIN_SECONDS == 3  # the default, as in production
    text = (
        "first_name,last_name,postal_code,leave_blank,started\n"
        "Ana,Ruiz,06106,http://spam,\n"
        "Luis,Peña-Soto,06511,,garbage\n"
    )
    result = paper.import_csv(petition, text, default_language="es")
    assert (result.added, result.errors) == (2, [])
    form = paper.PaperSignatureForm(
        {"first_name": "Ana", "last_name": "Ruiz", "postal_code": "06106", "language": "en"}
    )
    assert form.is_valid(), form.errors
    assert not form.looks_automated()

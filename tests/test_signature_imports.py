"""MoveOn and Action Network signer downloads: columns mapped, previewed before anything is
stored, deduplicated by normalised email, the source recorded; `manage.py import_signatures`."""

import pytest
from django.core.management import call_command

from petitions import imports
from petitions.models import Signature
from tests.signature_helpers import add_signature

MOVEON = (
    "name,email,zip,created_at,comment\n"
    "Ana María López,ANA@Example.com ,06106,2018-03-14 15:20:11,Sí\n"  # line 2: good
    "Bob Evans,bob@example.com,99999,2018-03-14 15:21:00,\n"  # line 3: unknown ZIP
    "Ana López,ana@example.com,06106,2018-03-14 16:00:00,\n"  # line 4: same email again
    "Cy Young,taken@example.com,06511,2018-03-15 10:00:00,\n"  # line 5: signed online already
)
ACTIONNETWORK = (
    "first_name,last_name,email,zip_code,can2_user_city,created_date,can2_user_address\n"
    "Raúl,Pérez,raul@example.com,06106,West Hartford,2018-03-14 15:20:11 UTC,1 Main St\n"
    "Tom,,tom@example.com,06106,,2018-03-14,\n"  # line 3: no last name
)


def test_moveon_rows_are_mapped_deduplicated_and_marked(petition):
    add_signature(petition, email="taken@example.com")
    result = imports.import_file(petition, imports.MOVEON, MOVEON, default_language="es")
    assert result.added == 1
    assert [line for line, _message in result.errors] == [3, 4, 5]
    assert "already signed" in dict(result.errors)[4]
    ana = Signature.objects.get(source=Signature.Source.MOVEON)
    assert (ana.first_name, ana.last_name, ana.email) == ("Ana María", "López", "ana@example.com")
    assert (ana.town, ana.language, ana.comment) == ("Hartford", "es", "Sí")
    assert ana.signed_at.date().isoformat() == "2018-03-14"
    petition.refresh_from_db()
    assert petition.signature_count == 2


def test_action_network_rows_keep_their_utc_time_and_town(petition):
    result = imports.import_file(petition, imports.ACTIONNETWORK, ACTIONNETWORK)
    assert result.added == 1
    assert [line for line, _message in result.errors] == [3]
    assert "Last name" in result.errors[0][1]
    raul = Signature.objects.get()
    assert raul.source == Signature.Source.ACTIONNETWORK
    assert raul.town == "West Hartford"
    assert raul.signed_at.isoformat().startswith("2018-03-14T15:20:11")


def test_preview_shows_the_mapping_and_first_rows_and_stores_nothing(petition):
    shown = imports.preview(imports.ACTIONNETWORK, ACTIONNETWORK)
    assert ("postal_code", "zip_code") in shown["mapping"]
    assert ("town", "can2_user_city") in shown["mapping"]
    assert shown["rows"][0][:2] == ["Raúl", "Pérez"]
    assert shown["missing"] == []
    assert not Signature.objects.exists()


def test_a_file_of_another_kind_is_refused_at_line_one(petition):
    result = imports.import_file(petition, imports.MOVEON, "foo,bar\n1,2\n")
    assert result.added == 0 and result.errors[0][0] == 1
    assert not Signature.objects.exists()


@pytest.mark.parametrize("fmt", ["moveon", "actionnetwork"])
def test_import_signatures_command(petition, tmp_path, capsys, fmt):
    path = tmp_path / "signers.csv"
    path.write_text(MOVEON if fmt == "moveon" else ACTIONNETWORK, encoding="utf-8")
    call_command("import_signatures", petition.slug, str(path), "--format", fmt)
    out, err = capsys.readouterr()
    assert ("2 added" if fmt == "moveon" else "1 added") in out  # MoveOn: line 5 is new here
    assert "line 3:" in err
    assert set(Signature.objects.values_list("source", flat=True)) == {fmt}


def test_import_signatures_paper_format(petition, tmp_path, capsys):
    path = tmp_path / "sheet.csv"
    path.write_text("first_name,last_name,postal_code\nAna,Ruiz,06106\n", encoding="utf-8")
    call_command("import_signatures", petition.slug, str(path))
    assert "1 added, 0 lines" in capsys.readouterr().out
    assert Signature.objects.get().source == Signature.Source.PAPER


def test_admin_shows_a_moveon_file_before_storing_then_adds_it(petition, client):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests.signature_helpers import organiser_of
    from tests.staff_helpers import log_in_staff

    log_in_staff(client, organiser_of(petition.campaign))
    url = f"/admin/petitions/petition/{petition.pk}/paper/"
    upload = SimpleUploadedFile("signers.csv", MOVEON.encode(), content_type="text/csv")
    page = client.post(url, {"file": upload, "format": "moveon", "language": "es"})
    html = page.content.decode()
    assert page.status_code == 200 and "import-preview" in html
    assert "<td>zip</td><td>postal_code</td>" in html
    assert "Ana María" in html
    assert not Signature.objects.exists()  # nothing stored by the preview
    text = page.context["form"].initial["text"]
    page = client.post(url, {"text": text, "format": "moveon", "language": "es", "add": "1"})
    assert Signature.objects.filter(source="moveon").count() == 2
    assert "import-errors" in page.content.decode()  # lines 3 and 4, in words
    assert page.context["form"].initial["text"].startswith("first_name,")  # ours, to correct

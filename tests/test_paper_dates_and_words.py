"""Paper entry under the production defaults: ISO and US (MM/DD/YYYY) dates, and each bad line
explained to the organiser holding the sheet, not to a signer."""

import pytest
from django.utils import timezone, translation

from petitions import paper
from petitions.models import Signature

HEADER = "first_name,last_name,email,postal_code,language,signed_at\n"


@pytest.mark.parametrize(
    ("written", "day"),
    [
        ("2026-11-23", "2026-11-23"),
        ("11/23/2026", "2026-11-23"),
        ("3/4/2018", "2018-03-04"),  # March 4th: month first, as US sheets write it
        ("2018-03-14T10:30", "2018-03-14"),
    ],
)
def test_iso_and_us_dates(petition, settings, written, day):
    assert settings.SIGN_MIN_SECONDS == 3  # the production default
    result = paper.import_csv(petition, HEADER + f"Ana,López,,06106,es,{written}\n")
    assert (result.added, result.errors) == (1, [])
    signed = timezone.localtime(Signature.objects.get(source="paper").signed_at)
    assert signed.date().isoformat() == day


@pytest.mark.parametrize("written", ["23/11/2026", "13/01/2026", "2/30/2026", "Nov 23"])
def test_a_date_that_cannot_be_read_says_how_to_write_it(petition, written):
    result = paper.import_csv(petition, HEADER + f"Ana,López,,06106,es,{written}\n")
    assert result.added == 0
    [(line, message)] = result.errors
    assert line == 2
    assert written in message and "03/14/2018 (month/day/year)" in message


def test_errors_speak_to_the_organiser(petition):
    rows = (
        ",López,,06106,es,\n"  # line 2: no first name
        "Ana,López,not-an-email,06106,es,\n"  # line 3
        "Ana,López,,99999,es,\n"  # line 4
        "Ana,López,,061,es,\n"  # line 5
        "Ana,López,,06106,fr,\n"  # line 6
    )
    result = paper.import_csv(petition, HEADER + rows)
    messages = dict(result.errors)
    assert messages == {
        2: "First name: missing.",
        3: "Email: not an email address (like name@example.com).",
        4: "ZIP code: 99999 is not a US ZIP code we know: check the sheet.",
        5: "ZIP code: a ZIP code has 5 digits, like 06106.",
        6: "Language: must be en or es.",
    }
    everything = " ".join(messages.values())
    assert "Please" not in everything and "your" not in everything
    assert "Sign the petition" not in everything


def test_errors_in_spanish(petition):
    with translation.override("es"):
        result = paper.import_csv(petition, HEADER + ",López,,06106,es,11/31/2026\n")
    [(_line, message)] = result.errors
    assert message.startswith("Nombre: falta.")
    assert "mes/día/año" in message

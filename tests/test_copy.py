"""The words: the corrections of issue 15 (a native speaker's reading), US English, one Spanish
quotation style, and the Spanish "why" as long as the English."""

import re

import polib
import pytest
from django.conf import settings
from django.utils import translation

from petitions.seed_content import PETITION
from tests.conftest import petition_url

PO = settings.BASE_DIR / "locale" / "es" / "LC_MESSAGES" / "django.po"


def spanish_catalogue():
    entries = polib.pofile(str(PO))
    return " ".join(e.msgstr + " ".join(e.msgstr_plural.values()) for e in entries)


@pytest.mark.parametrize(
    "wrong",
    [
        "una sola cuenta",
        "Una firma por correo electrónico",
        "Lo completamos con su código postal",
        "más rápido de lo que esperábamos",
        "la página es antigua",
        "presione",
        "Presione",
        "«",
        "»",
        "Próximamente",
        "Se alcanzaron",
        "ciudad o pueblo",
        "ponerlo en riesgo",
        "Entonces borramos",
        "Usted no recibe noticias",
        "en mano",
        "Usted firmó: ",
        "Noticia:",
        "porque firmó una petición",
        "O retírela aquí",
        "noticias de esta campaña",
        "“Firme la petición”",
    ],
)
def test_the_spanish_catalogue_has_none_of_the_old_phrasings(wrong):
    assert wrong not in spanish_catalogue()


def test_spanish_interface_says_it_the_corrected_way(client, petition):
    html = client.get(petition_url("es")).content.decode()
    for right in (
        'value="Firmar la petición"',
        "un solo conteo",
        "Solo se puede firmar una vez con cada correo.",
        "entregan al destinatario de la petición los nombres",
        "Si lo deja vacío, lo tomamos de su código postal",
        "Envíenme noticias de esta petición",
        "En persona.",
    ):
        assert right in html, right


def test_us_english_organizers_wherever_a_person_reads_it(client, petition):
    from pathlib import Path

    for path in Path(settings.BASE_DIR, "templates").rglob("*"):
        if path.is_file():
            assert not re.search(r"[Oo]rganis(er|ation)", path.read_text()), path
    po = polib.pofile(str(PO))
    assert not [e.msgid for e in po if re.search(r"[Oo]rganis(er|ation)", e.msgid)]
    with translation.override("en"):
        from campaigns.models import Campaign, Partner

        assert Campaign._meta.get_field("organisers").verbose_name == "organizers"
        assert Partner._meta.verbose_name == "partner organization"


def test_the_spanish_why_is_as_long_as_the_english():
    english = PETITION["background_en"].split("\n\n")
    spanish = PETITION["background_es"].split("\n\n")
    assert len(spanish) == len(english) == 7
    assert spanish[-1].startswith("La administración de Trump está redoblando sus esfuerzos")
    assert "Ley de Confianza de 2018" in spanish[-1]


@pytest.mark.parametrize(
    ("field", "wrong", "right"),
    [
        ("statement_en", "falling victims of", "falling victim to"),
        ("background_en", "to further limited", "to further limit"),
        ("background_en", "Immigration Customs", "Immigration and Customs Enforcement"),
        ("background_en", "9.3.", "9.3 to"),
        ("background_en", "stop the ICE", "stop ICE"),
        ("background_en", "doubling down its", "doubling down on its"),
        ("statement_es", "Confianza 2018", "Ley de Confianza de 2018"),
        ("background_es", "pasando la Ley", "aprobando la Ley"),
        ("background_es", "detuvieran", "detengan"),
        ("background_es", "los arrestara", "las arreste"),
        ("background_es", "continua ", "continúa"),
        ("background_es", "Conocemos de casos", "Conocemos casos"),
        ("background_es", "removida", "se las ha sacado"),
        ("background_es", "Sistema Judicial", "sistema judicial"),
        ("background_es", "crear desconfianza", "crea desconfianza, estrés y ansiedad"),
        ("background_es", "Acta de Confianza", "la Ley de Confianza"),
        ("background_es", "3) Las", "1) dejar"),
    ],
)
def test_the_plain_errors_in_the_petition_text_are_fixed(field, wrong, right):
    assert wrong not in PETITION[field]
    assert right in PETITION[field]

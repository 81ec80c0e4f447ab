"""A Spanish reader never meets an English catalogue string: not on a page, not in an email.

Every public page (tests/pages.py), the sign form with its errors, the thank-you page with its
message, and every email template in templates/emails/, rendered in Spanish.
"""

from pathlib import Path

import pytest
from django.conf import settings

from core.emails import render_email
from tests.conftest import petition_url
from tests.pages import BAD_SIGNATURE, PUBLIC_PAGES, prepare
from tests.spanish_text import english_in, english_needles, spanish_text

EMAILS_DIR = Path(settings.BASE_DIR) / "templates" / "emails"
# What an email may be given; an email that needs more can have its own entry in EMAIL_CONTEXTS.
EMAIL_CONTEXT = {
    "first_name": "María",
    "petition_title": "Protejan a los residentes de Connecticut",
    "campaign_title": "Ley de Confianza de Connecticut",
    "petition_url": "http://127.0.0.1:8000/es/peticiones/trust-act-2018/",
    "url": "http://127.0.0.1:8000/es/",
    "count": 1234,
    "goal": 2500,
}
EMAIL_CONTEXTS = {
    "organiser-invite": {"days": 3, "invited_by": "Ana", "username": "rosa@example.org"},
    "password-reset": {"uid": "MQ", "token": "abc-123", "protocol": "https", "domain": "x.org"},
}


def email_names():
    names = sorted(p.name.removesuffix("-subject.txt") for p in EMAILS_DIR.glob("*-subject.txt"))
    return names or [
        pytest.param("", marks=pytest.mark.skip(reason="no emails in templates/emails"))
    ]


def test_the_check_has_something_to_look_for():
    needles = english_needles()
    assert len(needles) > 80
    assert "Sign the petition" in needles
    assert "Firmamos" not in needles  # a name, the same in both languages


def test_the_check_finds_english_and_spares_what_is_marked_english():
    page = (
        '<html lang="es"><body><h1>Firme por su comunidad</h1>'
        '<a lang="en" href="/en/">English</a>'
        '<input type="submit" value="Sign the petition">'
        '<p aria-label="Recent signers"><strong>12</strong> of 100 signatures</p></body></html>'
    )
    found = english_in(spanish_text(page))
    assert {"Recent signers", "Sign the petition", "signatures"} <= set(found)
    assert "English" not in found  # marked lang="en": the switcher's name for English
    assert english_in(spanish_text('<html lang="es"><p lang="en">Sign the petition</p>')) == []


@pytest.mark.parametrize("page", PUBLIC_PAGES, ids=[p.name for p in PUBLIC_PAGES])
def test_spanish_page_has_no_english(client, petition, page):
    prepare(page, client)
    response = client.get(page.url("es"))
    assert response.status_code == 200
    assert english_in(spanish_text(response.content.decode())) == []


def test_spanish_sign_form_errors_have_no_english(client, petition):
    response = client.post(petition_url("es"), BAD_SIGNATURE)
    assert response.status_code == 400
    text = spanish_text(response.content.decode())
    assert "Por favor, escriba su nombre." in text
    assert english_in(text) == []


def test_spanish_thank_you_after_signing_has_no_english(client, petition, sign_data):
    response = client.post(petition_url("es"), sign_data, follow=True)
    text = spanish_text(response.content.decode())
    assert "Gracias por firmar" in text
    assert english_in(text) == []


def test_the_email_layout_in_spanish_has_no_english():
    from django.template.loader import render_to_string
    from django.utils import translation

    with translation.override("es"):
        html = render_to_string("emails/base-body.html", {"LANGUAGE_CODE": "es"})
    text = spanish_text(html)
    assert "Recibe este correo" in text
    assert english_in(text) == []


@pytest.mark.parametrize("name", email_names())
def test_spanish_email_has_no_english(name):
    context = {**EMAIL_CONTEXT, **EMAIL_CONTEXTS.get(name, {})}
    subject, body_text, body_html = render_email(name, context, "es")
    assert english_in(subject) == []
    assert english_in(" ".join(body_text.split())) == []
    assert english_in(spanish_text(body_html)) == []

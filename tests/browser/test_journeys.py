"""Supporters and admins, in a real browser, the way they use the site.

Each supporter journey runs twice: with JavaScript and without (the site must work without it).
"""

import re

import pytest

from petitions.models import Petition, Signature
from tests.browser.conftest import ORGANISER_PASSWORD

pytestmark = [
    pytest.mark.browser,
    # The live server answers from another thread, so the data must be committed; the rollback
    # restores what migrations created (the Organizers group) for the tests that follow.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

JAVASCRIPT = pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
PETITION_ES = "/es/peticiones/trust-act-2018/"
THANKS_ES = "/es/peticiones/trust-act-2018/gracias/"
ZIP_ERROR_ES = "Por favor, escriba un código postal de EE. UU. de 5 dígitos, como 06106."


def expect(*args):
    from playwright.sync_api import expect

    return expect(*args)


def field(page, label):
    """The sign form's input whose label starts with `label` (labels end with a '*' if required)."""
    return page.locator("form.sign-form").get_by_label(re.compile(r"^\s*" + re.escape(label)))


def described_by(page, locator):
    """The text of the elements the input's aria-describedby points at (its help and errors)."""
    ids = (locator.get_attribute("aria-describedby") or "").split()
    return " ".join(page.locator(f"#{id_}").inner_text() for id_ in ids)


@JAVASCRIPT
def test_spanish_speaker_on_a_phone_fixes_the_zip_and_signs(
    browse, live_server, petition, javascript
):
    before = petition.signature_count
    page = browse.open(language="es", phone=True, javascript=javascript)

    page.goto("/")
    expect(page).to_have_url(live_server.url + "/es/")
    expect(page.locator("html")).to_have_attribute("lang", "es")
    expect(page.get_by_role("heading", level=1)).to_have_text("Firme por su comunidad")
    browse.step(page, "Spanish home")

    page.get_by_role("link", name="Leer y firmar").click()
    expect(page).to_have_url(live_server.url + PETITION_ES)
    expect(page.get_by_role("heading", level=1)).to_have_text(petition.title_es)
    browse.step(page, "petition")

    field(page, "Nombre").fill("María")
    field(page, "Apellido").fill("González Rivera")
    field(page, "Correo electrónico").fill("maria.gonzalez@example.com")
    field(page, "Código postal").fill("061O6")  # a letter O for a zero
    browse.take_time(page)
    page.get_by_role("button", name="Firmar la petición").click()

    zip_field = field(page, "Código postal")
    expect(zip_field).to_have_attribute("aria-invalid", "true")
    assert ZIP_ERROR_ES in described_by(page, zip_field)
    expect(page.locator("#div_id_postal_code")).to_contain_text(ZIP_ERROR_ES)
    # The error summary takes the focus (no script needed) and leads to the field.
    summary = page.locator(".sign-box .alert-danger")
    expect(summary).to_be_focused()
    expect(summary).to_contain_text("Por favor, corrija los errores")
    summary.get_by_role("link", name=re.compile("^Código postal")).click()
    expect(zip_field).to_be_focused()
    expect(field(page, "Nombre")).to_have_value("María")  # nothing typed is lost
    browse.step(page, "ZIP error")
    assert Signature.objects.count() == 0

    zip_field.fill("06106")
    browse.take_time(page)  # the form shown again is stamped afresh: a person re-reads it
    page.get_by_role("button", name="Firmar la petición").click()

    # No fragment follows the signer to the thanks page (nor into what they share from it).
    expect(page).to_have_url(live_server.url + THANKS_ES)
    expect(page.get_by_role("heading", level=1)).to_have_text("Gracias por firmar")
    # No count on the thanks page: a repeated signer must see exactly this page too.
    expect(page.locator(".petition-progress .count")).to_have_count(0)
    expect(page.locator(".signed-place")).to_have_text("Usted firmó desde Hartford, CT.")
    browse.step(page, "thank-you")
    assert Petition.objects.get(pk=petition.pk).signature_count == before + 1
    signature = Signature.objects.get()
    assert (signature.language, signature.postal_code, signature.town) == (
        "es",
        "06106",
        "Hartford",
    )


@JAVASCRIPT
def test_english_speaker_switches_to_spanish_on_the_petition(
    browse, live_server, petition, javascript
):
    page = browse.open(language="en", javascript=javascript)

    page.goto("/")
    expect(page).to_have_url(live_server.url + "/en/")
    page.get_by_role("link", name="Read and sign").click()
    expect(page).to_have_url(live_server.url + "/en/petitions/trust-act-2018/")
    expect(page.get_by_role("heading", level=1)).to_have_text(petition.title_en)
    browse.step(page, "English petition")

    # What was typed travels with the switch (the switcher sends the form; nothing is stored).
    field(page, "First name").fill("Ana")
    field(page, "Email*").fill("ana@example.com")
    field(page, "Email me news").check()
    page.get_by_role("navigation", name="Language").get_by_role("button", name="Español").click()
    expect(page).to_have_url(live_server.url + PETITION_ES)
    expect(page.locator("html")).to_have_attribute("lang", "es")
    expect(page.get_by_role("heading", level=1)).to_have_text(petition.title_es)
    expect(page.get_by_role("button", name="Firmar la petición")).to_be_visible()
    expect(field(page, "Nombre")).to_have_value("Ana")
    expect(field(page, "Correo electrónico")).to_have_value("ana@example.com")
    expect(field(page, "Envíenme noticias")).to_be_checked()
    assert not page.locator(".alert-danger").count()
    assert Signature.objects.count() == 0

    # Enter in a field signs (the sign form's default button is a sign button, not the switcher).
    field(page, "Apellido").fill("Pérez")
    field(page, "Código postal").fill("06106")
    browse.take_time(page)
    field(page, "Código postal").press("Enter")
    expect(page).to_have_url(live_server.url + THANKS_ES)
    signature = Signature.objects.get()
    assert (signature.first_name, signature.language, signature.updates_opt_in) == (
        "Ana",
        "es",
        True,
    )
    browse.step(page, "Spanish petition")

    page.goto("/")  # the choice is remembered
    expect(page).to_have_url(live_server.url + "/es/")


def test_admin_edits_the_spanish_title_in_its_tab(browse, live_server, petition, admin_user):
    new_title = "Protejan a las familias de Connecticut: aprueben la Ley de Confianza"
    page = browse.open(language="en")
    browse.log_in(page, admin_user.username, "password")
    page.goto(f"/admin/petitions/petition/{petition.pk}/change/")

    # modeltranslation's script groups each field's languages into tabs (with our jQuery UI).
    title_tabs = page.locator(".ui-tabs").filter(has=page.locator("#id_title_es"))
    spanish_title = page.locator("#id_title_es")
    expect(spanish_title).to_be_hidden()
    browse.step(page, "change form, English tab")
    title_tabs.get_by_role("tab", name="es").click()
    expect(spanish_title).to_be_visible()
    expect(spanish_title).to_have_value(petition.title_es)
    spanish_title.fill(new_title)
    browse.step(page, "Spanish tab, new title")
    page.locator("input[name=_save]").click()

    expect(page.locator(".messagelist .success")).to_be_visible()
    browse.step(page, "saved")
    assert Petition.objects.get(pk=petition.pk).title_es == new_title

    reader = browse.open(language="es")
    reader.goto(PETITION_ES)
    expect(reader.get_by_role("heading", level=1)).to_have_text(new_title)
    browse.step(reader, "Spanish page shows it")
    reader.goto("/en/petitions/trust-act-2018/")
    expect(reader.get_by_role("heading", level=1)).to_have_text(petition.title_en)


def test_organiser_exports_csv_and_pdf_then_records_the_delivery(
    browse, live_server, organiser, petition, sign_data
):
    """Log in, export the CSV and the PDF packet (recording a planned delivery), open both files,
    mark the delivery as delivered, and find it on the public Spanish page."""
    import csv

    from pypdf import PdfReader

    from petitions import signing
    from petitions.models import Delivery

    data = {**sign_data, "public": True, "town": "Hartford", "state": "CT"}
    del data["started"]  # the form's fill-time stamp, not a signature's field
    data.update(comment="", updates_opt_in=False)
    signing.sign(petition, data, language="es")

    page = browse.open(language="en")
    browse.log_in(page, organiser.username, ORGANISER_PASSWORD)
    page.goto("/admin/petitions/petition/")
    page.get_by_role("link", name=petition.title_en).click()
    expect(page).to_have_url(re.compile(rf"/admin/petitions/petition/{petition.pk}/change/$"))
    browse.step(page, "the petition in the admin")

    page.get_by_role("link", name="Export signatures").click()
    page.get_by_label("Format").select_option("csv")
    browse.step(page, "export form")
    csv_path = browse.download(page, lambda: page.locator("input[type=submit]").click())
    with csv_path.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert [(r["first_name"], r["last_name"], r["town"], r["language"]) for r in rows] == [
        ("José María", "Nuñez-Ortiz", "Hartford", "es")
    ]

    page.get_by_label("Format").select_option("pdf")
    page.get_by_label("Record these signatures as a new planned delivery").check()
    page.locator("input[type=submit]").click()
    # Recording shows the delivery, with what it holds and the packet to download.
    expect(page.locator(".messagelist .success")).to_contain_text("recorded with 1 signatures")
    browse.step(page, "the recorded delivery")
    packet = page.get_by_role("link", name="Download the packet (PDF)")
    pdf_path = browse.download(page, packet.click)
    text = " ".join(p.extract_text() for p in PdfReader(pdf_path).pages)
    assert "Hartford" in text and "José María" in text
    assert "Asamblea General de Connecticut" in text
    delivery = Delivery.objects.get(petition=petition)
    assert delivery.status == Delivery.Status.PLANNED
    assert delivery.signature_count == 1

    page.goto(f"/admin/petitions/delivery/{delivery.pk}/change/")
    page.locator("#id_status").select_option("delivered")
    page.locator("#id_delivered_on").fill("2018-04-05")
    page.locator("#id_delivered_by").fill("Coalition volunteers")
    browse.step(page, "marking the delivery as delivered")
    page.locator("input[name=_save]").click()
    expect(page.locator(".messagelist .success")).to_be_visible()
    delivery.refresh_from_db()
    assert delivery.status == Delivery.Status.DELIVERED

    reader = browse.open(language="es")
    reader.goto(PETITION_ES)
    expect(reader.locator(".deliveries")).to_contain_text(
        "Entregada en persona el 5 de abril de 2018"
    )
    browse.step(reader, "the delivery on the Spanish page")


def _sign_in_spanish(browse, page, first_name, last_name, email):
    """Fill the Spanish sign form with a Hartford ZIP, take a person's time, send it."""
    field(page, "Nombre").fill(first_name)
    field(page, "Apellido").fill(last_name)
    field(page, "Correo electrónico").fill(email)
    field(page, "Código postal").fill("06106")
    browse.take_time(page)
    page.get_by_role("button", name="Firmar la petición").click()


@JAVASCRIPT
def test_two_neighbors_sign_one_after_the_other_on_their_phones(
    browse, live_server, petition, javascript
):
    """The second reader gets the petition page from the cache the first reader's visit filled:
    her form must still be hers (b2bc01d-724dfb1: it carried the first reader's CSRF token last,
    and every signer but the first of each process got "please allow cookies")."""
    before = petition.signature_count
    first = browse.open(language="es", phone=True, javascript=javascript)
    first.goto(PETITION_ES)
    expect(first.get_by_role("heading", level=1)).to_have_text(petition.title_es)

    second = browse.open(language="es", phone=True, javascript=javascript)
    second.goto(PETITION_ES)
    _sign_in_spanish(browse, second, "Rosa", "Peña", "rosa.pena@example.com")
    expect(second).to_have_url(live_server.url + THANKS_ES)
    expect(second.get_by_role("heading", level=1)).to_have_text("Gracias por firmar")
    browse.step(second, "second neighbor thanked")

    _sign_in_spanish(browse, first, "Luis", "Ortiz", "luis.ortiz@example.com")
    expect(first).to_have_url(live_server.url + THANKS_ES)
    assert Petition.objects.get(pk=petition.pk).signature_count == before + 2

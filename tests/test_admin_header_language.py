"""The admin says Firmamos, and switches between English and Spanish on the page it is on."""

from django.urls import reverse


def test_the_header_and_title_say_firmamos(admin_client):
    page = admin_client.get("/admin/").content.decode()
    assert '<a href="/admin/">Firmamos</a>' in page
    assert "| Firmamos</title>" in page
    assert "Django administration" not in page


def test_the_language_switch_stays_on_the_page(admin_client):
    page = admin_client.get("/admin/petitions/delivery/").content.decode()
    assert 'action="/i18n/setlang/"' in page and 'value="es"' in page and "Español" in page
    response = admin_client.post(
        reverse("set_language"), {"language": "es", "next": "/admin/petitions/delivery/"}
    )
    assert response.status_code == 302 and response.url == "/admin/petitions/delivery/"
    spanish = admin_client.get("/admin/petitions/delivery/").content.decode()
    assert '<html lang="es"' in spanish and "English" in spanish

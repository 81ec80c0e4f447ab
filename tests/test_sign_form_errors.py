"""A refused signature: a summary of the errors, focused on arrival, each leading to its field."""

import re

from tests.conftest import petition_url
from tests.pages import BAD_SIGNATURE


def test_error_summary_is_the_forms_anchor_and_links_each_error_to_its_field(client, petition):
    html = client.post(petition_url("es"), BAD_SIGNATURE).content.decode()
    # The summary takes the focus as the page loads (autofocus: no script, no #sign in the
    # address, which would follow the signer to the thanks page and into what they share).
    assert re.search(
        r'<div class="alert alert-danger error-summary" role="alert" tabindex="-1" autofocus>',
        html,
    )
    assert html.count('id="sign"') == 1
    assert 'action="/es/peticiones/trust-act-2018/"' in html
    for field, error in (
        ("id_first_name", "Nombre: Por favor, escriba su nombre."),
        ("id_email", "Correo electrónico: Por favor, escriba un correo electrónico válido"),
        ("id_postal_code", "Código postal (ZIP): Por favor, escriba un código postal de EE. UU."),
    ):
        assert f'<a class="alert-link" href="#{field}">{error}' in html
        # and the field itself points at its error (crispy-bootstrap5 renders this)
        assert re.search(f'aria-describedby="[^"]*{field}_error[^"]*" id="{field}"', html)
        assert f'<div id="{field}_error" class="invalid-feedback">' in html


def test_without_errors_the_heading_is_the_anchor(client, petition):
    html = client.get(petition_url("en")).content.decode()
    assert html.count('id="sign"') == 1
    assert '<h2 id="sign" class="h4">' in html

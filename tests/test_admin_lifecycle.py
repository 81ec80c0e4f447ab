"""The admin changes signatures only through the lifecycle: deleting (admins only) keeps the count
exact, and switching how an open petition counts shows the new count before anything is saved."""

import pytest
from django.core.management import call_command
from django.utils import timezone

from petitions.models import Signature
from tests.signature_helpers import add_signature, organiser_of, set_stored_count
from tests.staff_helpers import log_in_staff
from tests.trust_helpers import assert_count_is_exact


def _change_form_data(page, **changes):
    form = page.context["adminform"].form
    data = {}
    for name in form.fields:
        value = form[name].value()
        if value is None or name.endswith("_at"):
            continue
        if isinstance(value, bool):
            if value:
                data[name] = "on"
            continue
        data[name] = value
    for name in ("opens_at", "closes_at"):
        data[f"{name}_0"] = data[f"{name}_1"] = ""
    data.update(changes)
    return {k: v for k, v in data.items() if v is not False}


def test_the_delete_selected_action_lowers_the_count(admin_client, petition):
    signatures = [add_signature(petition) for _ in range(4)]
    response = admin_client.post(
        "/admin/petitions/signature/",
        {
            "action": "delete_selected",
            "_selected_action": [signatures[0].pk, signatures[1].pk],
            "post": "yes",
        },
    )
    assert response.status_code == 302
    assert Signature.objects.count() == 2
    assert_count_is_exact(petition)
    assert petition.signature_count == 2


def test_the_delete_page_lowers_the_count_and_an_invalid_one_changes_nothing(
    admin_client, petition
):
    counted, spam = add_signature(petition), add_signature(petition)
    admin_client.post(
        "/admin/petitions/signature/", {"action": "invalidate", "_selected_action": [spam.pk]}
    )
    for signature in (spam, counted):
        url = f"/admin/petitions/signature/{signature.pk}/delete/"
        assert admin_client.post(url, {"post": "yes"}).status_code == 302
        assert_count_is_exact(petition)
    assert petition.signature_count == 0


def test_organisers_cannot_delete_signatures(client, petition):
    log_in_staff(client, organiser_of(petition.campaign))
    signature = add_signature(petition)
    response = client.post(f"/admin/petitions/signature/{signature.pk}/delete/", {"post": "yes"})
    assert response.status_code == 403
    listing = client.get("/admin/petitions/signature/").content.decode()
    assert "delete_selected" not in listing
    assert Signature.objects.count() == 1


@pytest.mark.parametrize("language", ["en", "es"])
def test_asking_for_confirmation_shows_the_new_count_before_saving(
    admin_client, petition, language
):
    add_signature(petition)
    add_signature(petition, confirmed_at=timezone.now())
    add_signature(petition)
    admin_client.cookies["django_language"] = language
    url = f"/admin/petitions/petition/{petition.pk}/change/"
    page = admin_client.get(url, HTTP_ACCEPT_LANGUAGE=language)
    data = _change_form_data(page, requires_confirmation="on")
    response = admin_client.post(url, data, HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 200  # back to the form, nothing saved
    html = response.content.decode()
    expected = {
        "en": "the public count will go from 3 to 1",
        "es": "el conteo público pasará de 3 a 1",
    }[language]
    assert expected in html
    petition.refresh_from_db()
    assert (petition.requires_confirmation, petition.signature_count) == (False, 3)

    response = admin_client.post(url, {**data, "confirm_count_change": "on"})
    assert response.status_code == 302
    petition.refresh_from_db()
    assert (petition.requires_confirmation, petition.signature_count) == (True, 1)
    assert_count_is_exact(petition)


def test_a_change_that_moves_no_count_needs_no_confirmation(admin_client, petition):
    add_signature(petition, confirmed_at=timezone.now())
    url = f"/admin/petitions/petition/{petition.pk}/change/"
    data = _change_form_data(admin_client.get(url), requires_confirmation="on")
    assert admin_client.post(url, data).status_code == 302
    petition.refresh_from_db()
    assert (petition.requires_confirmation, petition.signature_count) == (True, 1)


def test_recount_check_reports_drift_and_changes_nothing_then_fix_repairs(petition, capsys):
    add_signature(petition)
    call_command("recount", "--check")
    assert "counts are exact" in capsys.readouterr().out
    set_stored_count(petition, 41)
    with pytest.raises(SystemExit) as exit_code:
        call_command("recount", "--check")
    assert exit_code.value.code == 1
    assert "trust-act-2018: stored 41, counted 1" in capsys.readouterr().out
    petition.refresh_from_db()
    assert petition.signature_count == 41
    call_command("recount", "--fix", "trust-act-2018")
    assert "now 1" in capsys.readouterr().out
    assert_count_is_exact(petition)

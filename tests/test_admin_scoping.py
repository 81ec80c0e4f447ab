"""Organisers see and export only their campaigns' petitions and signatures, by list and by URL;
the command is for admins and is not scoped."""

import io

import pytest
from django.core.management import call_command

from tests.signature_helpers import add_signature, organiser_of, other_petition
from tests.staff_helpers import log_in_staff


@pytest.fixture
def setup(petition):
    theirs = other_petition()
    mine_sig = add_signature(petition, first_name="Mine", email="mine@example.com")
    their_sig = add_signature(theirs, first_name="Theirs", email="theirs@example.com")
    user = organiser_of(petition.campaign)
    return petition, theirs, mine_sig, their_sig, user


def test_signature_list_shows_only_own_campaign(client, setup):
    petition, theirs, mine_sig, their_sig, user = setup
    log_in_staff(client, user)
    page = client.get("/admin/petitions/signature/").content.decode()
    assert "mine@example.com" in page
    assert "theirs@example.com" not in page
    # Not in the petition filter either.
    assert "Other" not in page.split('id="changelist-filter"')[1]


def test_change_urls_of_another_campaign_are_closed(client, setup):
    petition, theirs, mine_sig, their_sig, user = setup
    log_in_staff(client, user)
    assert client.get(f"/admin/petitions/signature/{mine_sig.pk}/change/").status_code == 200
    response = client.get(f"/admin/petitions/signature/{their_sig.pk}/change/")
    assert response.status_code == 302  # the admin redirects "does not exist" to the index
    assert client.get(f"/admin/petitions/petition/{theirs.pk}/change/").status_code == 302
    for url in (
        f"/admin/petitions/petition/{theirs.pk}/paper/",
        f"/admin/petitions/petition/{theirs.pk}/signature-sheet/",
    ):
        assert client.get(url).status_code == 404, url


def test_export_url_refuses_another_campaigns_petition(client, setup):
    petition, theirs, mine_sig, their_sig, user = setup
    log_in_staff(client, user)
    data = {"petition": theirs.pk, "format": "csv", "scope": "all", "headings": "en"}
    response = client.post("/admin/petitions/signature/export/", data)
    assert response.status_code == 200  # the form again, with an error
    assert "Select a valid choice" in response.content.decode()
    data["petition"] = petition.pk
    response = client.post("/admin/petitions/signature/export/", data)
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    assert "mine@example.com" in body and "theirs@example.com" not in body


def test_export_action_cannot_reach_another_campaigns_signatures(client, setup):
    petition, theirs, mine_sig, their_sig, user = setup
    log_in_staff(client, user)
    response = client.post(
        "/admin/petitions/signature/",
        {"action": "export_csv", "_selected_action": [mine_sig.pk, their_sig.pk]},
    )
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    assert "mine@example.com" in body
    assert "theirs@example.com" not in body


def test_staff_without_campaign_sees_nothing(client, setup, django_user_model):
    petition, *_ = setup
    nobody = organiser_of(username="nobody")
    log_in_staff(client, nobody)
    page = client.get("/admin/petitions/signature/").content.decode()
    assert "mine@example.com" not in page


def test_the_command_is_not_scoped(setup, tmp_path):
    petition, theirs, *_ = setup
    out = tmp_path / "theirs.csv"
    call_command("export_signatures", theirs.slug, "--output", str(out), stderr=io.StringIO())
    assert "theirs@example.com" in out.read_text("utf-8-sig")


def test_superuser_sees_everything(admin_client, setup):
    page = admin_client.get("/admin/petitions/signature/").content.decode()
    assert "mine@example.com" in page and "theirs@example.com" in page


def test_petition_list_names_only_own_campaigns(client, setup):
    petition, theirs, *_ = setup
    log_in_staff(client, setup[4])
    page = client.get("/admin/petitions/petition/").content.decode()
    assert petition.title in page
    assert "Other campaign" not in page and ">Other<" not in page

"""Passwords of 12+ characters (Django's validators); a password reset by email for staff in the
admin's look; organisers are invited with a link to choose their own password."""

import re

import pytest
from django.contrib.auth.models import User
from django.contrib.auth.password_validation import validate_password
from django.core import mail
from django.core.exceptions import ValidationError
from django.test import Client

from campaigns.models import Campaign
from campaigns.roles import ORGANISERS_GROUP, campaigns_for
from tests.staff_helpers import STRONG_PASSWORD, log_in_staff

LINK_RE = re.compile(r"https?://[^/\s]+(/admin/reset/[^\s\"<]+/)")


@pytest.mark.parametrize(
    "password",
    ["short1!Ab", "eleven_char", "password1234", "123456789012345", "ana.lopez.2018"],
)
def test_weak_passwords_are_refused(db, password):
    user = User(username="ana.lopez", email="ana.lopez@example.org", first_name="Ana")
    with pytest.raises(ValidationError):
        validate_password(password, user)


def test_a_long_uncommon_password_passes(db):
    validate_password(STRONG_PASSWORD, User(username="ana"))
    validate_password("twelve chars", User(username="ana"))


def reset_link(message):
    return LINK_RE.search(message.body).group(1)


@pytest.mark.parametrize(
    ("language", "subject", "words"),
    [
        ("en", "Choose a new password for Firmamos", "Someone asked to choose a new password"),
        ("es", "Elija una contraseña nueva para Firmamos", "Alguien pidió elegir una contraseña"),
    ],
)
def test_a_staff_password_reset_by_email(client, db, language, subject, words):
    user = User.objects.create_user("ana", "ana@example.org", "old password here", is_staff=True)
    page = client.get("/admin/password_reset/", HTTP_ACCEPT_LANGUAGE=language)
    assert page.status_code == 200
    assert "/static/admin/css/" in page.content.decode()  # the admin's look
    done = client.post(
        "/admin/password_reset/", {"email": "ANA@example.org"}, HTTP_ACCEPT_LANGUAGE=language
    )
    assert done["Location"] == "/admin/password_reset/done/"
    (message,) = mail.outbox
    assert message.subject == subject
    assert words in message.body and words in message.alternatives[0][0]
    link = client.get(reset_link(message), follow=True)
    form_url = link.redirect_chain[-1][0]
    weak = client.post(form_url, {"new_password1": "short", "new_password2": "short"})
    assert weak.status_code == 200  # refused by the validators
    client.post(form_url, {"new_password1": STRONG_PASSWORD, "new_password2": STRONG_PASSWORD})
    user.refresh_from_db()
    assert user.check_password(STRONG_PASSWORD)
    again = client.get(reset_link(message), follow=True)  # used once: no form any more
    assert b"new_password1" not in again.content


def test_an_unknown_address_gets_the_same_answer_and_no_email(client, db):
    response = client.post("/admin/password_reset/", {"email": "nobody@example.org"})
    assert response["Location"] == "/admin/password_reset/done/"
    assert mail.outbox == []


def test_the_login_page_links_to_it(client, db):
    assert 'href="/admin/password_reset/"' in client.get("/admin/login/").content.decode()


@pytest.fixture
def campaign(petition):
    return petition.campaign


def invite(client, **data):
    return client.post("/admin/organizers/invite/", data, follow=True)


@pytest.mark.parametrize(
    ("language", "subject"),
    [("en", "You are invited to organize"), ("es", "Le invitamos a organizar")],
)
def test_inviting_an_organiser_sends_a_link_to_choose_a_password(
    admin_client, campaign, language, subject
):
    page = admin_client.get("/admin/")
    assert 'href="/admin/organizers/invite/"' in page.content.decode()
    response = invite(
        admin_client, email=" Rosa@Example.org ", campaign=campaign.pk, language=language
    )
    assert "Invitation sent to rosa@example.org" in response.content.decode()
    rosa = User.objects.get(email="rosa@example.org")
    assert rosa.is_staff and not rosa.is_superuser
    assert not rosa.has_usable_password()  # nobody chose it for her
    assert rosa.groups.filter(name=ORGANISERS_GROUP).exists()
    assert list(campaigns_for(rosa)) == [campaign]
    (message,) = mail.outbox
    assert message.to == ["rosa@example.org"]
    assert subject in message.subject
    newcomer = Client()
    form_url = newcomer.get(reset_link(message), follow=True).redirect_chain[-1][0]
    newcomer.post(form_url, {"new_password1": STRONG_PASSWORD, "new_password2": STRONG_PASSWORD})
    rosa.refresh_from_db()
    assert rosa.check_password(STRONG_PASSWORD)
    signed_in = newcomer.post(
        "/admin/login/", {"username": "rosa@example.org", "password": STRONG_PASSWORD}
    )
    assert signed_in.status_code == 302
    assert newcomer.get("/admin/")["Location"].startswith("/admin/two-factor/setup/")


def test_a_lost_invitation_is_replaced_by_a_password_reset(admin_client, client, campaign):
    invite(admin_client, email="rosa@example.org", campaign=campaign.pk, language="en")
    client.post("/admin/password_reset/", {"email": "rosa@example.org"})
    assert len(mail.outbox) == 2


def test_inviting_someone_who_has_an_account_adds_the_campaign_without_email(
    admin_client, campaign
):
    User.objects.create_user("old", "old@example.org", STRONG_PASSWORD)
    response = invite(admin_client, email="old@example.org", campaign=campaign.pk, language="es")
    assert "already has an account" in response.content.decode()
    assert mail.outbox == []
    assert campaign in campaigns_for(User.objects.get(username="old"))


def test_organisers_cannot_invite(client, campaign):
    organiser = User.objects.create_user("org", is_staff=True)
    log_in_staff(client, organiser)
    assert client.get("/admin/organizers/invite/").status_code == 403
    assert invite(client, email="x@example.org", campaign=campaign.pk, language="en")
    assert not User.objects.filter(email="x@example.org").exists()


@pytest.mark.parametrize(
    "data",
    [
        {},
        {"email": "not an email", "campaign": "1", "language": "en"},
        {"email": "a@example.org", "campaign": "999999", "language": "en"},
        {"email": "a@example.org", "campaign": "x", "language": "fr"},
        {"email": "a" * 300 + "@example.org", "campaign": "1", "language": "en"},
    ],
)
def test_bad_invitations_are_explained_not_crashed(admin_client, campaign, data):
    response = admin_client.post("/admin/organizers/invite/", data)
    assert response.status_code == 200
    assert mail.outbox == []


def test_an_address_used_as_another_username_is_refused(admin_client, campaign):
    User.objects.create_user("rosa@example.org", "someone-else@example.org")
    response = invite(admin_client, email="rosa@example.org", campaign=campaign.pk, language="en")
    assert "Another account already uses this address" in response.content.decode()
    assert Campaign.objects.get(pk=campaign.pk).organisers.count() == 0

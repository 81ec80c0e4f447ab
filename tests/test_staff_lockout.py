"""Login lockout (django-axes): 5 failures per username and address, 20 per address, 20 per
username, within 30 minutes; then even the right password is refused, on a page in the admin's
look and language. Every sign-in and failure is logged, never a password."""

import datetime
import logging

import pytest
from axes.models import AccessAttempt
from django.contrib.auth.models import User
from django.test import Client

from tests.staff_helpers import STRONG_PASSWORD

WRONG = "not the password at all"


@pytest.fixture
def staff(db):
    return User.objects.create_user("ana", "ana@example.org", STRONG_PASSWORD, is_staff=True)


def attempt(client, username, password, ip="203.0.113.5", **extra):
    return client.post(
        "/admin/login/?next=/admin/",
        {"username": username, "password": password, "next": "/admin/"},
        REMOTE_ADDR=ip,
        **extra,
    )


def signed_in(client):
    return "_auth_user_id" in client.session


def test_the_fifth_failure_locks_and_then_the_right_password_is_refused(client, staff):
    for number in range(1, 5):
        response = attempt(client, "ana", WRONG)
        assert response.status_code == 200, number  # the form again, with its error
    locked = attempt(client, "ana", WRONG)
    assert locked.status_code == 429
    response = attempt(client, "ana", STRONG_PASSWORD)
    assert response.status_code == 429
    assert not signed_in(client)
    html = response.content.decode()
    assert "Signing in is paused" in html
    assert "30 minutes after the last failed attempt" in html
    assert 'href="/admin/password_reset/"' in html
    assert "/static/admin/css/" in html  # the admin's look, not a bare 403
    assert response["Retry-After"] == "1800"


def test_the_lock_is_per_username_and_address(client, staff):
    for _ in range(5):
        attempt(client, "ana", WRONG)
    assert attempt(client, "ana", STRONG_PASSWORD).status_code == 429
    elsewhere = Client()
    assert attempt(elsewhere, "ana", STRONG_PASSWORD, ip="198.51.100.7").status_code == 302
    assert signed_in(elsewhere)


def test_thirty_minutes_after_the_last_failure_the_right_password_works(client, staff):
    for _ in range(5):
        attempt(client, "ana", WRONG)
    assert attempt(client, "ana", STRONG_PASSWORD).status_code == 429
    AccessAttempt.objects.update(
        attempt_time=datetime.datetime.now(datetime.UTC) - datetime.timedelta(minutes=31)
    )
    assert attempt(client, "ana", STRONG_PASSWORD).status_code == 302
    assert signed_in(client)


def test_an_address_trying_many_usernames_is_stopped_at_twenty(client, staff):
    for number in range(20):
        response = attempt(client, f"guess{number}", WRONG)
    assert response.status_code == 429
    assert attempt(client, "ana", STRONG_PASSWORD).status_code == 429
    assert attempt(Client(), "ana", STRONG_PASSWORD, ip="198.51.100.7").status_code == 302


def test_an_account_tried_from_many_addresses_is_stopped_at_twenty(client, staff):
    for number in range(20):
        attempt(Client(), "ana", WRONG, ip=f"198.51.100.{number + 1}")
    assert attempt(client, "ana", STRONG_PASSWORD, ip="192.0.2.1").status_code == 429


def test_behind_a_proxy_the_address_is_the_clients(client, staff, settings):
    settings.PROXY_COUNT = 1
    for _ in range(5):
        attempt(client, "ana", WRONG, ip="10.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.9")
    assert AccessAttempt.objects.get().ip_address == "203.0.113.9"
    other_client = attempt(
        Client(), "ana", STRONG_PASSWORD, ip="10.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.10"
    )
    assert other_client.status_code == 302  # same proxy, another person


def test_the_lockout_page_speaks_spanish(client, staff):
    for _ in range(5):
        attempt(client, "ana", WRONG)
    html = attempt(client, "ana", WRONG, HTTP_ACCEPT_LANGUAGE="es").content.decode()
    assert '<html lang="es"' in html
    assert "Se pausó el inicio de sesión" in html
    assert "30 minutos" in html


def test_sign_ins_and_failures_are_logged_without_the_password(client, staff, caplog):
    caplog.set_level(logging.INFO, logger="firmamos.staff")
    attempt(client, "ana", WRONG)
    attempt(client, "ana", STRONG_PASSWORD)
    lines = [r.getMessage() for r in caplog.records if r.name == "firmamos.staff"]
    assert any(line.startswith("failed sign-in: ana from ") for line in lines)
    assert any(line.startswith("sign-in: ana from ") for line in lines)
    everything = caplog.text + str(list(AccessAttempt.objects.values()))
    assert WRONG not in everything and STRONG_PASSWORD not in everything
    assert "203.0.113.5" not in " ".join(lines)  # a keyed hash, not the address


@pytest.mark.parametrize(
    "data",
    [
        {},
        {"username": "x" * 10_000, "password": "y"},
        {"username": "ana\x00", "password": "y"},
        {"username": ["a", "b"], "password": ["c"]},
    ],
)
def test_garbage_sign_ins_are_answered_not_crashed(client, staff, data):
    for _ in range(6):  # through to the lockout
        response = client.post(
            "/admin/login/", data, REMOTE_ADDR="203.0.113.5", HTTP_USER_AGENT="x" * 1000
        )
        assert response.status_code in (200, 429)

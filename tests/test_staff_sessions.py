"""Staff sessions end after 30 minutes idle and 12 hours in all; signers' cookies are unchanged."""

import time

import pytest
from django.conf import settings
from django.contrib.auth.models import User

from tests.conftest import petition_url
from tests.staff_helpers import log_in_staff


@pytest.fixture
def clock(monkeypatch):
    """time.time(), moved by hand."""
    now = [time.time()]
    monkeypatch.setattr(time, "time", lambda: now[0])
    return now


@pytest.fixture
def organiser_client(client, petition):
    user = User.objects.create_user("org", is_staff=True, is_superuser=True)
    log_in_staff(client, user)
    return client


def test_the_settings_say_thirty_minutes_and_twelve_hours():
    assert settings.STAFF_SESSION_IDLE_MINUTES == 30
    assert settings.STAFF_SESSION_MAX_HOURS == 12


def test_half_an_hour_idle_ends_the_session(organiser_client, clock):
    assert organiser_client.get("/admin/").status_code == 200
    clock[0] += 29 * 60
    assert organiser_client.get("/admin/").status_code == 200  # still there, and seen again
    clock[0] += 29 * 60
    assert organiser_client.get("/admin/").status_code == 200
    clock[0] += 31 * 60
    response = organiser_client.get("/admin/petitions/signature/")
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")
    assert "_auth_user_id" not in organiser_client.session


def test_twelve_hours_end_it_however_busy(organiser_client, clock):
    for _ in range(12 * 3):  # a request every 20 minutes for 12 hours
        assert organiser_client.get("/admin/").status_code == 200
        clock[0] += 20 * 60
    clock[0] += 60
    assert organiser_client.get("/admin/").status_code == 302


def test_the_cookie_itself_lasts_the_idle_time(organiser_client):
    response = organiser_client.get("/admin/")
    assert response.cookies[settings.SESSION_COOKIE_NAME]["max-age"] == 30 * 60


def test_signers_pages_set_no_session_and_no_staff_timer(client, petition, sign_data):
    response = client.get(petition_url("en"))
    assert settings.SESSION_COOKIE_NAME not in response.cookies
    response = client.post(petition_url("es"), sign_data, follow=True)
    assert response.status_code == 200
    session = client.session
    assert "staff_last_seen_at" not in session and "staff_signed_in_at" not in session
    assert settings.SESSION_COOKIE_AGE == 14 * 24 * 3600  # Django's default, for everyone else


def test_a_tampered_timer_ends_the_session(organiser_client):
    session = organiser_client.session
    session["staff_last_seen_at"] = "yesterday"
    session.save()
    assert organiser_client.get("/admin/").status_code == 302

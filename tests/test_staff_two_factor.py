"""Every staff user passes a second factor (an authenticator app, or a recovery code) before any
admin page; one without a device is sent to set one up."""

import re
import subprocess
import sys

import pytest
from django.contrib.auth.models import User
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from campaigns.roles import make_organiser
from tests.staff_helpers import STRONG_PASSWORD, authenticator, log_in_staff, totp_code
from tests.test_settings_env import ROOT, _load_settings

ADMIN_PAGES = [
    "/admin/",
    "/admin/petitions/signature/",
    "/admin/petitions/petition/",
    "/admin/abuse/",
    "/admin/auth/user/",
    "/admin/password_change/",
    "/admin/organizers/invite/",
]


@pytest.fixture
def organiser(petition):
    user = User.objects.create_user("ana", "ana@example.org", STRONG_PASSWORD)
    make_organiser(user, petition.campaign)
    return user


def sign_in_with_password(client, user, next_url="/admin/"):
    return client.post(
        f"/admin/login/?next={next_url}",
        {"username": user.username, "password": STRONG_PASSWORD, "next": next_url},
    )


@pytest.mark.parametrize("page", ADMIN_PAGES)
def test_a_password_alone_reaches_no_admin_page(client, organiser, page):
    organiser.is_superuser = True
    organiser.save()
    client.force_login(organiser)
    response = client.get(page)
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/two-factor/setup/?next=")


def test_with_a_device_the_code_page_is_asked_for_instead(client, organiser):
    authenticator(organiser)
    client.force_login(organiser)
    response = client.get("/admin/petitions/signature/")
    assert response["Location"] == "/admin/two-factor/?next=%2Fadmin%2Fpetitions%2Fsignature%2F"


def test_setting_up_through_the_real_sign_in(client, organiser):
    response = sign_in_with_password(client, organiser)
    assert response["Location"] == "/admin/"
    response = client.get("/admin/", follow=True)
    assert response.redirect_chain[-1][0] == "/admin/two-factor/setup/?next=%2Fadmin%2F"
    html = response.content.decode()
    assert 'src="data:image/svg+xml;base64,' in html  # the QR code, allowed by the CSP
    secret = re.search(r'<code class="staff-secret">([A-Z2-7 ]+)</code>', html).group(1)
    device = TOTPDevice.objects.get(user=organiser, confirmed=False)
    assert secret.replace(" ", "") in device.config_url

    wrong = client.post("/admin/two-factor/setup/", {"code": "000000", "next": "/admin/"})
    assert "That code did not work" in wrong.content.decode()
    assert client.get("/admin/")["Location"].startswith("/admin/two-factor/setup/")
    device.refresh_from_db()
    device.throttle_reset()  # a wrong code holds the next one back for a second: skip the wait

    done = client.post("/admin/two-factor/setup/", {"code": totp_code(device), "next": "/admin/"})
    assert done.status_code == 200
    codes = re.findall(r"<li><code>([a-z2-7]{8})</code></li>", done.content.decode())
    assert len(codes) == 10
    assert set(codes) == set(StaticToken.objects.values_list("token", flat=True))
    device.refresh_from_db()
    assert device.confirmed
    assert client.get("/admin/").status_code == 200


def test_setup_never_replaces_a_device_already_there(client, organiser):
    authenticator(organiser)
    client.force_login(organiser)
    assert client.get("/admin/two-factor/setup/")["Location"] == "/admin/two-factor/"
    client.post("/admin/two-factor/setup/", {"code": "123456"})
    assert TOTPDevice.objects.filter(user=organiser).count() == 1


def test_the_code_page_takes_the_app_code(client, organiser):
    device = authenticator(organiser)
    sign_in_with_password(client, organiser)
    page = client.get("/admin/two-factor/?next=/admin/abuse/")
    assert page.status_code == 200
    wrong = client.post("/admin/two-factor/", {"code": "12345", "next": "/admin/abuse/"})
    assert "That code did not work" in wrong.content.decode()
    device.refresh_from_db()
    device.throttle_reset()  # a wrong code holds the next one back for a second: skip the wait
    right = client.post("/admin/two-factor/", {"code": totp_code(device), "next": "/admin/abuse/"})
    assert right["Location"] == "/admin/abuse/"
    assert client.get("/admin/abuse/").status_code == 200


def test_a_recovery_code_works_once(client, organiser):
    log_in_staff(client, organiser)
    client.post("/admin/two-factor/setup/")  # has a device: nothing happens
    from staff.two_factor import _new_recovery_codes

    code = _new_recovery_codes(organiser)[0]
    for attempt in range(2):
        other = type(client)()
        sign_in_with_password(other, organiser)
        response = other.post("/admin/two-factor/", {"code": code.upper(), "next": "/admin/"})
        if attempt == 0:
            assert response["Location"] == "/admin/"
        else:
            assert response.status_code == 200  # spent
            assert other.get("/admin/").status_code == 302


def test_wrong_codes_are_throttled(client, organiser):
    device = authenticator(organiser)
    sign_in_with_password(client, organiser)
    for _ in range(3):
        client.post("/admin/two-factor/", {"code": "000000"})
    page = client.post("/admin/two-factor/", {"code": totp_code(device)}).content.decode()
    assert "Too many wrong codes" in page
    assert client.get("/admin/").status_code == 302


def test_the_code_page_never_sends_anyone_elsewhere(client, organiser):
    device = authenticator(organiser)
    sign_in_with_password(client, organiser)
    for target in ("https://evil.example/", "//evil.example/", "javascript:alert(1)"):
        device.refresh_from_db()
        device.throttle_reset()
        device.last_t = -1
        device.save()
        response = client.post("/admin/two-factor/", {"code": totp_code(device), "next": target})
        assert response["Location"] == "/admin/"
        client.post("/admin/logout/")
        sign_in_with_password(client, organiser)


@pytest.mark.parametrize(
    "data", [{}, {"code": ""}, {"code": "x" * 5000}, {"code": "\x00"}, {"code": ["1", "2"]}]
)
def test_garbage_codes_are_refused_politely(client, organiser, data):
    authenticator(organiser)
    sign_in_with_password(client, organiser)
    assert client.post("/admin/two-factor/", data).status_code == 200
    assert client.post("/admin/two-factor/setup/", data).status_code == 302


def test_signing_out_works_before_the_second_step(client, organiser):
    client.force_login(organiser)
    client.post("/admin/logout/")
    assert "_auth_user_id" not in client.session
    assert client.get("/admin/two-factor/")["Location"].startswith("/admin/login/")


def test_the_pages_speak_spanish(client, organiser):
    sign_in_with_password(client, organiser)
    html = client.get("/admin/two-factor/setup/", HTTP_ACCEPT_LANGUAGE="es").content.decode()
    assert "Configurar la verificación en dos pasos" in html
    authenticator(organiser)
    html = client.get("/admin/two-factor/", HTTP_ACCEPT_LANGUAGE="es").content.decode()
    assert "Verificación en dos pasos" in html
    assert "aplicación de autenticación" in html


def test_an_admin_can_reset_a_lost_phone(admin_client, organiser):
    authenticator(organiser)
    response = admin_client.post(
        "/admin/auth/user/",
        {"action": "reset_two_factor", "_selected_action": [organiser.pk]},
        follow=True,
    )
    assert "Two-step verification was reset for 1 person." in response.content.decode()
    assert not TOTPDevice.objects.filter(user=organiser).exists()
    assert admin_client.get("/admin/otp_totp/totpdevice/").status_code == 404  # no secrets shown


def test_only_a_development_machine_may_switch_it_off():
    result = _load_settings(
        {"DEBUG": "False", "SECRET_KEY": "x" * 50, "STAFF_2FA_REQUIRED": "False"}
    )
    assert result.returncode != 0
    assert "STAFF_2FA_REQUIRED=False is for development only" in result.stderr
    assert _load_settings({"DEBUG": "True", "STAFF_2FA_REQUIRED": "False"}).returncode == 0


def test_switched_off_in_development_a_password_is_enough(client, organiser, settings):
    settings.STAFF_2FA_REQUIRED = False  # what DEBUG=True with STAFF_2FA_REQUIRED=False gives
    client.force_login(organiser)
    assert client.get("/admin/").status_code == 200


def test_the_test_settings_keep_it_on():
    code = "from django.conf import settings; print(settings.STAFF_2FA_REQUIRED)"
    out = subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {code}"],
        cwd=ROOT,
        env={"DJANGO_SETTINGS_MODULE": "config.test_settings", "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
    )
    assert out.stdout.strip() == "True", out.stderr

"""Signing staff in for tests, second factor included (the admin refuses staff without it).

`log_in_staff(client, user)` is `client.force_login(user)` plus what a person does next: a
confirmed authenticator app for the user, and the session marked as verified by it, as
`django_otp.login` marks it after a right code. Use it (or the `admin_client` fixture, which
uses it) wherever a test needs a staff user inside the admin; plain `force_login` leaves a staff
user at the two-step page, which is what tests of that page want.
`totp_code(device)` is the code the user's phone would show now.
"""

from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

STRONG_PASSWORD = "correct horse battery staple 42"  # passes the password validators


def authenticator(user):
    """The user's confirmed authenticator app, made if they have none."""
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    return device or TOTPDevice.objects.create(user=user, name="phone", confirmed=True)


def totp_code(device, at=None):
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    if at is not None:
        totp.time = at
    return f"{totp.token():0{device.digits}d}"


def log_in_staff(client, user):
    """Sign `user` in on `client` with both steps done; returns the device."""
    client.force_login(user)
    device = authenticator(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return device


def staff_client(user):
    client = Client()
    log_in_staff(client, user)
    return client

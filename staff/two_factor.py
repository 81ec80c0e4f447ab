"""The second factor's two pages: enter a code, or set up an authenticator app.

django-otp keeps the devices (a TOTP app, and a set of single-use recovery codes) and checks the
codes, throttling wrong ones; these views only ask. Both need a password sign-in first.
"""

import base64
import io
import logging

from django import forms
from django.conf import settings
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.contrib.auth.views import redirect_to_login
from django.db import transaction
from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect
from django_otp import devices_for_user, login, user_has_device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp.qr import write_qrcode_image

from staff.lockout import address

log = logging.getLogger("firmamos.staff")
RECOVERY_CODES = 10


class CodeForm(forms.Form):
    code = forms.CharField(
        label=_("Code"),
        max_length=32,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "autofocus": True}),
    )

    def clean_code(self):
        return "".join(self.cleaned_data["code"].split()).lower()


def _staff_only(view):
    @never_cache
    @csrf_protect
    def wrapped(request):
        user = request.user
        if not (user.is_authenticated and user.is_active and user.is_staff):
            return redirect_to_login(request.get_full_path(), reverse("admin:login"))
        return view(request)

    return wrapped


def _next_url(request):
    wanted = request.POST.get(REDIRECT_FIELD_NAME) or request.GET.get(REDIRECT_FIELD_NAME, "")
    safe = url_has_allowed_host_and_scheme(
        wanted, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return wanted if safe and wanted.startswith("/") else reverse("admin:index")


def _context(request, **extra):
    from django.contrib import admin

    return {**admin.site.each_context(request), "next": _next_url(request), **extra}


def _check(user, code):
    """The confirmed device that accepts `code`: a six-digit app code, or a recovery code."""
    kind = TOTPDevice if code.isdigit() and len(code) == 6 else StaticDevice
    for device in devices_for_user(user, for_verify=True):
        if isinstance(device, kind) and device.verify_token(code):
            return device
    return None


def _throttled(devices):
    """Whether wrong codes have made django-otp refuse codes for a while."""
    return any(not device.verify_is_allowed()[0] for device in devices)


WRONG_CODE = _("That code did not work. Please try the newest code.")
WAIT = _("Too many wrong codes. Please wait a minute, then try the newest code.")


@_staff_only
def verify(request):
    user = request.user
    if user.is_verified() or not settings.STAFF_2FA_REQUIRED:
        return HttpResponseRedirect(_next_url(request))
    if not user_has_device(user):
        return HttpResponseRedirect(reverse("admin:two_factor_setup"))
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        throttled = _throttled(devices_for_user(user))  # then even the right code is refused
        with transaction.atomic():
            device = _check(user, form.cleaned_data["code"])
        if device is not None:
            login(request, device)
            log.info("second factor passed: %s from %s", user.get_username(), address(request))
            return HttpResponseRedirect(_next_url(request))
        log.warning("second factor failed: %s from %s", user.get_username(), address(request))
        form.add_error("code", WAIT if throttled else WRONG_CODE)
    return render(
        request,
        "staff/two_factor_verify.html",
        _context(request, form=form, title=_("Two-step verification")),
    )


def _qr_data_uri(text):
    svg = io.BytesIO()
    write_qrcode_image(text, svg)
    return "data:image/svg+xml;base64," + base64.b64encode(svg.getvalue()).decode()


def _grouped(secret):
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


@_staff_only
def setup(request):
    """Set up an authenticator app; once its first code works, show the recovery codes once."""
    user = request.user
    if user_has_device(user):  # a second device needs the first: never set up over it
        return HttpResponseRedirect(reverse("admin:two_factor_verify"))
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(
            user=user, name=str(_("Authenticator app")), confirmed=False
        )
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        throttled = _throttled([device])
        with transaction.atomic():
            accepted = device.verify_token(form.cleaned_data["code"])
            if accepted:
                device.confirmed = True
                device.save(update_fields=["confirmed"])
                codes = _new_recovery_codes(user)
        if accepted:
            login(request, device)
            log.info("second factor set up: %s from %s", user.get_username(), address(request))
            return render(
                request,
                "staff/two_factor_codes.html",
                _context(request, codes=codes, title=_("Your recovery codes")),
            )
        form.add_error("code", WAIT if throttled else WRONG_CODE)
    secret = base64.b32encode(device.bin_key).decode()
    return render(
        request,
        "staff/two_factor_setup.html",
        _context(
            request,
            form=form,
            qr=_qr_data_uri(device.config_url),
            secret=_grouped(secret),
            title=_("Set up two-step verification"),
        ),
    )


def _new_recovery_codes(user):
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name=str(_("Recovery codes")))
    codes = [StaticToken.random_token() for _i in range(RECOVERY_CODES)]
    StaticToken.objects.bulk_create([StaticToken(device=device, token=code) for code in codes])
    return codes


def reset(user):
    """Forget a user's devices: they set up two-step verification again at their next sign-in."""
    for device in devices_for_user(user, confirmed=None):
        device.delete()

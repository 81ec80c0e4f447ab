"""Login lockout (django-axes) and the sign-in log.

Failed sign-ins are counted per username and address together, per address and per username
(`STAFF_LOGIN_FAILURE_LIMITS`), over `STAFF_LOCKOUT_MINUTES`. At a limit, the login form is
refused, even with the right password, until that long after the last failure. The address is
the client's as the rest of the site sees it (`PROXY_COUNT`, petitions/signing.py).

Every sign-in, failure, lockout and second-factor check is logged to the "firmamos.staff"
logger with the username and a keyed hash of the address; never a password or a code.
"""

import logging

from axes.handlers.database import AxesDatabaseHandler
from axes.signals import user_locked_out
from django.conf import settings
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.db.models import Sum
from django.dispatch import receiver
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

from petitions import signing

log = logging.getLogger("firmamos.staff")


def client_ip(request):
    return signing.client_ip(request) or None


def username(request, credentials=None):
    """The username tried, as axes stores it: Django's login form does not limit its length, and
    PostgreSQL refuses NUL characters and anything past axes' column (255)."""
    if credentials:
        value = credentials.get("username")
    else:
        value = getattr(request, "POST", {}).get("username")
    if value is None:
        return None
    return str(value).replace("\x00", "")[:150]


class StaffLockoutHandler(AxesDatabaseHandler):
    """Axes' database handler, with a limit of its own for each lockout parameter.

    Axes compares every parameter's failures with one limit; here each parameter (in the order of
    AXES_LOCKOUT_PARAMETERS) has its own, and a client over any of them counts as at the limit.
    """

    def get_failures(self, request, credentials=None):
        limits = list(settings.STAFF_LOGIN_FAILURE_LIMITS.values())
        counts = [
            attempts.aggregate(total=Sum("failures_since_start"))["total"] or 0
            for attempts in self.get_user_attempts(request, credentials)
        ]
        if any(count >= limit for count, limit in zip(counts, limits, strict=True)):
            return settings.AXES_FAILURE_LIMIT
        return min(counts[0], settings.AXES_FAILURE_LIMIT - 1)


def locked_out(request, original_response=None, credentials=None):
    """The lockout page, in the admin's look and language (status 429)."""
    from django.contrib import admin

    context = {
        **admin.site.each_context(request),
        "title": _("Signing in is paused"),
        "minutes": settings.STAFF_LOCKOUT_MINUTES,
    }
    response = TemplateResponse(request, "staff/locked_out.html", context, status=429)
    response["Retry-After"] = str(settings.STAFF_LOCKOUT_MINUTES * 60)
    return response.render()


def address(request):
    return signing.hash_ip(signing.client_ip(request))[:16] if request is not None else ""


@receiver(user_logged_in)
def _logged_in(sender, request, user, **kwargs):
    log.info("sign-in: %s from %s", user.get_username(), address(request))


@receiver(user_login_failed)
def _login_failed(sender, credentials, request=None, **kwargs):
    log.warning("failed sign-in: %s from %s", credentials.get("username", ""), address(request))


@receiver(user_locked_out)
def _locked_out(sender, request, username, ip_address, **kwargs):
    log.warning("sign-in locked: %s from %s", username, address(request))


@receiver(user_logged_out)
def _logged_out(sender, request, user, **kwargs):
    if user is not None:
        log.info("sign-out: %s", user.get_username())

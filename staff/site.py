"""The admin site: staff must pass a second factor before any admin page.

A staff user who has signed in with a password but not yet with a code is sent to the code page
(`two_factor.verify`), or, with no device yet, to set one up (`two_factor.setup`). Logging out is
always allowed. `STAFF_2FA_REQUIRED=False` (development only, see settings) turns this off.
"""

from functools import update_wrapper

from django.conf import settings
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.http import HttpResponseRedirect
from django.urls import path, reverse
from django.utils.http import urlencode
from django_otp import user_has_device

from campaigns.admin_site import ScopedAdminSite


def second_factor_step(request):
    """The URL name of the step this staff user must take first, or None."""
    user = request.user
    if not settings.STAFF_2FA_REQUIRED or not (user.is_active and user.is_staff):
        return None
    if getattr(user, "is_verified", lambda: False)():  # set by django-otp's OTPMiddleware
        return None
    return "admin:two_factor_verify" if user_has_device(user) else "admin:two_factor_setup"


def redirect_to_step(request, step, next_url):
    return HttpResponseRedirect(f"{reverse(step)}?{urlencode({REDIRECT_FIELD_NAME: next_url})}")


class StaffAdminSite(ScopedAdminSite):
    """The campaign-scoped admin site (campaigns/admin_site.py), asking for the second factor
    first."""

    def has_permission(self, request):
        return super().has_permission(request) and second_factor_step(request) is None

    def admin_view(self, view, cacheable=False):
        inner = super().admin_view(view, cacheable)

        def guarded(request, *args, **kwargs):
            step = second_factor_step(request)
            if step is None:
                return inner(request, *args, **kwargs)
            if view == self.logout:
                return self.logout(request)
            return redirect_to_step(request, step, request.get_full_path())

        return update_wrapper(guarded, inner)

    def login(self, request, extra_context=None):
        step = second_factor_step(request) if request.user.is_authenticated else None
        if step and request.method == "GET":
            next_url = request.GET.get(REDIRECT_FIELD_NAME) or reverse("admin:index")
            return redirect_to_step(request, step, next_url)
        return super().login(request, extra_context)

    def get_urls(self):
        from staff import invite, two_factor

        return [
            path("two-factor/", two_factor.verify, name="two_factor_verify"),
            path("two-factor/setup/", two_factor.setup, name="two_factor_setup"),
            path("organizers/invite/", self.admin_view(invite.invite), name="invite_organizer"),
            *super().get_urls(),
        ]

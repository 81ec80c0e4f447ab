"""Staff sessions end after `STAFF_SESSION_IDLE_MINUTES` without a request and
`STAFF_SESSION_MAX_HOURS` after signing in. Nobody else's session or cookies change: signers
never sign in, and their pages set no session.
"""

import time

from django.conf import settings
from django.contrib.auth import logout
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver

SIGNED_IN_AT = "staff_signed_in_at"
LAST_SEEN_AT = "staff_last_seen_at"


@receiver(user_logged_in)
def _remember_sign_in(sender, request, user, **kwargs):
    if request is not None and hasattr(request, "session") and user.is_staff:
        now = int(time.time())
        request.session[SIGNED_IN_AT] = now
        request.session[LAST_SEEN_AT] = now


def _expired(session, now):
    idle = settings.STAFF_SESSION_IDLE_MINUTES * 60
    longest = settings.STAFF_SESSION_MAX_HOURS * 3600
    try:
        signed_in = int(session.get(SIGNED_IN_AT, now))
        last_seen = int(session.get(LAST_SEEN_AT, now))
    except (TypeError, ValueError):
        return True
    return now - last_seen > idle or now - signed_in > longest


class StaffSessionMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        # Only a request with a session cookie can be a signed-in one: the rest (signers) are not
        # even looked at, so their responses stay free of `Vary: Cookie` and session writes.
        has_session = settings.SESSION_COOKIE_NAME in request.COOKIES
        if has_session and request.user.is_authenticated and request.user.is_staff:
            now = int(time.time())
            if _expired(request.session, now):
                logout(request)  # the next admin page asks to sign in again
            else:
                request.session.setdefault(SIGNED_IN_AT, now)
                request.session[LAST_SEEN_AT] = now
                # The cookie itself ends with the idle time too (a browser left open overnight).
                request.session.set_expiry(settings.STAFF_SESSION_IDLE_MINUTES * 60)
        return self.get_response(request)

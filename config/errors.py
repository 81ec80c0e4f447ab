"""Error reports: by email to ADMINS (config/logging.py) and, when SENTRY_DSN is set, to Sentry.

sentry-sdk is an optional dependency (`pip install -e ".[sentry]"`; it is in requirements.lock).
It is told to send no personal data (`send_default_pii=False`, no request bodies, no local
variables) and `before_send` scrubs what is left: cookies, the client's address headers, the
user's IP, and any email or IP address in the text of the event.
"""

import re

from django.core.exceptions import ImproperlyConfigured

from config.logging import PERSONAL_FIELDS, scrub

ADMIN_RE = re.compile(r"^(?:(?P<name>[^<>]*?)\s*<(?P<address>[^<>\s]+)>|(?P<bare>[^<>\s]+))$")
ADDRESS_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
DROPPED_HEADERS = {
    "cookie",
    "x-forwarded-for",
    "x-real-ip",
    "forwarded",
    "cf-connecting-ip",
    "true-client-ip",
}


def parse_admins(value):
    """ADMINS="Ana <ana@example.org>, ops@example.org" -> [("Ana", "ana@example.org"), ...]."""
    admins = []
    for item in (value or "").split(","):
        item = item.strip()
        if not item:
            continue
        match = ADMIN_RE.match(item)
        if not match or not ADDRESS_RE.match(match.group("address") or match.group("bare")):
            raise ImproperlyConfigured(
                "ADMINS must be comma-separated email addresses, like "
                f"'Ana <ana@example.org>, ops@example.org'; {item!r} is not one."
            )
        address = match.group("address") or match.group("bare")
        admins.append((match.group("name") or address, address))
    return admins


def _scrub_value(value):
    if isinstance(value, str):
        return scrub(value)
    if isinstance(value, dict):
        return {
            k: "[removed]" if k in PERSONAL_FIELDS else _scrub_value(v) for k, v in value.items()
        }
    if isinstance(value, list | tuple):
        return [_scrub_value(v) for v in value]
    return value


def before_send(event, hint=None):
    """Sentry's last look at an event before it leaves: remove what could identify a signer."""
    request = event.get("request") or {}
    for key in ("data", "cookies", "env"):
        request.pop(key, None)
    headers = request.get("headers")
    if isinstance(headers, dict):
        request["headers"] = {k: v for k, v in headers.items() if k.lower() not in DROPPED_HEADERS}
    if isinstance(event.get("user"), dict):
        event["user"] = {k: v for k, v in event["user"].items() if k == "id"}
    return _scrub_value(event)


def init_sentry(dsn, *, environment="production", release=None):
    """Start Sentry if a DSN is given; a DSN without sentry-sdk installed is an error."""
    if not dsn:
        return False
    try:
        import sentry_sdk
        from sentry_sdk.integrations.django import DjangoIntegration
    except ImportError:
        raise ImproperlyConfigured(
            "SENTRY_DSN is set but sentry-sdk is not installed "
            "(pip install --require-hashes -r requirements.lock)."
        ) from None
    sentry_sdk.init(
        dsn=dsn,
        integrations=[DjangoIntegration()],
        environment=environment,
        release=release or None,
        send_default_pii=False,
        max_request_body_size="never",
        include_local_variables=False,
        before_send=before_send,
        traces_sample_rate=0,
    )
    return True

"""`/healthz` for a load balancer or an uptime check: is the database there, is the cache there?

Answered by a middleware placed first, before the host check, the HTTPS redirect, sessions,
language and CSRF: a proxy may poll it over plain HTTP by IP address, it sets no cookie, and it
costs one `SELECT 1` and one cache round trip. It says "ok" or which part failed, nothing else:
no personal data, no version, no error text. A failure answers 503 and is logged as a warning,
not as an error, so that an outage polled every few seconds does not email ADMINS every time.
"""

import logging
import secrets

from django.core.cache import caches
from django.db import connections
from django.http import HttpResponseNotAllowed, JsonResponse

PATH = "/healthz"
logger = logging.getLogger("firmamos.health")


def database_ok():
    try:
        with connections["default"].cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone() == (1,)
    except Exception as error:  # any failure means "not reachable"
        logger.warning("healthz: database unreachable (%s)", type(error).__name__)
        return False


def cache_ok():
    cache = caches["default"]
    token = secrets.token_hex(8)
    try:
        cache.set("healthz", token, 10)
        return cache.get("healthz") == token
    except Exception as error:
        logger.warning("healthz: cache unreachable (%s)", type(error).__name__)
        return False


def healthz():
    checks = {"database": database_ok(), "cache": cache_ok()}
    healthy = all(checks.values())
    body = {"status": "ok" if healthy else "unavailable"}
    body.update({name: "ok" if ok else "unreachable" for name, ok in checks.items()})
    response = JsonResponse(body, status=200 if healthy else 503)
    response["Cache-Control"] = "no-store"
    response._has_been_logged = True  # logged above as a warning, not by Django as an error
    return response


class HealthCheckMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path_info != PATH:
            return self.get_response(request)
        if request.method not in ("GET", "HEAD"):
            response = HttpResponseNotAllowed(["GET", "HEAD"])
            response._has_been_logged = True
            return response
        return healthz()

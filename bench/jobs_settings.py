"""Production settings for `python -m bench.jobs`, with one change: the session and CSRF cookies
travel over plain HTTP (the bench's client talks to gunicorn on 127.0.0.1 without TLS). Nothing
that changes the work done is touched."""

from config.settings import *  # noqa: F403

SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = LANGUAGE_COOKIE_SECURE = False
SECURE_SSL_REDIRECT = False
SECURE_HSTS_SECONDS = 0

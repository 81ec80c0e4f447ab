"""Operations: /healthz, the request id, logs and error reports without personal data."""

import io
import json
import logging
import os
import subprocess
import sys
from pathlib import Path
from unittest import mock

import pytest
from django.core import mail
from django.core.exceptions import ImproperlyConfigured
from django.test import RequestFactory

from config import errors, request_id
from config import logging as firmamos_logging

ROOT = Path(__file__).resolve().parent.parent
SIGNER = {"first_name": "José María", "last_name": "Nuñez-Ortiz", "email": "jose@example.com"}
SIGNER_IP = "203.0.113.9"


@pytest.mark.django_db
def test_healthz_answers_ok_without_cookies_or_personal_data(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "cache": "ok"}
    assert response["Cache-Control"] == "no-store"
    assert not response.cookies
    assert client.head("/healthz").status_code == 200


@pytest.mark.django_db
def test_healthz_answers_a_load_balancer_over_http_by_ip(client, settings):
    """Before the HTTPS redirect and the host check: a proxy polls it by address."""
    settings.SECURE_SSL_REDIRECT = True
    assert client.get("/en/").status_code == 301  # everything else goes to HTTPS
    response = client.get("/healthz", HTTP_HOST="10.1.2.3:8000")
    assert response.status_code == 200


@pytest.mark.django_db
def test_healthz_says_503_when_the_database_or_cache_is_gone(client, caplog):
    with mock.patch("config.health.connections") as connections:
        connections.__getitem__.return_value.cursor.side_effect = RuntimeError("down")
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {"status": "unavailable", "database": "unreachable", "cache": "ok"}
    with mock.patch("config.health.caches") as caches:
        caches.__getitem__.return_value.set.side_effect = ConnectionError("refused")
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["cache"] == "unreachable"
    # A warning, not an error: an outage polled every few seconds must not email ADMINS each time.
    assert [r.levelname for r in caplog.records if r.name.startswith("django")] == []
    assert {r.levelname for r in caplog.records} == {"WARNING"}


@pytest.mark.django_db
def test_healthz_refuses_other_methods(client):
    assert client.post("/healthz").status_code == 405


@pytest.mark.django_db
def test_every_response_carries_a_request_id(client):
    generated = client.get("/en/")["X-Request-ID"]
    assert len(generated) == 32 and int(generated, 16) >= 0
    assert (
        client.get("/en/", HTTP_X_REQUEST_ID="abc-123.XYZ_789")["X-Request-ID"] == "abc-123.XYZ_789"
    )
    for bad in ("short", "x" * 129, "bad id", "evil\r\nSet-Cookie: a=b", "ünïcode-id"):
        echoed = client.get("/en/", HTTP_X_REQUEST_ID=bad)["X-Request-ID"]
        assert echoed != bad and len(echoed) == 32


def _capture(formatter):
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.addFilter(firmamos_logging.PersonalDataFilter())
    handler.addFilter(firmamos_logging.RequestIdFilter())
    handler.setFormatter(formatter)
    logger = logging.getLogger("tests.personal")
    logger.addHandler(handler)
    logger.propagate = False
    return logger, stream, handler


@pytest.mark.parametrize("debug", [False, True], ids=["json", "text"])
def test_logs_carry_the_request_id_but_no_email_name_or_ip(debug):
    spec = firmamos_logging.config(debug=debug)["formatters"]["text" if debug else "json"]
    if debug:
        formatter = firmamos_logging.TextFormatter(spec["format"])
    else:
        formatter = firmamos_logging.JsonFormatter(
            spec["format"], rename_fields=spec["rename_fields"]
        )
    logger, stream, handler = _capture(formatter)
    middleware = request_id.RequestIdMiddleware(
        lambda request: (
            logger.warning(
                "%s signed from %s, then /es/peticiones/x/retirar/AbC:123/",
                SIGNER["email"],
                SIGNER_IP,
                extra={**SIGNER, "ip": "2001:db8::7"},
            )
            or __import__("django.http").http.HttpResponse()
        )
    )
    try:
        try:
            raise ValueError(f"duplicate key (email)=({SIGNER['email']}) from {SIGNER_IP}")
        except ValueError:
            logger.exception("failed")
        request = RequestFactory().get("/", HTTP_X_REQUEST_ID="req-12345678")
        middleware(request)
    finally:
        logger.removeHandler(handler)
    out = stream.getvalue()
    for secret in (SIGNER["email"], SIGNER_IP, "2001:db8::7", "Nuñez", "José", "AbC:123"):
        assert secret not in out, (secret, out)
    assert "req-12345678" in out and "[email]" in out and "[ip]" in out
    if not debug:
        lines = [json.loads(line) for line in out.splitlines()]
        assert lines[-1]["request_id"] == "req-12345678"
        assert lines[-1]["level"] == "WARNING"


def test_error_emails_to_admins_carry_no_signer_data(settings, rf):
    settings.ADMINS = [("Ops", "ops@example.org")]
    settings.DEBUG = False
    request = rf.post(
        "/en/petitions/trust-act-2018/",
        {**SIGNER, "postal_code": "06106", "comment": "mi mamá"},
        REMOTE_ADDR=SIGNER_IP,
        HTTP_X_FORWARDED_FOR=f"{SIGNER_IP}, 198.51.100.4",
        HTTP_COOKIE="sessionid=secret-session",
    )
    handler = firmamos_logging.AdminEmailHandler()
    handler.addFilter(firmamos_logging.PersonalDataFilter())
    logger = logging.getLogger("tests.admin_email")
    logger.addHandler(handler)
    try:
        first_name = SIGNER["first_name"]  # a local variable the report must not show  # noqa: F841
        raise RuntimeError(f"could not store {SIGNER['email']}")
    except RuntimeError:
        logger.error(
            "Internal Server Error: %s",
            request.path,
            exc_info=True,
            extra={"status_code": 500, "request": request},
        )
    finally:
        logger.removeHandler(handler)
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    text = message.subject + message.body
    assert "Internal Server Error" in message.subject and "Traceback" in text
    for secret in (
        SIGNER["email"],
        SIGNER_IP,
        "198.51.100.4",
        "Nuñez",
        "José",
        "mi mamá",
        "secret-session",
    ):
        assert secret not in text, secret
    assert not message.alternatives  # the HTML report (with local variables) is never sent


@pytest.mark.parametrize(
    ("value", "admins"),
    [
        ("", []),
        ("ops@example.org", [("ops@example.org", "ops@example.org")]),
        (
            "Ana Pérez <ana@example.org>, ops@example.org",
            [("Ana Pérez", "ana@example.org"), ("ops@example.org", "ops@example.org")],
        ),
    ],
)
def test_admins_are_parsed_from_the_environment(value, admins):
    assert errors.parse_admins(value) == admins


@pytest.mark.parametrize(
    "value", ["not an email", "a@b@c", "Ana <@example.org>", "Ana <ana@x.org", "ops@localhost"]
)
def test_bad_admins_fail_loudly(value):
    with pytest.raises(ImproperlyConfigured, match="ADMINS"):
        errors.parse_admins(value)


def test_sentry_events_are_scrubbed_before_they_leave():
    event = {
        "message": f"failed for {SIGNER['email']} at {SIGNER_IP}",
        "request": {
            "url": "https://x.org/es/peticiones/p/retirar/TOKEN123/",
            "data": SIGNER,
            "cookies": {"sessionid": "s"},
            "env": {"REMOTE_ADDR": SIGNER_IP},
            "headers": {"X-Forwarded-For": SIGNER_IP, "User-Agent": "Firefox"},
        },
        "user": {"id": 7, "ip_address": SIGNER_IP, "email": SIGNER["email"]},
        "extra": {"email": SIGNER["email"], "note": f"from {SIGNER_IP}"},
    }
    cleaned = errors.before_send(event)
    text = json.dumps(cleaned, ensure_ascii=False)
    for secret in (SIGNER["email"], SIGNER_IP, "Nuñez", "José", "TOKEN123", "sessionid"):
        assert secret not in text, secret
    assert cleaned["request"]["headers"] == {"User-Agent": "Firefox"}
    assert cleaned["user"] == {"id": 7}


def test_sentry_starts_only_with_a_dsn_and_sends_no_personal_data():
    assert errors.init_sentry("") is False
    code = (
        "import sentry_sdk, config.settings;"
        "o = sentry_sdk.get_client().options;"
        "print(sentry_sdk.get_client().is_active(), o['send_default_pii'],"
        " o['max_request_body_size'], o['include_local_variables'])"
    )
    keep = {k: v for k, v in os.environ.items() if k in ("PATH", "HOME", "LANG")}
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        # A DSN on this machine's discard port: nothing is sent unless an error happens.
        env={**keep, "ENV_FILE": "", "DEBUG": "True", "SENTRY_DSN": "http://key@127.0.0.1:9/1"},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.stdout.split() == ["True", "False", "never", "False"], result.stderr

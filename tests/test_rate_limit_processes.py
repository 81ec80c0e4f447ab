"""The rate limit holds across app processes: two gunicorn processes sharing one Redis."""

import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.db import connection

from tests.clock import served_ago
from tests.conftest import petition_url

ROOT = Path(__file__).resolve().parent.parent
ON_POSTGRES = django_settings.DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"
pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(
        not ON_POSTGRES, reason="needs PostgreSQL: the app processes must share the test database"
    ),
    pytest.mark.skipif(
        not os.environ.get("REDIS_URL"),
        reason="needs REDIS_URL: the limit is shared between processes through Redis",
    ),
    pytest.mark.django_db(transaction=True),
]


def _free_ports(n):
    """n distinct free ports (the sockets are held together: the OS cannot give one out twice)."""
    sockets = [socket.socket() for _ in range(n)]
    try:
        for sock in sockets:
            sock.bind(("127.0.0.1", 0))
        return [sock.getsockname()[1] for sock in sockets]
    finally:
        for sock in sockets:
            sock.close()


def _database_url():
    db = connection.settings_dict
    auth = db["USER"] + (f":{urllib.parse.quote(db['PASSWORD'])}" if db["PASSWORD"] else "")
    return f"postgres://{auth}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


def _start_app(port, log):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.test_settings",
        "DATABASE_URL": _database_url(),
        "SIGN_RATE_LIMIT": "3/m",
        "PROXY_COUNT": "1",  # lets the test speak for several client addresses
        "DB_CONN_MAX_AGE": "0",
    }
    gunicorn = Path(sys.executable).parent / "gunicorn"
    return subprocess.Popen(
        [
            str(gunicorn),
            "config.wsgi:application",
            "-b",
            f"127.0.0.1:{port}",
            "-w",
            "1",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )


def _wait_until_up(base, process, log):
    deadline = time.time() + 60
    while time.time() < deadline:
        if process.poll() is not None:
            raise AssertionError(Path(log.name).read_text())
        try:
            urllib.request.urlopen(base + petition_url("en"), timeout=10)
            return
        except OSError:  # not listening yet (URLError, ConnectionError) or slow to answer
            time.sleep(0.2)
    raise AssertionError(f"{base} did not start")


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def _sign(base, form, lang, client_ip, email, sign_data):
    """GET the form (for the CSRF token), then POST it; returns the status and the page."""
    opener = urllib.request.build_opener(NoRedirect)
    headers = {"X-Forwarded-For": client_ip}
    page = opener.open(urllib.request.Request(base + form, headers=headers), timeout=30)
    cookie = re.search(r"csrftoken=([^;]+)", page.headers.get("Set-Cookie", "")).group(1)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.read().decode()).group(1)
    # The form's stamp is bound to this browser's CSRF cookie, and served a minute ago.
    data = {**sign_data, "email": email, "csrfmiddlewaretoken": token}
    data["started"] = served_ago(csrf_secret=cookie)
    request = urllib.request.Request(
        base + form,
        data=urllib.parse.urlencode(data).encode(),
        headers={**headers, "Cookie": f"csrftoken={cookie}"},
    )
    try:
        response = opener.open(request, timeout=30)
        return response.status, response.read().decode()
    except urllib.error.HTTPError as answer:
        return answer.code, answer.read().decode()


def test_the_limit_is_shared_by_two_app_processes(petition, sign_data, tmp_path):
    ports = _free_ports(2)
    logs = [open(tmp_path / f"app-{port}.log", "w") for port in ports]
    processes = [_start_app(port, log) for port, log in zip(ports, logs, strict=True)]
    try:
        a, b = (f"http://127.0.0.1:{port}" for port in ports)
        for base, process, log in zip((a, b), processes, logs, strict=True):
            _wait_until_up(base, process, log)
        ip = "203.0.113.50"
        statuses = [
            _sign(base, petition_url("es"), "es", ip, f"p{n}@example.com", sign_data)[0]
            for n, base in enumerate((a, b, a))
        ]
        assert statuses == [302, 302, 302]
        status, html = _sign(b, petition_url("es"), "es", ip, "p3@example.com", sign_data)
        assert status == 429  # the fourth, in the other process: over the shared limit of 3
        assert "Recibimos muchas firmas desde su conexión" in html
        status, _html = _sign(a, petition_url("en"), "en", ip, "p4@example.com", sign_data)
        assert status == 429
        other_ip = _sign(b, petition_url("en"), "en", "203.0.113.51", "p5@example.com", sign_data)
        assert other_ip[0] == 302
        petition.refresh_from_db()
        assert petition.signature_count == 4
    finally:
        for process in processes:
            process.terminate()
        for process, log in zip(processes, logs, strict=True):
            process.wait(timeout=30)
            log.close()

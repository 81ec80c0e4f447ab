"""The development .env: written once by `make run`, read by the settings, never in the way of
production's real environment nor of the tests."""

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from config import env_file

ROOT = Path(__file__).resolve().parent.parent


def test_written_once_with_debug_a_fresh_key_and_the_port(tmp_path):
    target = tmp_path / ".env"
    assert env_file.write(target, "127.0.0.1", "8001") is True
    text = target.read_text()
    lines = dict(line.split("=", 1) for line in text.splitlines() if line and line[0] != "#")
    assert lines["DEBUG"] == "True"
    assert lines["SITE_URL"] == "http://127.0.0.1:8001"
    assert len(lines["SECRET_KEY"]) >= 50
    assert stat.S_IMODE(target.stat().st_mode) == 0o600  # it holds a secret
    assert env_file.write(target, "127.0.0.1", "9000") is False  # never overwritten
    assert target.read_text() == text
    other = tmp_path / "other.env"
    env_file.write(other, "127.0.0.1", "8000")
    assert "SECRET_KEY=" + lines["SECRET_KEY"] not in other.read_text()  # a new key each time


@pytest.mark.parametrize(
    ("host", "port", "url"),
    [
        ("127.0.0.1", "8000", "http://127.0.0.1:8000"),
        ("0.0.0.0", "8123", "http://127.0.0.1:8123"),
        ("localhost", "8001", "http://localhost:8001"),
        ("::1", "8002", "http://[::1]:8002"),
    ],
)
def test_site_url_follows_host_and_port(host, port, url):
    assert env_file.site_url(*env_file.check_host_and_port(host, port)) == url


@pytest.mark.parametrize(
    ("host", "port"),
    [
        ("127.0.0.1", "eighty"),
        ("127.0.0.1", "0"),
        ("127.0.0.1", "70000"),
        ("a b", "8000"),
        ("http://x", "8000"),
        ("", "8000"),
    ],
)
def test_a_bad_host_or_port_is_a_clear_error_and_writes_nothing(tmp_path, capsys, host, port):
    target = tmp_path / ".env"
    assert env_file.main(["--host", host, "--port", port, "--file", str(target)]) == 2
    assert capsys.readouterr().err.startswith("error: ")
    assert not target.exists()


def _settings_value(expression, env):
    keep = {k: v for k, v in os.environ.items() if k in ("PATH", "HOME", "LANG")}
    return subprocess.run(
        [sys.executable, "-c", f"import config.settings as s; print({expression})"],
        cwd=ROOT,
        env={**keep, **env},
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_the_settings_read_it_but_the_real_environment_wins(tmp_path):
    target = tmp_path / ".env"
    env_file.write(target, "127.0.0.1", "8005")
    result = _settings_value("s.DEBUG, s.SITE_URL", {"ENV_FILE": str(target)})
    assert result.stdout.split() == ["True", "http://127.0.0.1:8005"], result.stderr
    production = {"ENV_FILE": str(target), "DEBUG": "False", "SITE_URL": "https://x.org"}
    result = _settings_value("s.DEBUG, s.SITE_URL, len(s.SECRET_KEY)", production)
    assert result.stdout.split()[:2] == ["False", "https://x.org"], result.stderr


def test_without_the_file_debug_is_off_and_a_secret_key_is_still_required(tmp_path):
    result = _settings_value("s.DEBUG", {"ENV_FILE": str(tmp_path / "missing.env")})
    assert result.returncode != 0
    assert "SECRET_KEY is required when DEBUG is off" in result.stderr
    result = _settings_value("s.DEBUG", {"ENV_FILE": ""})  # empty: no file is read
    assert "SECRET_KEY is required when DEBUG is off" in result.stderr


def test_the_tests_read_no_env_file():
    """A developer's .env (DEBUG=True, their SITE_URL) never changes what the suite checks."""
    from django.conf import settings

    assert env_file.path() is None
    assert settings.SITE_URL == "http://127.0.0.1:8000"
    assert settings.SIGN_MIN_SECONDS == 3

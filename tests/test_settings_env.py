import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from config.env import env_bool, env_list, parse_rate

ROOT = Path(__file__).resolve().parent.parent


def test_env_bool_accepts_only_true_and_false(monkeypatch):
    monkeypatch.setenv("FLAG", "True")
    assert env_bool("FLAG", False) is True
    monkeypatch.setenv("FLAG", "False")
    assert env_bool("FLAG", True) is False
    for bad in ("yes", "1", "true", "on"):
        monkeypatch.setenv("FLAG", bad)
        with pytest.raises(ImproperlyConfigured):
            env_bool("FLAG", False)


def test_env_list_splits_on_commas(monkeypatch):
    monkeypatch.setenv("HOSTS", "a.org, b.org,,")
    assert env_list("HOSTS", []) == ["a.org", "b.org"]


@pytest.mark.parametrize(
    ("value", "expected"), [("10/m", (10, 60)), ("2/s", (2, 1)), ("off", None)]
)
def test_rate_limit_setting(value, expected):
    assert parse_rate(value) == expected


@pytest.mark.parametrize("value", ["10", "10/d", "0/m", "ten/m", ""])
def test_bad_rate_limit_fails_loudly(value):
    with pytest.raises(ImproperlyConfigured):
        parse_rate(value)


def _load_settings(env):
    clean = {k: v for k, v in os.environ.items() if k not in ("SECRET_KEY", "DEBUG")}
    return subprocess.run(
        [sys.executable, "-c", "import config.settings"],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
    )


def test_secret_key_is_required_when_debug_is_off():
    result = _load_settings({"DEBUG": "False"})
    assert result.returncode != 0
    assert "SECRET_KEY is required" in result.stderr
    assert _load_settings({"DEBUG": "True"}).returncode == 0
    assert _load_settings({"DEBUG": "False", "SECRET_KEY": "x" * 50}).returncode == 0


def test_bad_debug_value_fails_loudly():
    result = _load_settings({"DEBUG": "yes"})
    assert result.returncode != 0
    assert "DEBUG must be 'True' or 'False'" in result.stderr


def test_offline_developer_commands_run_without_a_secret_key_but_serving_does_not():
    clean = {k: v for k, v in os.environ.items() if k not in ("SECRET_KEY", "DEBUG")}
    env = {**clean, "DEBUG": "False", "DJANGO_SETTINGS_MODULE": "config.settings"}
    env.pop("DATABASE_URL", None)
    check = subprocess.run(
        [sys.executable, "manage.py", "makemigrations", "--check", "--dry-run"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    assert check.returncode == 0, check.stderr
    serve = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    assert serve.returncode != 0
    assert "SECRET_KEY is required" in serve.stderr


KEPT_CONNECTION_SCRIPT = """
import django
from django.core.signals import request_finished, request_started
django.setup()
from django.db import connection
request_started.send(sender=None)
connection.ensure_connection()
first = connection.connection
request_finished.send(sender=None)
request_started.send(sender=None)
connection.ensure_connection()
print(connection.connection is first, connection.settings_dict["CONN_MAX_AGE"])
"""


def test_the_default_sqlite_connection_is_kept_between_requests(tmp_path):
    """Opening SQLite for each request cost a quarter of a signature's CPU (bench/, 64 signers
    on 4 sync workers: 505 signatures/s with a new connection each time, 663 with kept ones)."""
    clean = {k: v for k, v in os.environ.items() if k not in ("DB_CONN_MAX_AGE",)}
    result = subprocess.run(
        [sys.executable, "-c", KEPT_CONNECTION_SCRIPT],
        cwd=ROOT,
        env={
            **clean,
            "DJANGO_SETTINGS_MODULE": "config.settings",
            "DEBUG": "True",
            "DATABASE_URL": f"sqlite:///{tmp_path / 'kept.sqlite3'}",
        },
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["True", "60"]

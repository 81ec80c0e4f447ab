"""Backups as docs/production.md tells a volunteer to make them: deploy/backup.sh dumps a
populated database, deploy/restore.sh restores it into a fresh one, and everything is there."""

import os
import shutil
import subprocess
import time
from pathlib import Path
from urllib.parse import quote

import pytest
from django.conf import settings as django_settings
from django.core.management import call_command
from django.db import connection

from petitions.models import Petition
from tests.signature_helpers import add_signature

ROOT = Path(__file__).resolve().parent.parent
ON_POSTGRES = django_settings.DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"
TABLES = [
    "petitions_petition",
    "petitions_signature",
    "petitions_delivery",
    "campaigns_campaign",
    "campaigns_event",
    "outreach_update",
    "auth_user",
]
pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(not ON_POSTGRES, reason="needs PostgreSQL (set DATABASE_URL): pg_dump"),
    pytest.mark.skipif(
        not shutil.which("pg_dump") or not shutil.which("pg_restore"),
        reason="needs pg_dump and pg_restore (apt-get install postgresql-client)",
    ),
    pytest.mark.django_db(transaction=True),
]


def _url(name):
    s = connection.settings_dict
    auth = quote(s["USER"] or "", safe="")
    if s["PASSWORD"]:
        auth += ":" + quote(s["PASSWORD"], safe="")
    return f"postgres://{auth}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{name}"


def _query(url, sql, *params):
    import psycopg

    with psycopg.connect(url) as conn:
        return conn.execute(sql, params).fetchall()


def _snapshot(url, email):
    counts = {t: _query(url, f"SELECT count(*) FROM {t}")[0][0] for t in TABLES}  # noqa: S608
    signature = _query(url, "SELECT * FROM petitions_signature WHERE email = %s", email)
    stored = _query(url, "SELECT count_base + (SELECT coalesce(sum(count), 0) FROM "
                    "petitions_countshard s WHERE s.petition_id = p.id) FROM petitions_petition p "
                    "WHERE slug = %s", "trust-act-2018")  # fmt: skip
    sequence = _query(url, "SELECT last_value FROM petitions_signature_id_seq")
    return counts, signature, stored, sequence


def test_a_backup_restores_into_a_fresh_database_identical(tmp_path, settings, django_user_model):
    settings.DEBUG = True
    call_command("seed_trust_act", stdout=open(os.devnull, "w"))
    call_command("demo", count=300, stdout=open(os.devnull, "w"))
    petition = Petition.objects.get(slug="trust-act-2018")
    add_signature(petition, email="maria@example.com", first_name="María José",
                  last_name="Nuñez-Ortiz", comment="¡Sí se puede!")  # fmt: skip
    django_user_model.objects.create_superuser("admin", "admin@example.org", "pw")

    source = _url(connection.settings_dict["NAME"])
    env = {**os.environ, "DATABASE_URL": source, "BACKUP_DIR": str(tmp_path / "backups")}
    old = tmp_path / "backups" / "firmamos-20180101T000000Z.dump"
    old.parent.mkdir()
    old.write_bytes(b"an old backup")
    week_old = time.time() - 30 * 86400
    os.utime(old, (week_old, week_old))
    result = subprocess.run([ROOT / "deploy" / "backup.sh"], env={**env, "BACKUP_KEEP_DAYS": "14"},
                            capture_output=True, text=True, timeout=300)  # fmt: skip
    assert result.returncode == 0, result.stderr
    dump = Path(result.stdout.strip())
    assert dump.is_file() and dump.stat().st_mode & 0o077 == 0  # private to the backup user
    assert not old.exists()  # older than BACKUP_KEEP_DAYS: deleted

    restored_name = connection.settings_dict["NAME"] + "_restored"
    admin = _url("postgres")
    import psycopg

    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{restored_name}"')
        conn.execute(f'CREATE DATABASE "{restored_name}"')
    try:
        target = _url(restored_name)
        result = subprocess.run([ROOT / "deploy" / "restore.sh", dump, target],
                                capture_output=True, text=True, timeout=300)  # fmt: skip
        assert result.returncode == 0, result.stderr
        before = _snapshot(source, "maria@example.com")
        after = _snapshot(target, "maria@example.com")
        assert after == before
        counts, signature, stored, _sequence = after
        assert counts["petitions_signature"] == 301 == stored[0][0]
        assert "Nuñez-Ortiz" in signature[0] and "¡Sí se puede!" in signature[0]
        # A half-restored database is never left behind: restoring again into it fails whole.
        again = subprocess.run([ROOT / "deploy" / "restore.sh", dump, target],
                               capture_output=True, text=True, timeout=300)  # fmt: skip
        assert again.returncode != 0
        assert _snapshot(target, "maria@example.com") == before
    finally:
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{restored_name}" WITH (FORCE)')


def test_backup_refuses_a_bad_retention(tmp_path):
    env = {"PATH": os.environ["PATH"], "DATABASE_URL": "postgres://x@127.0.0.1:1/x",
           "BACKUP_DIR": str(tmp_path), "BACKUP_KEEP_DAYS": "two weeks"}  # fmt: skip
    result = subprocess.run([ROOT / "deploy" / "backup.sh"], env=env, capture_output=True,
                            text=True, timeout=60)  # fmt: skip
    assert result.returncode == 2 and "BACKUP_KEEP_DAYS" in result.stderr

"""The real job worker process, killed with SIGKILL in the middle of an export (a PDF packet, the
slowest: an XLSX of thousands of rows is done before a test could kill it): the job is taken
again once its lease has run out, by the next worker, and completes with the whole file.

Production settings (DEBUG off, the database queue), `manage.py job_worker` as a subprocess. On
PostgreSQL the worker uses the test database; on SQLite (whose test database lives in memory) a
database file of its own.
"""

import io
import os
import re
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pypdf
import pytest
from django.db import connection

ROOT = Path(__file__).resolve().parent.parent
ROWS = 20_000
LEASE_SECONDS = 3
DEADLINE = 120  # seconds for each wait

SETUP = f"""
import os
from django.core.management import call_command
from bench.data import generate_signatures
from core import jobs
from petitions.models import Petition
call_command("seed_trust_act", stdout=open(os.devnull, "w"))
petition = Petition.objects.get(slug="trust-act-2018")
generate_signatures(petition, {ROWS}, email_prefix="killed")
job = jobs.enqueue(
    "export",
    petition_id=petition.pk,
    params={{
        "format": "pdf", "ui_language": "en", "headings": ["en"], "delivery_date": "",
        "include_comments": False, "include_emails": True,
        "filter": {{"scope": "all", "date_from": "", "date_to": "", "language": ""}},
    }},
)
print("JOB", job.pk)
"""


@pytest.fixture
def worker_database(request, tmp_path):
    if connection.vendor == "postgresql":
        request.getfixturevalue("transactional_db")
        s = connection.settings_dict
        password = f":{s['PASSWORD']}" if s["PASSWORD"] else ""
        return f"postgres://{s['USER']}{password}@{s['HOST']}:{s['PORT'] or 5432}/{s['NAME']}"
    url = f"sqlite:///{tmp_path / 'worker.sqlite3'}"
    run_manage(url, tmp_path, "migrate", "--noinput", "-v0")
    return url


def environment(database_url, tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "JOB_"))}
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings",
        DEBUG="False",
        SECRET_KEY="job-worker-test-key",
        DATABASE_URL=database_url,
        TASKS_BACKEND="database",
        JOB_LEASE_SECONDS=str(LEASE_SECONDS),
        PRIVATE_FILES_ROOT=str(tmp_path / "private"),
        LOG_LEVEL="WARNING",
    )
    return env


def run_manage(database_url, tmp_path, *args):
    result = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=environment(database_url, tmp_path),
        capture_output=True,
        text=True,
        timeout=DEADLINE,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


def state(database_url, tmp_path):
    """The job's row as the worker left it, read straight from the shared database (a
    `manage.py shell` per look would take longer than the export)."""
    sql = "SELECT status, attempts, done, total, result, started_at FROM core_job"
    if database_url.startswith("sqlite"):
        with sqlite3.connect(database_url.removeprefix("sqlite:///")) as db:
            row = db.execute(sql).fetchone()
    else:
        with connection.cursor() as cursor:
            cursor.execute(sql)
            row = cursor.fetchone()
    names = ("status", "attempts", "done", "total", "result", "started_at")
    found = dict(zip(names, row, strict=True))
    found["path"] = str(tmp_path / "private" / found["result"]) if found["result"] else ""
    found["started_at"] = str(found["started_at"])
    return found


def start_worker(database_url, tmp_path, log):
    return subprocess.Popen(
        [sys.executable, "manage.py", "job_worker", "--interval", "0.2"],
        cwd=ROOT,
        env=environment(database_url, tmp_path),
        stdout=log,
        stderr=log,
    )


def wait_for(check, what):
    end = time.monotonic() + DEADLINE
    while time.monotonic() < end:
        found = check()
        if found:
            return found
        time.sleep(0.05)
    pytest.fail(f"waited {DEADLINE} s for {what}")


def test_a_job_whose_worker_is_killed_is_taken_again_after_its_lease(worker_database, tmp_path):
    run_manage(worker_database, tmp_path, "shell", "-c", SETUP)
    log_path = tmp_path / "worker.log"
    with open(log_path, "w") as log:
        worker = start_worker(worker_database, tmp_path, log)
        try:
            # Killed as soon as it has started the export (heartbeats with progress going).
            first = wait_for(
                lambda: (s := state(worker_database, tmp_path))["status"] == "running" and s,
                "the worker to take the job",
            )
            killed_at = time.monotonic()
            os.kill(worker.pid, signal.SIGKILL)
            worker.wait(timeout=10)
            after_kill = state(worker_database, tmp_path)
            assert after_kill["status"] == "running" and after_kill["result"] == ""
            assert after_kill["attempts"] == 1

            worker = start_worker(worker_database, tmp_path, log)
            done = wait_for(
                lambda: (s := state(worker_database, tmp_path))["status"] == "done" and s,
                "the job to be finished by the next worker",
            )
            finished_after = time.monotonic() - killed_at
            worker.send_signal(signal.SIGTERM)
            assert worker.wait(timeout=30) == 0  # a clean stop
        finally:
            if worker.poll() is None:
                worker.kill()
    assert done["attempts"] == 2  # taken again, once
    assert done["started_at"] > first["started_at"]
    # Every signature of the petition: the ROWS made here, and on PostgreSQL any an earlier test's
    # server process committed to the shared test database.
    assert done["done"] == done["total"] >= ROWS
    packet = pypdf.PdfReader(io.BytesIO(Path(done["path"]).read_bytes()), strict=True)
    last_page = packet.pages[-1].extract_text()
    numbers = [int(n) for n in re.findall(r"^(\d+) ", last_page, re.MULTILINE)]
    assert max(numbers) == done["total"]  # the last signature's number: every one was drawn
    assert finished_after >= LEASE_SECONDS - 0.5  # not before the dead worker's lease ran out
    print(
        f"\njob worker: PDF packet of {ROWS} signatures, worker killed (SIGKILL) while running it; "
        f"taken again after the {LEASE_SECONDS} s lease and finished {finished_after:.1f} s "
        f"after the kill ({connection.vendor})"
    )

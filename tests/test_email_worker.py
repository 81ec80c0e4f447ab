"""The real email worker process against a real SMTP server: killed with SIGKILL mid-batch, the
server stopped for a while, and still every email arrives exactly once.

Production settings (DEBUG off, the database queue), `manage.py email_worker` as a subprocess, an
aiosmtpd server on 127.0.0.1. On PostgreSQL the worker uses the test database; on SQLite (whose
test database lives in memory) a database file of its own.

Each kill lands while the worker is in the middle of an SMTP transaction (the server is holding
its RCPT command): the email is in flight but not accepted. The one case this cannot show is a
kill in the few milliseconds between the server's acceptance and the sent mark's commit: that
email goes again with the same Message-ID (test_email_outbox.py shows it; README, "The email
worker").
"""

import asyncio
import collections
import email
import json
import logging
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from django.db import connection

aiosmtpd_controller = pytest.importorskip("aiosmtpd.controller", reason="needs aiosmtpd (dev)")

ROOT = Path(__file__).resolve().parent.parent
EMAILS = 40
KILL_AT = (3, 10, 17, 24)  # the worker is killed during these RCPT commands (counted from 1)
OUTAGE_AT = 31  # the server stops during this one ...
OUTAGE_SECONDS = 5  # ... and stays down this long
LEASE_SECONDS = 3
DEADLINE = 50  # seconds for the whole run

SETUP = f"""
import os
from django.core.management import call_command
from petitions import lifecycle
from petitions.models import Petition, Signature
call_command("seed_trust_act", stdout=open(os.devnull, "w"))
petition = Petition.objects.get(slug="trust-act-2018")
for i in range({EMAILS}):
    signature = Signature(
        first_name=f"Signer{{i}}", last_name="Worker", email=f"signer{{i:02d}}@example.com",
        postal_code="06106", town="Hartford", state="CT", language="es" if i % 2 else "en",
    )
    lifecycle.add(petition, signature, notify=True)
"""

REPORT = """
import json
from core.models import EmailJob
print("JOBS " + json.dumps(list(EmailJob.objects.values("kind", "status", "attempts"))))
"""


class Recorder:
    """What the SMTP server accepted, and hooks that hold a chosen RCPT until the test acts."""

    def __init__(self):
        self.lock = threading.Lock()
        self.accepted = []  # (recipient, Message-ID)
        self.rcpts = 0
        self.hold_at = {}  # RCPT number -> (the test may act, the test has acted)

    def hold(self, number):
        events = (threading.Event(), threading.Event())
        self.hold_at[number] = events
        return events

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        with self.lock:
            self.rcpts += 1
            number = self.rcpts
        if number in self.hold_at:
            reached, done = self.hold_at[number]
            reached.set()
            for _ in range(3000):  # until the test has killed the worker or stopped the server
                if done.is_set():
                    break
                await asyncio.sleep(0.01)
        else:
            await asyncio.sleep(0.02)  # a server that takes a moment: a batch takes a while
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        message = email.message_from_bytes(envelope.content)
        with self.lock:
            for recipient in envelope.rcpt_tos:
                self.accepted.append((recipient, message["Message-ID"]))
        return "250 Message accepted for delivery"


def free_port():
    for port in range(8325, 8400):
        with socket.socket() as probe:
            try:
                probe.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    pytest.skip("no free port in 8325-8399")


@pytest.fixture
def worker_database(request, tmp_path):
    """A DATABASE_URL the worker process can share with this test."""
    if connection.vendor == "postgresql":
        request.getfixturevalue("transactional_db")  # committed rows, emptied afterwards
        s = connection.settings_dict
        password = f":{s['PASSWORD']}" if s["PASSWORD"] else ""
        return f"postgres://{s['USER']}{password}@{s['HOST']}:{s['PORT'] or 5432}/{s['NAME']}"
    url = f"sqlite:///{tmp_path / 'worker.sqlite3'}"
    run_manage(url, 0, "migrate", "--noinput", "-v0")
    return url


def environment(database_url, smtp_port):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "EMAIL_"))}
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings",
        DEBUG="False",
        SECRET_KEY="email-worker-test-key",
        DATABASE_URL=database_url,
        TASKS_BACKEND="database",
        EMAIL_HOST="127.0.0.1",
        EMAIL_PORT=str(smtp_port),
        EMAIL_USE_TLS="False",
        EMAIL_TIMEOUT="5",
        EMAIL_LEASE_SECONDS=str(LEASE_SECONDS),
        EMAIL_RETRY_DELAYS="1s,1s,1s,2s,2s,2s,3s,3s,5s,5s,5s,5s",
        LOG_LEVEL="WARNING",
    )
    return env


def run_manage(database_url, smtp_port, *args):
    result = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=environment(database_url, smtp_port),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


class Workers:
    """One `email_worker` process at a time, killed and started again at will."""

    def __init__(self, database_url, smtp_port, log):
        self.env = environment(database_url, smtp_port)
        self.log = log
        self.process = None
        self.kills = 0

    def start(self):
        self.process = subprocess.Popen(
            [sys.executable, "manage.py", "email_worker", "--interval", "0.2"],
            cwd=ROOT,
            env=self.env,
            stdout=self.log,
            stderr=self.log,
        )

    def kill(self):
        os.kill(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=10)
        self.kills += 1

    def stop(self):
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            return self.process.wait(timeout=20)
        return self.process.returncode


def smtp_server(recorder, port):
    controller = aiosmtpd_controller.Controller(recorder, hostname="127.0.0.1", port=port)
    controller.start()
    return controller


@pytest.fixture(autouse=True)
def quiet_smtp_server():
    """aiosmtpd logs every SMTP command at INFO: thousands of lines in a failure report."""
    logger = logging.getLogger("mail.log")
    level = logger.level
    logger.setLevel(logging.WARNING)
    yield
    logger.setLevel(level)


def test_every_email_arrives_exactly_once_through_kills_and_an_outage(worker_database, tmp_path):
    started = time.monotonic()
    port = free_port()
    recorder = Recorder()
    kills = [recorder.hold(n) for n in KILL_AT]
    outage = recorder.hold(OUTAGE_AT)
    run_manage(worker_database, port, "shell", "-c", SETUP)  # 40 receipts queued, none sent
    server = smtp_server(recorder, port)
    log_path = tmp_path / "worker.log"
    with open(log_path, "w") as log:
        workers = Workers(worker_database, port, log)
        workers.start()
        try:
            for reached, done in kills:
                assert reached.wait(DEADLINE), "the worker never got that far"
                workers.kill()  # SIGKILL in the middle of an SMTP transaction
                done.set()
                workers.start()
            reached, done = outage
            assert outage[0].wait(DEADLINE)
            server.stop()  # the connection drops; every new one is refused
            done.set()
            down_at = time.monotonic()
            time.sleep(OUTAGE_SECONDS)
            outage_seconds = time.monotonic() - down_at
            server = smtp_server(recorder, port)
            while len({to for to, _id in recorder.accepted}) < EMAILS:
                assert time.monotonic() - started < DEADLINE, recorder.accepted
                time.sleep(0.2)
            time.sleep(LEASE_SECONDS + 1)  # room for a late duplicate to show itself
            assert workers.stop() == 0  # SIGTERM: a clean stop
        finally:
            if workers.process.poll() is None:
                workers.process.kill()
            server.stop()
    elapsed = time.monotonic() - started
    report = run_manage(worker_database, port, "shell", "-c", REPORT)
    jobs = json.loads(report.split("JOBS ", 1)[1])
    worker_log = log_path.read_text()

    per_recipient = collections.Counter(to for to, _id in recorder.accepted)
    expected = {f"signer{i:02d}@example.com" for i in range(EMAILS)}
    assert set(per_recipient) == expected
    assert set(per_recipient.values()) == {1}, per_recipient.most_common(3)
    assert len({message_id for _to, message_id in recorder.accepted}) == EMAILS
    assert [job["status"] for job in jobs] == ["sent"] * EMAILS
    assert workers.kills == len(KILL_AT)
    taken_over = sum(job["attempts"] > 1 for job in jobs)
    assert taken_over >= len(KILL_AT) + 1  # the killed ones and the one cut off by the outage
    refused = worker_log.count("ConnectionRefusedError")
    assert refused >= 1, worker_log  # the worker really met a closed port
    print(
        f"\nemail worker: {EMAILS} emails, {workers.kills} kills (SIGKILL mid-transaction), "
        f"SMTP down {outage_seconds:.1f} s ({refused} refused connections seen), "
        f"{taken_over} emails needed more than one try, "
        f"delivered exactly once: {len(per_recipient)} of {EMAILS}, "
        f"max per recipient {max(per_recipient.values())}; {elapsed:.1f} s in all"
    )

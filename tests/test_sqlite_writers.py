"""A signer's write transaction on SQLite is retried every few milliseconds while the database is
locked, instead of sleeping up to 100 ms at a time in SQLite's busy timeout."""

import contextlib
import sqlite3

import pytest
from django.db import OperationalError

from petitions import sqlite_writers


class Lock:
    """The database's write lock, taken by someone else for the next `times` tries."""

    def __init__(self, times, error="database is locked"):
        self.left = times
        self.error = error

    def take(self, error_class):
        if self.left:
            self.left -= 1
            raise error_class(self.error)


class FakeDriverConnection:
    """sqlite3's connection: records what is executed; BEGIN IMMEDIATE meets the lock."""

    def __init__(self, lock):
        self.lock = lock
        self.executed = []

    def execute(self, sql):
        if sql == "BEGIN IMMEDIATE":
            self.lock.take(sqlite3.OperationalError)
        self.executed.append(sql)


class FakeConnection:
    def __init__(self, lock, timeout=5):
        self.settings_dict = {"OPTIONS": {"timeout": timeout}}
        self.connection = FakeDriverConnection(lock)
        self.wrap_database_errors = contextlib.nullcontext()

    def ensure_connection(self):
        pass

    @property
    def executed(self):
        return self.connection.executed


class LockedAtomic:
    """Django's atomic block: its BEGIN meets the same lock."""

    def __init__(self, lock):
        self.lock = lock
        self.attempts = 0

    def __enter__(self):
        self.attempts += 1
        self.lock.take(OperationalError)


@pytest.fixture
def pauses(monkeypatch):
    slept = []
    monkeypatch.setattr(sqlite_writers.time, "sleep", slept.append)
    return slept


def test_retries_in_short_pauses_until_the_lock_is_free(pauses):
    lock = Lock(times=6)
    connection = FakeConnection(lock, timeout=20)
    block = LockedAtomic(lock)
    sqlite_writers._enter_retrying(block, connection, deadline=sqlite_writers.time.monotonic() + 20)
    assert pauses == [0.0002, 0.0004, 0.0008, 0.0016, 0.002, 0.002]
    # The lock was watched on the driver's connection, and given back as soon as it was had;
    # Django's atomic was tried twice: at first, and once the lock was seen free.
    assert block.attempts == 2
    assert connection.executed == [
        "PRAGMA busy_timeout = 0",
        "BEGIN IMMEDIATE",
        "ROLLBACK",
        "PRAGMA busy_timeout = 20000",  # SQLite's own waiting is back as configured
    ]


def test_gives_up_after_the_configured_timeout(monkeypatch):
    clock = iter(range(0, 1000))
    monkeypatch.setattr(sqlite_writers.time, "monotonic", lambda: next(clock) * 0.001)
    monkeypatch.setattr(sqlite_writers.time, "sleep", lambda seconds: None)
    lock = Lock(times=10_000)
    connection = FakeConnection(lock, timeout=0.05)
    block = LockedAtomic(lock)
    deadline = sqlite_writers.time.monotonic() + 0.05
    with pytest.raises(OperationalError, match="locked"):
        sqlite_writers._enter_retrying(block, connection, deadline)
    watched = 10_000 - lock.left - block.attempts
    assert block.attempts == 2 and 10 < watched < 60
    assert connection.executed == ["PRAGMA busy_timeout = 0", "PRAGMA busy_timeout = 50"]


def test_other_errors_are_not_retried(pauses):
    lock = Lock(times=1, error="disk I/O error")
    connection = FakeConnection(lock)
    block = LockedAtomic(lock)
    with pytest.raises(OperationalError, match="disk"):
        sqlite_writers._enter_retrying(block, connection, sqlite_writers.time.monotonic() + 5)
    assert block.attempts == 1 and pauses == []
    assert connection.executed[-1] == "PRAGMA busy_timeout = 5000"


class LockedThenBroken(Lock):
    """Locked at the first try; every later try meets a disk error."""

    def take(self, error_class):
        error, self.error = self.error, "disk I/O error"
        raise error_class(error)


def test_an_error_while_watching_is_left_to_djangos_try_to_raise(pauses):
    lock = LockedThenBroken(times=1)
    connection = FakeConnection(lock)
    block = LockedAtomic(lock)
    with pytest.raises(OperationalError, match="disk"):
        sqlite_writers._enter_retrying(block, connection, sqlite_writers.time.monotonic() + 5)
    assert block.attempts == 2 and pauses == [0.0002]
    assert connection.executed == ["PRAGMA busy_timeout = 0", "PRAGMA busy_timeout = 5000"]


REAL_LOCK_SCRIPT = """
import json, sqlite3, sys, threading, time
import django
django.setup()
from django.db import OperationalError, connection, transaction
from petitions import sqlite_writers

path = sys.argv[1]
with connection.cursor() as cursor:
    cursor.execute("CREATE TABLE t (x integer)")
other = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
out = {}

other.execute("BEGIN IMMEDIATE")  # another process writing for 0.1 s
threading.Timer(0.1, lambda: other.execute("COMMIT")).start()
started = time.monotonic()
with sqlite_writers.atomic():
    with connection.cursor() as cursor:
        cursor.execute("INSERT INTO t VALUES (1)")
out["waited"] = time.monotonic() - started

connection.settings_dict["OPTIONS"]["timeout"] = 0.2
other.execute("BEGIN IMMEDIATE")  # and now for longer than the timeout
try:
    with sqlite_writers.atomic():
        out["entered"] = True
except OperationalError as error:
    out["error"] = str(error)
other.execute("COMMIT")
out["clean"] = connection.get_autocommit() and not connection.in_atomic_block
with sqlite_writers.atomic():
    with connection.cursor() as cursor:
        cursor.execute("INSERT INTO t VALUES (2)")
with connection.cursor() as cursor:
    cursor.execute("SELECT count(*) FROM t")
    out["rows"] = cursor.fetchone()[0]
    cursor.execute("PRAGMA busy_timeout")
    out["busy_timeout"] = cursor.fetchone()[0]

# Eight threads of this process (a threaded worker) while another process writes for 0.1 s:
# one of them at a time tries for the lock or writes, and all get in.
connection.settings_dict["OPTIONS"]["timeout"] = 5
busy, most = [0], [0]
count_lock = threading.Lock()
enter = sqlite_writers._enter_retrying

def counted(*args):
    with count_lock:
        busy[0] += 1
        most[0] = max(most[0], busy[0])
    time.sleep(0.005)  # long enough for the other threads to arrive
    return enter(*args)

sqlite_writers._enter_retrying = counted
other.execute("BEGIN IMMEDIATE")
threading.Timer(0.1, lambda: other.execute("COMMIT")).start()

def sign():
    from django.db import connection as own  # each thread has its own
    own.settings_dict["OPTIONS"]["timeout"] = 5
    with sqlite_writers.atomic():
        with own.cursor() as cursor:
            cursor.execute("INSERT INTO t VALUES (3)")
        time.sleep(0.002)  # writing: the next thread would be trying meanwhile
        with count_lock:
            busy[0] -= 1
    own.close()

threads = [threading.Thread(target=sign) for _ in range(8)]
for thread in threads:
    thread.start()
for thread in threads:
    thread.join()
with connection.cursor() as cursor:
    cursor.execute("SELECT count(*) FROM t WHERE x = 3")
    out["threads_stored"] = cursor.fetchone()[0]
out["most_busy_at_once"] = most[0]
sqlite_writers._enter_retrying = enter

# What runs once a write commits may write again in the same thread (the outbox's immediate
# mode sends the email and records it): it gets in at once.
def write_again():
    with sqlite_writers.atomic():
        with connection.cursor() as cursor:
            cursor.execute("INSERT INTO t VALUES (5)")

started = time.monotonic()
with sqlite_writers.atomic():
    with connection.cursor() as cursor:
        cursor.execute("INSERT INTO t VALUES (4)")
    transaction.on_commit(write_again)
out["on_commit_seconds"] = time.monotonic() - started
with connection.cursor() as cursor:
    cursor.execute("SELECT count(*) FROM t WHERE x IN (4, 5)")
    out["on_commit_rows"] = cursor.fetchone()[0]
print(json.dumps(out))
"""


def test_a_real_lock_is_waited_for_then_given_up_on_after_the_timeout(tmp_path):
    """Two real connections to one SQLite file (a subprocess: the test database is in memory)."""
    import json
    import os
    import subprocess
    import sys
    from pathlib import Path

    database = tmp_path / "writers.sqlite3"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.test_settings",
        "DATABASE_URL": f"sqlite:///{database}",
    }
    completed = subprocess.run(
        [sys.executable, "-c", REAL_LOCK_SCRIPT, str(database)],
        cwd=Path(__file__).resolve().parent.parent,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert completed.returncode == 0, completed.stderr
    out = json.loads(completed.stdout.strip().splitlines()[-1])
    assert 0.09 < out["waited"] < 1.0  # waited for the other writer, not SQLite's long sleeps
    assert "entered" not in out and "locked" in out["error"]
    assert out["clean"] and out["rows"] == 2
    assert out["busy_timeout"] == 200  # SQLite's own timeout is back as configured
    assert out["threads_stored"] == 8
    assert out["most_busy_at_once"] == 1
    assert out["on_commit_rows"] == 2 and out["on_commit_seconds"] < 1.0

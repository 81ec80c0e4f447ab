"""On SQLite, a signer waiting for its turn to write tries again every few milliseconds at most.

SQLite lets one transaction write at a time. With its busy timeout, a transaction that finds the
database locked sleeps and tries again 1, 2, 5, 10, 15, 20, 25... up to 100 ms apart, so under a
burst of signers a few waited hundreds of milliseconds while the lock was free most of that time
(bench/, 16 signers: p99 of 180-400 ms against the baseline's 60-90). Here the signer's
`BEGIN IMMEDIATE` is tried with SQLite's timeout off and retried after sleeps of 0.2 ms growing
to 2 ms, for as long as the timeout allows. A queue on a file lock was tried first: fair, but on a
busy 2-core machine the lock sat idle while the woken signer waited to be scheduled, and
throughput fell by a third. Other writers (the admin, the task worker) still wait SQLite's way.
PostgreSQL needs none of this.

Within one process (gunicorn's threaded workers), one thread at a time writes, from its first
try to its commit; the others wait on a lock of the process, which wakes the next as the first
commits. Eight threads of a process all retrying took the interpreter's lock from the one writing
(bench/, 2 x 8 threads: 0.82-0.89 of the baseline's signatures/s and 1.26-1.34x its CPU per
signature). With the process's lock held only while trying, the next thread retried against the
lock the first held while it wrote: 0.75-1.17 of the baseline's rate from run to run (0.82 with
1.17x its CPU in the last run of it). Held until the commit: 1.09 and 0.96 (0.97 and 1.09x the
CPU) in the next two runs.

Between tries the lock is watched on the driver's own connection: a `BEGIN IMMEDIATE` there that
finds the database locked costs about 5 microseconds, against about 30 through Django's atomic
(its exception wrapping and bookkeeping); when the lock is seen free it is given back at once
and Django's atomic tries again. Under the bench's 64 signers on SQLite a signer found the lock
taken 1.3 times on average. The busy timeout is switched on the driver's connection too (about
5 microseconds each way, against 27 through a Django cursor).
"""

import contextlib
import sqlite3
import threading
import time

from django.db import OperationalError, connections, transaction

FIRST_PAUSE = 0.0002
LONGEST_PAUSE = 0.002
# Reentrant: what runs on commit (core/outbox.py's immediate mode) may write again.
_writing = threading.RLock()


def _busy(error):
    return "locked" in str(error) or "busy" in str(error)


def _set_busy_timeout(raw, milliseconds):
    raw.execute(f"PRAGMA busy_timeout = {int(milliseconds)}")


def _timeout(connection):
    return float(connection.settings_dict.get("OPTIONS", {}).get("timeout", 5))


def _until_free(raw, pause, deadline):
    """Sleep in growing pauses until the write lock is free: a `BEGIN IMMEDIATE` on the driver's
    connection gets it, and it is given back at once. Returns the next pause. Near the deadline,
    or on any other error, returns at once: the next try through Django says what is wrong."""
    while True:
        time.sleep(pause)
        pause = min(2 * pause, LONGEST_PAUSE)
        try:
            raw.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as error:
            if _busy(error) and time.monotonic() + pause <= deadline:
                continue
            return pause
        raw.execute("ROLLBACK")
        return pause


def _enter_retrying(atomic, connection, deadline):
    connection.ensure_connection()
    raw = connection.connection
    timeout = _timeout(connection)
    pause = FIRST_PAUSE
    # What fails on the driver's connection is raised as Django's error, like the rest (Django's
    # own errors, from the atomic, pass through unchanged).
    with connection.wrap_database_errors:
        _set_busy_timeout(raw, 0)
        try:
            while True:
                try:
                    atomic.__enter__()
                    return
                except OperationalError as error:
                    if not _busy(error) or time.monotonic() + pause > deadline:
                        raise
                pause = _until_free(raw, pause, deadline)
        finally:
            _set_busy_timeout(raw, timeout * 1000)


@contextlib.contextmanager
def atomic(using="default"):
    """`transaction.atomic()`, starting with short retries on SQLite (see above)."""
    connection = connections[using]
    if connection.vendor != "sqlite" or connection.in_atomic_block:
        with transaction.atomic(using=using):
            yield
        return
    block = transaction.atomic(using=using)
    deadline = time.monotonic() + _timeout(connection)
    # One thread of this process at a time writes, from its first try to its commit; the others
    # wait here, and the next is woken as the lock is given back.
    if not _writing.acquire(timeout=_timeout(connection)):
        raise OperationalError("database is locked")
    try:
        _enter_retrying(block, connection, deadline)
        with contextlib.ExitStack() as stack:
            stack.push(block)  # its __exit__ commits, or rolls back on an exception
            yield
    finally:
        _writing.release()

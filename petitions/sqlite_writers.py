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

Within one process (gunicorn's threaded workers), one thread at a time retries; the others wait
on a lock of the process, which wakes the next as the first gets in. Eight threads of a process
all retrying took the interpreter's lock from the one writing (bench/, 2 x 8 threads: 0.82-0.89
of the baseline's signatures/s and 1.26-1.34x its CPU per signature; with the process's lock,
0.92 and 1.07x).
"""

import contextlib
import threading
import time

from django.db import OperationalError, connections, transaction

FIRST_PAUSE = 0.0002
LONGEST_PAUSE = 0.002
_trying = threading.Lock()


def _busy(error):
    return "locked" in str(error) or "busy" in str(error)


def _set_busy_timeout(connection, milliseconds):
    with connection.cursor() as cursor:
        cursor.execute(f"PRAGMA busy_timeout = {int(milliseconds)}")


def _timeout(connection):
    return float(connection.settings_dict.get("OPTIONS", {}).get("timeout", 5))


def _enter_retrying(atomic, connection, deadline):
    timeout = _timeout(connection)
    pause = FIRST_PAUSE
    _set_busy_timeout(connection, 0)
    try:
        while True:
            try:
                atomic.__enter__()
                return
            except OperationalError as error:
                if not _busy(error) or time.monotonic() + pause > deadline:
                    raise
            time.sleep(pause)
            pause = min(2 * pause, LONGEST_PAUSE)
    finally:
        _set_busy_timeout(connection, timeout * 1000)


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
    # One thread of this process at a time tries for the write lock; the others wait here.
    if not _trying.acquire(timeout=_timeout(connection)):
        raise OperationalError("database is locked")
    try:
        _enter_retrying(block, connection, deadline)
    finally:
        _trying.release()
    with contextlib.ExitStack() as stack:
        stack.push(block)  # its __exit__ commits, or rolls back on an exception
        yield

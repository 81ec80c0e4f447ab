"""Background jobs for organizers: exports, delivery packets and big paper entries, with progress.

Built like the email outbox (core/outbox.py), with the same lease:

- `enqueue(kind, petition_id=..., user_id=..., params=...)` writes one `Job` row (ids and
  options only) in the current transaction. Rows to enter (a paper entry) go to a private file,
  `upload`, never into the row.
- A worker (`manage.py job_worker`) takes the next due job in a short transaction that counts
  the attempt, marks it running and moves its `due_at` to the end of a lease
  (`JOB_LEASE_SECONDS`). While it works it sends heartbeats with its progress (at most every
  `HEARTBEAT_SECONDS`), each moving the lease on. A worker that dies (kill -9, a lost machine)
  stops the heartbeats: the job comes due when the lease ends and the next worker starts it
  again from the beginning (an export) or from its last checkpoint (a paper entry, whose rows
  and progress commit together, so no row is added twice). After `JOB_MAX_ATTEMPTS` takes it is
  marked failed.
- The handler registered for the job's kind (by the app that owns it: `register`) does the work
  with a `Run`: `run.set_total(n)`, `run.advance(n)` (progress and heartbeat; raises `Stopped`
  when the job was cancelled or taken over), `run.checkpoint(...)`, `run.store(name, file)`
  (the result, a private file) and `run.on_done(callback)` (run in the finishing transaction).
- Cancelling marks the job cancelled; its worker notices at its next heartbeat and stops.
- A signer withdrawn or anonymised: `forget(petition_ids)` deletes the finished files of those
  petitions' jobs and marks the running ones, which start again instead of finishing, so no
  stored file keeps a person who left.
- Finished jobs and their files are deleted `EXPORT_FILE_HOURS` after they finished (`prune`,
  by the worker every 10 minutes and by `manage.py prune_jobs`).

With `TASKS_BACKEND=immediate` (development, tests) a job starts just after its commit in this
process: in a daemon thread (`JOBS_IMMEDIATE_THREAD`, the default, so that `make run` shows real
progress without a worker; the thread closes its own database connection when done), or inline
(the tests: see config/test_settings.py for why). A job whose thread dies with the process is
left for a worker, as any other.
"""

import logging
import os
import signal
import socket
import threading
import time
from datetime import timedelta

from django.conf import settings
from django.db import DatabaseError, close_old_connections, connection, transaction
from django.db.models import Q
from django.utils import timezone, translation

from core.models import Job

logger = logging.getLogger(__name__)

HANDLERS = {}  # kind -> handler(run)
HEARTBEAT_SECONDS = 2.0
PRUNE_EVERY = timedelta(minutes=10)


class Stopped(Exception):  # noqa: N818 - a signal, not an error
    """The job was cancelled, or its lease ran out and another worker holds it: stop now."""


class Restart(Exception):  # noqa: N818
    """A signer of this petition left while the job ran: start again from fresh data."""


def register(kind, handler):
    """Make `handler(run)` the worker of jobs of `kind` (called from the owning app)."""
    HANDLERS[kind] = handler


def enqueue(kind, *, petition_id=None, user_id=None, params=None, upload=None, total=None):
    """Queue one job in the current transaction. `upload`: a django File of input rows, stored
    privately. With TASKS_BACKEND=immediate it also starts just after the commit."""
    job = Job(kind=kind, petition_id=petition_id, user_id=user_id, params=params or {})
    job.total = total
    if upload is not None:
        job.upload.save(f"job-{kind}.csv", upload, save=False)
    job.save()
    if settings.TASKS_BACKEND == "immediate":
        transaction.on_commit(lambda: start_now(job.pk), robust=True)
    return job


def start_now(job_id):
    if settings.JOBS_IMMEDIATE_THREAD:
        thread = threading.Thread(target=_run_in_thread, args=(job_id,), daemon=True)
        thread.start()
    else:
        run_job(job_id)


def _run_in_thread(job_id):
    try:
        run_job(job_id)
    except Exception:  # noqa: BLE001 - left for a worker; the reason is logged
        logger.exception("Job %s could not run in this process", job_id)
    finally:
        connection.close()


def run_job(job_id, worker_id=None):
    """Run job `job_id` now if it is due (TASKS_BACKEND=immediate, after its commit)."""
    job = claim(worker_id or f"inline:{socket.gethostname()}:{os.getpid()}", job_id=job_id)
    if job is not None:
        process(job)


def claim(worker_id, *, job_id=None, now=None):
    """Take the next due job (or job `job_id` if it is due) for `worker_id`, for one lease.
    A job already taken JOB_MAX_ATTEMPTS times is marked failed instead."""
    now = now or timezone.now()
    while True:
        jobs = Job.objects.due(now)
        if job_id is not None:
            jobs = jobs.filter(pk=job_id)
        with transaction.atomic():
            job = jobs.order_by("due_at", "pk").select_for_update(skip_locked=True).first()
            if job is None:
                return None
            if job.attempts >= settings.JOB_MAX_ATTEMPTS:
                _give_up(job, now)
                continue
            job.attempts += 1
            job.worker = worker_id[:100]
            job.status = Job.RUNNING
            job.started_at = job.heartbeat_at = now
            job.due_at = now + timedelta(seconds=settings.JOB_LEASE_SECONDS)
            job.save(
                update_fields=[
                    "attempts",
                    "worker",
                    "status",
                    "started_at",
                    "heartbeat_at",
                    "due_at",
                ]
            )
        return job


def _give_up(job, now):
    logger.error(
        "Job %s (%s): its worker stopped %d times; marked failed", job.pk, job.kind, job.attempts
    )
    job.status, job.finished_at, job.worker = Job.FAILED, now, ""
    job.expires_at = now + timedelta(hours=settings.EXPORT_FILE_HOURS)
    job.error = "worker stopped"
    job.save(update_fields=["status", "finished_at", "worker", "expires_at", "error"])
    _delete_files(job, ("upload",))


def _owned(job):
    """The job as long as this worker still holds it (running, and the attempt it claimed)."""
    return Job.objects.filter(pk=job.pk, status=Job.RUNNING, attempts=job.attempts)


class Run:
    """What a handler works with: progress, heartbeats, checkpoints and the result."""

    def __init__(self, job):
        self.job = job
        self.total = job.total
        self.done = job.done
        self.result = None  # (name, file)
        self.callbacks = []
        self.to_close = []
        self._beat_at = time.monotonic()

    def set_total(self, total):
        self.total = total
        self.heartbeat(force=True)

    def advance(self, n=1):
        """`n` more rows done: a heartbeat with the progress, at most every few seconds."""
        self.done += n
        self.heartbeat()

    def heartbeat(self, force=False):
        now = time.monotonic()
        if not force and now - self._beat_at < HEARTBEAT_SECONDS:
            return
        self._beat_at = now
        moment = timezone.now()
        changed = _owned(self.job).update(
            done=self.done,
            total=self.total,
            heartbeat_at=moment,
            due_at=moment + timedelta(seconds=settings.JOB_LEASE_SECONDS),
        )
        if not changed:
            raise Stopped

    def checkpoint(self, done, summary):
        """Record progress and the summary so far in the caller's transaction: what the caller
        wrote in it and this mark commit together (a paper entry resumes from here)."""
        self.done = done
        self.job.summary = summary
        moment = timezone.now()
        changed = _owned(self.job).update(
            done=done,
            total=self.total,
            summary=summary,
            heartbeat_at=moment,
            due_at=moment + timedelta(seconds=settings.JOB_LEASE_SECONDS),
        )
        if not changed:
            raise Stopped
        self._beat_at = time.monotonic()

    def store(self, name, file):
        """The job's result: `file` (a django File) is saved privately as `name`."""
        self.result = (name, file)

    def close_later(self, file):
        """Close `file` once the job is over, whatever happened."""
        self.to_close.append(file)

    def on_done(self, callback):
        """Run `callback()` in the transaction that marks the job done (and only then)."""
        self.callbacks.append(callback)

    def fresh(self):
        """False when a signer of the job's petition left after the job started."""
        purged = Job.objects.filter(pk=self.job.pk).values_list("purged_at", flat=True).first()
        return purged is None or purged < self.job.started_at


def process(job):
    """Run one claimed job with its handler. Returns its status afterwards."""
    run = Run(job)
    try:
        handler = HANDLERS[job.kind]
        with translation.override(job.params.get("ui_language") or settings.LANGUAGE_CODE):
            handler(run)
        return _finish(run)
    except Stopped:
        logger.info("Job %s (%s) stopped: cancelled or taken over", job.pk, job.kind)
        return Job.objects.filter(pk=job.pk).values_list("status", flat=True).first()
    except Restart:
        return _restart(job)
    except Exception as exc:  # noqa: BLE001 - the job fails; the organizer is told
        logger.exception("Job %s (%s) failed", job.pk, job.kind)
        now = timezone.now()
        _owned(job).update(
            status=Job.FAILED,
            finished_at=now,
            expires_at=now + timedelta(hours=settings.EXPORT_FILE_HOURS),
            worker="",
            error=type(exc).__name__[:200],
        )
        _delete_files(Job.objects.get(pk=job.pk), ("upload",))
        return Job.FAILED
    finally:
        if run.result is not None:
            run.to_close.append(run.result[1])
        for file in run.to_close:
            file.close()


def _restart(job):
    now = timezone.now()
    _owned(job).update(status=Job.QUEUED, due_at=now, worker="", done=0, summary={})
    logger.info("Job %s (%s): a signer left while it ran; started again", job.pk, job.kind)
    return Job.QUEUED


def _finish(run):
    job = run.job
    saved = None
    if run.result is not None:
        name, file = run.result
        file.seek(0)
        saved = job.result.storage.save(job.result.field.generate_filename(job, name), file)
    with transaction.atomic():
        current = _owned(job).select_for_update().first()
        if current is None:
            _delete_names([saved])
            raise Stopped
        if current.purged_at is not None and current.purged_at >= current.started_at:
            _delete_names([saved])
            raise Restart
        for callback in run.callbacks:
            callback()
        now = timezone.now()
        current.status = Job.DONE
        current.finished_at = now
        current.expires_at = now + timedelta(hours=settings.EXPORT_FILE_HOURS)
        current.worker = ""
        current.done = run.total if run.total is not None else run.done
        current.total = current.done if run.total is None else run.total
        if run.result is not None:
            current.result.name = saved
            current.result_name = run.result[0][:200]
        current.summary = run.job.summary or current.summary
        current.save()
    _delete_files(current, ("upload",))
    return Job.DONE


def cancel(job):
    """Stop a queued or running job (its worker stops at its next heartbeat). True if this call
    cancelled it. Rows a paper entry had already added stay added."""
    now = timezone.now()
    changed = Job.objects.filter(pk=job.pk, status__in=Job.ACTIVE).update(
        status=Job.CANCELLED,
        finished_at=now,
        expires_at=now + timedelta(hours=settings.EXPORT_FILE_HOURS),
        worker="",
    )
    if changed:
        _delete_files(Job.objects.get(pk=job.pk), ("upload", "result"))
    return bool(changed)


def forget(petition_ids, kinds):
    """Signers of these petitions were withdrawn or anonymised: delete the stored files of their
    jobs of `kinds` (those that hold signatures), once this transaction commits, and make the
    running ones start again. Jobs of several petitions (petition_id None) are included."""
    jobs = Job.objects.filter(Q(petition_id__in=petition_ids) | Q(petition_id__isnull=True))
    jobs = jobs.filter(kind__in=kinds)
    # First, and as an UPDATE: it waits for a job finishing at this moment (its row is locked),
    # so that job either sees the mark and starts again, or has committed its file, found below.
    jobs.update(purged_at=timezone.now())
    stored = jobs.exclude(result="").exclude(status__in=Job.ACTIVE)
    names = list(stored.values_list("result", flat=True))
    stored.update(result="", files_deleted=Job.WITHDRAWN)
    if names:
        transaction.on_commit(lambda: _delete_names(names))
    return len(names)


def prune(now=None):
    """Delete jobs (and their files) whose time is up: EXPORT_FILE_HOURS after they finished.
    Returns how many."""
    now = now or timezone.now()
    old = Job.objects.exclude(status__in=Job.ACTIVE).filter(expires_at__lt=now)
    count = 0
    for job in old.iterator():
        _delete_files(job, ("upload", "result"))
        count += Job.objects.filter(pk=job.pk).delete()[0]
    return count


def _delete_files(job, fields):
    names = [getattr(job, name).name for name in fields if getattr(job, name)]
    updates = {name: "" for name in fields if getattr(job, name)}
    if updates:
        Job.objects.filter(pk=job.pk).update(**updates)
    _delete_names(names)


def _delete_names(names):
    storage = Job._meta.get_field("result").storage
    for name in names:
        if name:
            try:
                storage.delete(name)
            except OSError:
                logger.warning("A job file could not be deleted", exc_info=True)


class Worker:
    """Takes due jobs one at a time, until stopped; deletes expired ones every 10 minutes."""

    def __init__(self, worker_id=None, interval=1.0):
        self.worker_id = worker_id or f"{socket.gethostname()}:{os.getpid()}"
        self.interval = interval
        self.stopping = False
        self.pruned_at = None
        self.counts = dict.fromkeys((Job.DONE, Job.FAILED, Job.QUEUED, Job.CANCELLED), 0)

    def stop(self, signum=None, frame=None):
        if self.stopping:  # a second Ctrl+C: stop now (the job comes due after its lease)
            raise KeyboardInterrupt
        logger.info("Job worker %s stopping after the current job", self.worker_id)
        self.stopping = True

    def run_due(self):
        while not self.stopping:
            job = claim(self.worker_id)
            if job is None:
                return
            status = process(job)
            if status in self.counts:
                self.counts[status] += 1

    def prune_if_due(self):
        now = timezone.now()
        if self.pruned_at is None or now - self.pruned_at >= PRUNE_EVERY:
            deleted = prune(now)
            if deleted:
                logger.info("Deleted %d finished jobs and their files", deleted)
            self.pruned_at = now

    def run(self, once=False):
        logger.info("Job worker %s started", self.worker_id)
        while not self.stopping:
            close_old_connections()
            try:
                self.prune_if_due()
                self.run_due()
            except DatabaseError:
                if once:
                    raise
                logger.exception("Job worker %s: database error; trying again", self.worker_id)
                self._sleep(max(self.interval, 5))
                continue
            if once:
                return
            self._sleep(self.interval)

    def _sleep(self, seconds):
        end = time.monotonic() + seconds
        while not self.stopping and time.monotonic() < end:
            time.sleep(min(0.1, max(0.0, end - time.monotonic())))

    def handle_signals(self):
        signal.signal(signal.SIGTERM, self.stop)
        signal.signal(signal.SIGINT, self.stop)

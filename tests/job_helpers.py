"""Background jobs in tests: run what is queued with the worker's own code, inside the test's
transaction (config/test_settings.py: pytest-django's `db` tests never commit, so nothing runs
after a commit by itself)."""

from core.jobs import Worker
from core.models import Job


def run_jobs():
    """Run every due job, as `manage.py job_worker --once` does (without its
    close_old_connections, which would close the test's own transaction). Returns the worker's
    counts."""
    worker = Worker(worker_id="test-worker")
    worker.prune_if_due()
    worker.run_due()
    return worker.counts


def latest_job():
    return Job.objects.order_by("-pk").first()

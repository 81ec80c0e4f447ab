"""`manage.py job_worker`: runs the organizers' background jobs (core/jobs.py), until stopped."""

import logging

from django.core.management.base import BaseCommand, CommandError

from core.jobs import Worker


class Command(BaseCommand):
    help = (
        "Run queued background jobs (exports, delivery packets, paper entries): each taken "
        "over from a worker that died once its lease ends. SIGTERM or Ctrl+C stops it after "
        "the current job."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--once",
            action="store_true",
            help="run what is due now, delete expired jobs, and exit (for cron or tests)",
        )
        parser.add_argument(
            "--interval",
            type=float,
            default=1.0,
            help="seconds between looks at an empty queue (default: 1)",
        )

    def handle(self, *args, once, interval, verbosity, **options):
        if interval <= 0:
            raise CommandError("--interval must be more than 0 seconds")
        if verbosity > 1:
            logging.getLogger("core.jobs").setLevel(logging.INFO)
        worker = Worker(interval=interval)
        worker.handle_signals()
        worker.run(once=once)
        counts = ", ".join(f"{count} {status}" for status, count in worker.counts.items())
        self.stdout.write(f"Job worker {worker.worker_id} stopped: {counts}")

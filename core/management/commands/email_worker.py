"""`manage.py email_worker`: sends the queued emails (core/outbox.py), until stopped."""

import logging

from django.core.management.base import BaseCommand, CommandError

from core.outbox import Worker


class Command(BaseCommand):
    help = (
        "Send queued emails: each at least once, retried with backoff, taken over from a worker "
        "that died. SIGTERM or Ctrl+C stops it after the current email."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--once",
            action="store_true",
            help="send what is due now, delete old finished jobs, and exit (for cron or tests)",
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
            logging.getLogger("core.outbox").setLevel(logging.INFO)
        worker = Worker(interval=interval)
        worker.handle_signals()
        worker.run(once=once)
        counts = ", ".join(f"{count} {outcome}" for outcome, count in worker.counts.items())
        self.stdout.write(f"Email worker {worker.worker_id} stopped: {counts}")

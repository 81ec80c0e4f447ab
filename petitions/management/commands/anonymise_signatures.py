"""Anonymise the signatures of petitions closed more than RETENTION_DAYS days ago, and blank the
IP hashes and user agents of signatures older than ABUSE_REVIEW_DAYS (abuse review is done by then).

Names, email addresses, ZIP codes, comments, IP hashes and user agents are blanked; counts, towns,
states, languages and dates stay. Running it again changes nothing. Meant for a daily cron job.
"""

from datetime import timedelta

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from core import audit
from petitions import lifecycle
from petitions.models import Petition, Signature


def closed_before(cutoff):
    """Petitions closed before `cutoff`: by their closing date, or (closed by hand, without a
    closing date) by their last change."""
    return Petition.objects.filter(
        Q(closes_at__lte=cutoff)
        | Q(status=Petition.Status.CLOSED, closes_at__isnull=True, updated_at__lte=cutoff)
    )


class Command(BaseCommand):
    help = "Anonymise signatures of petitions closed more than RETENTION_DAYS days ago."

    def add_arguments(self, parser):
        parser.add_argument(
            "--days",
            type=int,
            default=None,
            help=f"Override RETENTION_DAYS (currently {settings.RETENTION_DAYS}).",
        )
        parser.add_argument("--dry-run", action="store_true", help="Only say what would change.")

    def handle(self, *args, days=None, dry_run=False, **options):
        days = settings.RETENTION_DAYS if days is None else days
        if days < 0:
            raise CommandError("--days must be 0 or more.")
        cutoff = timezone.now() - timedelta(days=days)
        petitions = closed_before(cutoff)
        total = 0
        for petition in petitions.order_by("slug"):
            signatures = Signature.objects.filter(petition=petition)
            if dry_run:
                number = signatures.exclude(**lifecycle.ANONYMISED).count()
            else:
                with transaction.atomic():
                    number = lifecycle.anonymise(signatures)
            total += number
            self.stdout.write(f"{petition.slug}: {number}")
        verb = "would be anonymised" if dry_run else "anonymised"
        self.stdout.write(f"{total} signatures {verb} (petitions closed before {cutoff:%Y-%m-%d}).")
        traces_before = timezone.now() - timedelta(days=settings.ABUSE_REVIEW_DAYS)
        if dry_run:
            old = Signature.objects.filter(signed_at__lt=traces_before)
            traces = old.exclude(ip_hash="", user_agent="").count()
        else:
            traces = lifecycle.forget_abuse_traces(traces_before)
        if not dry_run:
            audit_before = timezone.now() - timedelta(days=settings.AUDIT_RETENTION_DAYS)
            pruned = audit.prune(audit_before)
            self.stdout.write(
                f"{pruned} audit log entries older than {audit_before:%Y-%m-%d} deleted."
            )
        verb = "would lose" if dry_run else "lost"
        self.stdout.write(
            f"{traces} signatures {verb} their IP hash and user agent "
            f"(signed before {traces_before:%Y-%m-%d})."
        )

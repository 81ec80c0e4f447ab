"""Store the figures of every closed day not stored yet, for each petition (petitions/rollup.py).

The dashboard does it itself when it finds a day missing; run from cron shortly after midnight
(Connecticut time, once `rollup.GRACE` has passed), the first view of the day finds yesterday
stored already.
"""

import time

from django.core.management.base import BaseCommand

from petitions import rollup
from petitions.models import Petition


class Command(BaseCommand):
    help = "Store each petition's closed days' figures for its dashboard (cron, after midnight)."
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("slugs", nargs="*", metavar="SLUG", help="Only these petitions.")

    def handle(self, *args, slugs=(), **options):
        petitions = Petition.objects.order_by("slug")
        if slugs:
            petitions = petitions.filter(slug__in=slugs)
        for petition in petitions:
            start = time.monotonic()
            days = rollup.closed_days(petition)
            seconds = time.monotonic() - start
            self.stdout.write(
                f"{petition.slug}: {len(days)} days with signatures ({seconds:.2f} s)"
            )

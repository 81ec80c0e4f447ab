"""Check, or repair, each petition's stored count against its counted signatures.

`--check` (the default) changes nothing and exits 1 when any petition has drifted, naming each
one: for cron and audits. `--fix` recounts the drifted ones under their locks.
"""

from django.core.management.base import BaseCommand, CommandError

from petitions import lifecycle
from petitions.models import Petition


class Command(BaseCommand):
    help = "Compare each petition's stored count with its counted signatures (--fix repairs)."
    requires_system_checks = []

    def add_arguments(self, parser):
        mode = parser.add_mutually_exclusive_group()
        mode.add_argument("--check", action="store_true", help="Report drift; change nothing.")
        mode.add_argument("--fix", action="store_true", help="Recount the drifted petitions.")
        parser.add_argument("slugs", nargs="*", metavar="SLUG", help="Only these petitions.")

    def handle(self, *args, check=False, fix=False, slugs=(), **options):
        petitions = Petition.objects.all()
        if slugs:
            petitions = petitions.filter(slug__in=slugs)
            unknown = sorted(set(slugs) - set(petitions.values_list("slug", flat=True)))
            if unknown:
                raise CommandError(f"No petition with the slug: {', '.join(unknown)}")
        drifted = lifecycle.drift(petitions)
        for petition, stored, counted in drifted:
            if fix:
                now = lifecycle.recount(petition)
                self.stdout.write(f"{petition.slug}: stored {stored}, counted {counted}; now {now}")
            else:
                self.stdout.write(f"{petition.slug}: stored {stored}, counted {counted}")
        total = petitions.count()
        if not drifted:
            self.stdout.write(f"All {total} petitions' counts are exact.")
            return
        if fix:
            self.stdout.write(f"Repaired {len(drifted)} of {total} petitions.")
            return
        self.stderr.write(f"{len(drifted)} of {total} petitions' counts have drifted.")
        raise SystemExit(1)

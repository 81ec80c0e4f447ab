"""Check, or repair, each petition's stored count against its counted signatures, and the
dashboard's stored days (petitions/rollup.py) against theirs.

`--check` (the default) changes nothing and exits 1 when any petition has drifted, naming each
one: for cron and audits. `--fix` recounts the drifted ones under their locks (which forgets
their stored days, computed again at the next view) and forgets the drifted days of the others.
Checking the days reads every signature in them: `--no-days` skips it.
"""

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from petitions import lifecycle, rollup
from petitions.models import Petition


class Command(BaseCommand):
    help = "Compare each petition's stored count with its counted signatures (--fix repairs)."
    requires_system_checks = []

    def add_arguments(self, parser):
        mode = parser.add_mutually_exclusive_group()
        mode.add_argument("--check", action="store_true", help="Report drift; change nothing.")
        mode.add_argument("--fix", action="store_true", help="Recount the drifted petitions.")
        parser.add_argument("slugs", nargs="*", metavar="SLUG", help="Only these petitions.")
        parser.add_argument(
            "--no-days", action="store_true", help="Do not check the dashboard's stored days."
        )

    def handle(self, *args, check=False, fix=False, slugs=(), no_days=False, **options):
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
        fixed = {petition.pk for petition, _stored, _counted in drifted} if fix else set()
        wrong_days = 0 if no_days else self._days(petitions.exclude(pk__in=fixed), fix)
        if not drifted and not wrong_days:
            self.stdout.write(f"All {total} petitions' counts are exact.")
            return
        if fix:
            self.stdout.write(f"Repaired {len(drifted)} of {total} petitions.")
            if wrong_days:
                self.stdout.write(f"Forgot {wrong_days} stored days, computed again when viewed.")
            return
        if drifted:
            self.stderr.write(f"{len(drifted)} of {total} petitions' counts have drifted.")
        if wrong_days:
            self.stderr.write(f"{wrong_days} stored days differ from their signatures.")
        raise SystemExit(1)

    def _days(self, petitions, fix):
        """Compare each petition's stored days with their signatures; the number that differ."""
        wrong = 0
        for petition in petitions.order_by("slug"):
            days = rollup.drift(petition)
            for day, stored, counted in days:
                self.stdout.write(
                    f"{petition.slug} {day}: stored {stored[0]} counted, {stored[1]} not "
                    f"delivered; the signatures say {counted[0]} and {counted[1]}"
                    + ("" if stored[2:] == counted[2:] else " (by town or language differs)")
                )
            if fix and days:
                with transaction.atomic():
                    rollup.changed(petition.pk, [day for day, _stored, _counted in days])
            wrong += len(days)
        return wrong

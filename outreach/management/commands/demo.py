from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from outreach import demo
from petitions.models import Petition


class Command(BaseCommand):
    help = (
        "Add demo data to the seeded Trust Act petition: a few thousand signatures (emails at "
        f"@{demo.EMAIL_DOMAIN}), an upcoming event, a recorded delivery and its update. "
        "--remove takes all of it out again. Refused when DEBUG is off unless --force."
    )

    def add_arguments(self, parser):
        parser.add_argument("--remove", action="store_true", help="remove the demo data")
        parser.add_argument(
            "--count", type=int, default=demo.DEFAULT_COUNT, help="how many signatures to add"
        )
        parser.add_argument("--seed", type=int, default=2018, help="random seed (same data)")
        parser.add_argument(
            "--force", action="store_true", help="add demo data even though DEBUG is off"
        )

    def handle(self, *args, remove, count, seed, force, **options):
        if remove:
            removed = demo.remove()
            self.stdout.write(f"Demo data removed ({removed:,} signatures).")
            return
        if not settings.DEBUG and not force:
            raise CommandError(
                "DEBUG is off: this looks like a real site, so no demo data was added "
                "(use --force if you mean it)."
            )
        if not 1 <= count <= 200_000:
            raise CommandError("--count must be from 1 to 200000.")
        if not Petition.objects.filter(slug=demo.PETITION_SLUG).exists():
            raise CommandError(
                f"No petition {demo.PETITION_SLUG!r}: run `python manage.py seed_trust_act` first."
            )
        added = demo.add(count, seed=seed)
        if added is None:
            self.stdout.write(
                "Demo data is already there; `python manage.py demo --remove` takes it out."
            )
            return
        self.stdout.write(
            f"Added {added['signatures']:,} demo signatures (emails @{demo.EMAIL_DOMAIN}), "
            f"{added['delivered']:,} of them in a delivery, an event and an update. "
            f"{demo.PETITION_SLUG} now counts {added['count']:,}. "
            "Remove with `python manage.py demo --remove`."
        )

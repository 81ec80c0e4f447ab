"""import_signatures SLUG FILE [--format paper|moveon|actionnetwork] [--language en|es]

The admin's paper entry and imports, for scripts (the same code: petitions/imports.py, then
petitions/paper.py). Reports bad lines by number and keeps the good ones. Not scoped to a
campaign: whoever runs manage.py is an admin. Recorded in the audit log like the admin's entry.
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from core import audit
from core.languages import codes
from petitions import imports, paper
from petitions.models import Petition


class Command(BaseCommand):
    help = "Add signatures from a CSV file: paper sheets, or a MoveOn or Action Network download."

    def add_arguments(self, parser):
        parser.add_argument("slug")
        parser.add_argument("file")
        parser.add_argument("--format", choices=list(imports.SOURCES), default=imports.PAPER)
        parser.add_argument(
            "--language", choices=codes(), default="en", help="for rows that name none"
        )

    def handle(self, *args, **options):
        try:
            petition = Petition.objects.get(slug=options["slug"])
        except Petition.DoesNotExist:
            raise CommandError(f"No petition with the slug {options['slug']!r}.") from None
        try:
            text = paper.decode(Path(options["file"]).read_bytes())
        except OSError as error:
            raise CommandError(f"Cannot read {options['file']}: {error.strerror}.") from None
        result = imports.import_file(
            petition, options["format"], text, default_language=options["language"]
        )
        audit.record(
            None,
            audit.Action.PAPER_IMPORT,
            petition=petition,
            rows=result.added,
            rejected=len(result.errors),
            **imports.audit_details(options["format"]),
        )
        for line, message in result.errors:
            self.stderr.write(f"line {line}: {message}")
        self.stdout.write(f"{result.added} added, {len(result.errors)} lines not added.")

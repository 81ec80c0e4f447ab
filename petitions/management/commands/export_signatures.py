"""export_signatures SLUG --format csv|xlsx|pdf [--since-last-delivery] [--output FILE]

The admin's exports, for scripts. Not scoped to a campaign: whoever runs manage.py is an admin.
Writes to FILE, or to standard output when it is not a terminal. A progress bar appears on a
terminal (on standard error), never when piped.
"""

import sys

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils.dateparse import parse_date

from core import audit
from core.languages import codes
from petitions.exports import FORMATS, ExportFilter, write_export
from petitions.exports.filters import ALL, DATE_RANGE, SINCE_LAST_DELIVERY
from petitions.models import Petition


def _date(value):
    day = parse_date(value)
    if day is None:
        raise ValueError(value)
    return day


class Command(BaseCommand):
    help = "Export a petition's counted signatures as CSV, XLSX or a PDF delivery packet."
    # An export is a script's data pull: skip the system checks (~0.15 s of a million-row CSV's
    # ~2 s); `manage.py check`, `migrate` and every deploy run them.
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("slug")
        parser.add_argument("--format", choices=FORMATS, default="csv")
        parser.add_argument(
            "--since-last-delivery",
            action="store_true",
            help="only signatures in no delivery yet",
        )
        parser.add_argument("--from", dest="date_from", type=_date, help="YYYY-MM-DD, included")
        parser.add_argument("--to", dest="date_to", type=_date, help="YYYY-MM-DD, included")
        parser.add_argument("--language", choices=codes(), help="only signatures in it")
        parser.add_argument(
            "--headings",
            choices=(*codes(), ",".join(codes())),
            help="language of the XLSX and PDF headings (default: en for XLSX, en,es for PDF)",
        )
        parser.add_argument("--include-comments", action="store_true", help="PDF")
        parser.add_argument("--include-emails", action="store_true", help="PDF")
        parser.add_argument("--output", "-o", help="file to write (default: standard output)")

    def handle(self, *args, **options):
        try:
            petition = Petition.objects.get(slug=options["slug"])
        except Petition.DoesNotExist:
            raise CommandError(f"No petition with the slug {options['slug']!r}.") from None
        export_filter = self.export_filter(options)
        signatures = export_filter.signatures(petition)
        fmt = options["format"]
        if not options["output"] and sys.stdout.isatty() and fmt != "csv":
            raise CommandError("Use --output FILE to write XLSX or PDF on a terminal.")
        written = RowCount()
        try:
            if options["output"]:
                with open(options["output"], "wb") as out:
                    pages = self.write(petition, signatures, export_filter, out, options, written)
            else:
                out = sys.stdout.buffer
                pages = self.write(petition, signatures, export_filter, out, options, written)
                out.flush()
        finally:
            # Recorded once the rows have gone out, with how many did, also when the export
            # failed partway. Counting them beforehand took ~0.2 s of a million-row CSV's ~2.5 s.
            audit.record(
                None,
                audit.Action.EXPORT,
                petition=petition,
                format=fmt,
                scope=export_filter.scope,
                language=options["language"] or "",
                rows=written.rows,
                emails=bool(options["include_emails"] or fmt != "pdf"),
                comments=bool(options["include_comments"] or fmt != "pdf"),
            )
        if options["output"]:
            note = f"{pages} pages" if pages is not None else ""
            self.stderr.write(f"Wrote {options['output']} {note}".rstrip())

    def export_filter(self, options):
        scope = ALL
        if options["since_last_delivery"]:
            scope = SINCE_LAST_DELIVERY
        elif options["date_from"] or options["date_to"]:
            scope = DATE_RANGE
        if scope == DATE_RANGE and not (options["date_from"] and options["date_to"]):
            raise CommandError("Give both --from and --to.")
        return ExportFilter(
            scope=scope,
            date_from=options["date_from"],
            date_to=options["date_to"],
            language=options["language"] or "",
        )

    def write(self, petition, signatures, export_filter, out, options, written):
        bar = self.progress_bar(signatures, options["format"])
        written.bar = bar
        try:
            return write_export(
                options["format"],
                signatures,
                out,
                petition=petition,
                headings=tuple(self.headings(options).split(",")),
                period_bounds=(export_filter.start, export_filter.end),
                include_comments=options["include_comments"],
                include_emails=options["include_emails"],
                progress=written,
            )
        finally:
            if bar is not None:
                bar.close()

    def headings(self, options):
        if options["headings"]:
            return options["headings"]
        return ",".join(codes()) if options["format"] == "pdf" else settings.LANGUAGE_CODE

    def progress_bar(self, signatures, fmt):
        """tqdm on standard error, only when that is a terminal."""
        if not sys.stderr.isatty():
            return None
        from tqdm import tqdm

        return tqdm(total=signatures.count(), unit=" rows", file=sys.stderr)


class RowCount:
    """The export's `progress`: counts the rows written, and moves the progress bar if any."""

    def __init__(self):
        self.rows = 0
        self.bar = None

    def __call__(self, rows):
        self.rows += rows
        if self.bar is not None:
            self.bar.update(rows)

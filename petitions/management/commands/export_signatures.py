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
        audit.record(
            None,
            audit.Action.EXPORT,
            petition=petition,
            format=fmt,
            scope=export_filter.scope,
            language=options["language"] or "",
            rows=signatures.count(),
            emails=bool(options["include_emails"] or fmt != "pdf"),
            comments=bool(options["include_comments"] or fmt != "pdf"),
        )
        if options["output"]:
            with open(options["output"], "wb") as out:
                pages = self.write(petition, signatures, export_filter, out, options)
        else:
            if sys.stdout.isatty() and options["format"] != "csv":
                raise CommandError("Use --output FILE to write XLSX or PDF on a terminal.")
            out = sys.stdout.buffer
            pages = self.write(petition, signatures, export_filter, out, options)
            out.flush()
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

    def write(self, petition, signatures, export_filter, out, options):
        bar = self.progress_bar(signatures, options["format"])
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
                progress=bar.update if bar is not None else None,
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

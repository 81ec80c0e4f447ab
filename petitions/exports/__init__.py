"""Signature exports: CSV, XLSX and the PDF delivery packet, with the filters they share.

`write_export` is the one entry point for the admin and the `export_signatures` command.
"""

from django.utils import timezone, translation

from petitions.exports.columns import SignatureRows
from petitions.exports.fast_csv import iter_fast_csv, write_fast_csv
from petitions.exports.filters import ExportFilter, period
from petitions.exports.writers import iter_csv
from petitions.exports.xlsx import write_xlsx

FORMATS = ("csv", "xlsx", "pdf")
CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pdf": "application/pdf",
}

__all__ = [
    "CONTENT_TYPES",
    "FORMATS",
    "ExportFilter",
    "SignatureRows",
    "filename",
    "iter_csv",
    "iter_fast_csv",
    "write_export",
]


def filename(petition, fmt, moment=None):
    moment = timezone.localtime(moment or timezone.now())
    stem = petition.slug if petition else "signatures"
    return f"{stem}-{moment:%Y%m%d-%H%M}.{fmt}"


def write_export(
    fmt,
    signatures,
    out,
    *,
    petition=None,
    headings=("en",),
    period_bounds=(None, None),
    delivery_date=None,
    include_comments=False,
    include_emails=False,
    progress=None,
):
    """Write `signatures` (already filtered) as `fmt` to the binary file `out`.

    Headings speak `headings` (one language, or both for XLSX and PDF); the CSV header is always
    DESIGN.md's column names. CSV takes the fast path (`petitions.exports.fast_csv`), which writes
    the same bytes as `iter_csv(SignatureRows(signatures))`. Returns the PDF page count or None.
    """
    if fmt == "csv":
        write_fast_csv(signatures, out, progress=progress)
        return None
    if fmt == "xlsx":
        with translation.override(headings[0]):
            write_xlsx(SignatureRows(signatures), out, languages=headings, progress=progress)
        return None
    if fmt == "pdf":
        from petitions.pdf import build_packet

        with translation.override(headings[0]):
            return build_packet(
                petition,
                signatures.order_by("town", "signed_at", "pk"),
                out,
                headings=tuple(headings),
                period=period(signatures, *period_bounds),
                delivery_date=delivery_date,
                include_comments=include_comments,
                include_emails=include_emails,
                progress=progress,
            )
    raise ValueError(f"unknown export format {fmt!r}")

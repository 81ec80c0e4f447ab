"""The petitions app's background jobs (core/jobs.py): exports as XLSX or PDF, delivery packets,
and paper entries or imports above PAPER_BACKGROUND_ROWS rows.

A job's row holds ids and options only: the export's filter, format and headings, a delivery's
id, an import's format and language. The rows of a paper entry wait in a private file (the job's
`upload`, deleted when it ends); the exported file and the lines not added are private files
served by petitions/admin/jobs.py.
"""

import csv
import io
import tempfile

from django.contrib.auth import get_user_model
from django.core.files import File
from django.core.files.base import ContentFile
from django.utils.dateparse import parse_date
from django.utils.translation import get_language

from core import audit, jobs
from core.models import Job
from petitions import imports, paper
from petitions.exports import ExportFilter, filename, write_export
from petitions.job_kinds import EXPORT, IMPORT, PACKET
from petitions.models import Delivery, Petition, Signature

# Formats always exported in the background (CSV streams fast enough to stay in the request).
BACKGROUND_FORMATS = ("xlsx", "pdf")


def _iso(day):
    return day.isoformat() if day else ""


def start_export(
    user, fmt, *, petition, export_filter=None, signature_ids=None, total=None, **options
):
    """Queue an export of `petition`'s signatures chosen by `export_filter`, or of the counted
    ones among `signature_ids` (an admin action's selection; `petition` may then be None, for
    several petitions, whose ids are kept to check who may download it)."""
    params = {
        "format": fmt,
        "ui_language": get_language(),
        "headings": list(options.get("headings") or ("en",)),
        "delivery_date": _iso(options.get("delivery_date")),
        "include_comments": bool(options.get("include_comments")),
        "include_emails": bool(options.get("include_emails")),
    }
    if signature_ids is not None:
        ids = sorted(signature_ids)
        params["signatures"] = ids
        params["petitions"] = sorted(
            set(Signature.objects.filter(pk__in=ids).values_list("petition_id", flat=True))
        )
    else:
        params["filter"] = {
            "scope": export_filter.scope,
            "date_from": _iso(export_filter.date_from),
            "date_to": _iso(export_filter.date_to),
            "language": export_filter.language,
        }
    return jobs.enqueue(
        EXPORT,
        petition_id=getattr(petition, "pk", None),
        user_id=user.pk,
        params=params,
        total=total,
    )


def prepare_packet(delivery, user):
    """The job building `delivery`'s packet: the one under way, or a new one."""
    active = Job.objects.active().filter(kind=PACKET, params__delivery=delivery.pk).first()
    if active is not None:
        return active
    return jobs.enqueue(
        PACKET,
        petition_id=delivery.petition_id,
        user_id=getattr(user, "pk", None),
        params={"delivery": delivery.pk, "ui_language": get_language()},
    )


def packet_job(delivery):
    """The latest job building `delivery`'s packet, or None."""
    return Job.objects.filter(kind=PACKET, params__delivery=delivery.pk).order_by("-pk").first()


def start_import(user, petition, fmt, text, language):
    """Queue a paper entry or import of `text` (rows kept in a private file, not in the row)."""
    return jobs.enqueue(
        IMPORT,
        petition_id=petition.pk,
        user_id=user.pk,
        params={"format": fmt, "language": language, "ui_language": get_language()},
        upload=ContentFile(text.encode("utf-8")),
        total=paper.count_rows(text),
    )


# Handlers ----------------------------------------------------------------------------------------


def _export_signatures(job):
    params = job.params
    petition = Petition.objects.filter(pk=job.petition_id).first() if job.petition_id else None
    if "signatures" in params:
        return petition, Signature.objects.filter(pk__in=params["signatures"]).counted(), None
    if petition is None:
        raise Petition.DoesNotExist
    chosen = params["filter"]
    export_filter = ExportFilter(
        scope=chosen["scope"],
        date_from=parse_date(chosen["date_from"] or "") if chosen["date_from"] else None,
        date_to=parse_date(chosen["date_to"] or "") if chosen["date_to"] else None,
        language=chosen["language"],
    )
    return petition, export_filter.signatures(petition), export_filter


def run_export(run):
    params = run.job.params
    petition, signatures, export_filter = _export_signatures(run.job)
    fmt = params["format"]
    run.set_total(signatures.count())
    spool = tempfile.TemporaryFile()
    write_export(
        fmt,
        signatures,
        spool,
        petition=petition,
        headings=tuple(params["headings"]),
        period_bounds=(export_filter.start, export_filter.end) if export_filter else (None, None),
        delivery_date=parse_date(params["delivery_date"]) if params["delivery_date"] else None,
        include_comments=params["include_comments"],
        include_emails=params["include_emails"],
        progress=run.advance,
    )
    run.store(filename(petition, fmt), File(spool))


def run_packet(run):
    delivery = (
        Delivery.objects.select_related("petition").filter(pk=run.job.params["delivery"]).first()
    )
    if delivery is None:  # cancelled meanwhile: nothing to build
        return
    signatures = Signature.objects.filter(delivery=delivery).counted()
    run.set_total(signatures.count())
    spool = tempfile.TemporaryFile()
    write_export(
        "pdf",
        signatures,
        spool,
        petition=delivery.petition,
        headings=("en", "es"),
        progress=run.advance,
    )
    name = filename(delivery.petition, "pdf")

    def attach():
        # In the transaction that marks the job done, after the check that nobody left.
        if not Delivery.objects.filter(pk=delivery.pk).exists():
            return
        spool.seek(0)
        delivery.packet.save(name, File(spool), save=False)
        Delivery.objects.filter(pk=delivery.pk).update(packet=delivery.packet.name)

    run.on_done(attach)
    run.close_later(spool)


def run_import(run):
    job = run.job
    params = job.params
    petition = Petition.objects.get(pk=job.petition_id)
    with job.upload.open("rb") as upload:
        text = upload.read().decode("utf-8")
    resume = job.summary if job.summary.get("rows") else None

    def checkpoint(rows, result):
        run.checkpoint(rows, {**result.summary(), "rows": rows})

    result = imports.import_file(
        petition,
        params["format"],
        text,
        default_language=params["language"],
        resume=resume,
        checkpoint=checkpoint,
    )
    job.summary = {**result.summary(), "rows": run.done}
    lines = [line for line, _message in result.errors]
    if lines:
        header, rows = paper.rows_at_lines(imports.as_paper_csv(params["format"], text), lines)
        if rows:
            run.store("lines-not-added.csv", ContentFile(_csv(header, rows).encode("utf-8")))
    user = get_user_model().objects.filter(pk=job.user_id).first()

    def record():
        audit.record(
            None,
            audit.Action.PAPER_IMPORT,
            petition=petition,
            user=user,
            target=f"job {job.pk}",
            rows=result.added,
            rejected=len(result.errors),
            **imports.audit_details(params["format"]),
        )

    run.on_done(record)


def _csv(header, rows):
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=header, extrasaction="ignore")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()


jobs.register(EXPORT, run_export)
jobs.register(PACKET, run_packet)
jobs.register(IMPORT, run_import)

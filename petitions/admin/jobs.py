"""A background job's page in the admin: its progress (refreshing itself without JavaScript, live
with static/js/job-progress.js), then its download or its report; and the download itself.

Who may see a job: whoever may view signatures and sees every petition the job is about
(petitions_for: their campaigns). Anyone else gets the same 404 as for a job that does not exist,
on the page, the JSON and the download, checked on every request; each download is recorded in
the audit log.
"""

import os

from django.contrib import messages
from django.http import FileResponse, Http404, HttpResponseNotAllowed, JsonResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from campaigns.admin_site import as_id
from core import audit, jobs
from core.models import Job
from petitions.admin.scoping import petitions_for
from petitions.exports import CONTENT_TYPES
from petitions.job_kinds import EXPORT, IMPORT, PACKET
from petitions.models import Delivery, Petition

ERRORS_SHOWN = 1000  # lines not added listed on the page; all of them are in the CSV


def visible_job(request, job_id):
    """The job, if this user may see it; Http404 otherwise (as for a missing id)."""
    pk = as_id(str(job_id))
    job = Job.objects.filter(pk=pk).first() if pk is not None else None
    user = request.user
    if job is None or not user.has_perm("petitions.view_signature"):
        raise Http404
    petition_ids = {job.petition_id} if job.petition_id else set(job.params.get("petitions", []))
    if not petition_ids and job.user_id != user.pk:
        raise Http404
    allowed = set(petitions_for(user).filter(pk__in=petition_ids).values_list("pk", flat=True))
    if petition_ids - allowed:
        raise Http404
    return job


def job_url(job):
    return reverse("admin:petitions_job", args=[job.pk])


def progress_text(job):
    """ "12,000 of 100,000" (in the page's language), or just the rows done."""
    done = number_format(job.done, force_grouping=True)
    if job.total is None:
        return done
    total = number_format(job.total, force_grouping=True)
    return _("%(done)s of %(total)s done") % {"done": done, "total": total}


def title(job):
    fmt = job.params.get("format", "")
    if job.kind == EXPORT:
        return _("Export of the signatures (%(format)s)") % {"format": fmt.upper()}
    if job.kind == PACKET:
        return _("Packet of delivery #%(number)s") % {"number": job.params.get("delivery")}
    if job.kind == IMPORT:
        return _("Entering signatures from a file")
    return job.kind


def _download_url(job):
    if job.status == Job.DONE and job.result:
        return reverse("admin:petitions_job_download", args=[job.pk])
    if job.kind == PACKET and job.status == Job.DONE:
        delivery = Delivery.objects.filter(pk=job.params.get("delivery")).first()
        if delivery is not None and delivery.packet:
            return reverse("admin:petitions_delivery_packet", args=[delivery.pk])
    return ""


def status_data(job):
    return {
        "status": job.status,
        "status_label": str(job.get_status_display()),
        "active": job.is_active,
        "done": job.done,
        "total": job.total,
        "percent": job.percent,
        "text": progress_text(job),
        "download": _download_url(job),
    }


def job_view(model_admin, request, job_id):
    job = visible_job(request, job_id)
    petition = Petition.objects.filter(pk=job.petition_id).first() if job.petition_id else None
    summary = job.summary or {}
    errors = summary.get("errors", [])
    delivery = None
    if job.kind == PACKET:
        delivery = Delivery.objects.filter(pk=job.params.get("delivery")).first()
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": model_admin.model._meta,
        "title": title(job),
        "job": job,
        "petition": petition,
        "delivery": delivery,
        "is_import": job.kind == IMPORT,
        "progress_text": progress_text(job),
        "download_url": _download_url(job),
        "status_url": reverse("admin:petitions_job_status", args=[job.pk]),
        "cancel_url": reverse("admin:petitions_job_cancel", args=[job.pk]),
        "added": summary.get("added", 0),
        "errors": errors[:ERRORS_SHOWN],
        "errors_count": len(errors),
        "errors_more": max(0, len(errors) - ERRORS_SHOWN),
    }
    return TemplateResponse(request, "admin/petitions/job.html", context)


def job_status(model_admin, request, job_id):
    job = visible_job(request, job_id)
    response = JsonResponse(status_data(job))
    response["Cache-Control"] = "no-store"
    return response


def job_download(model_admin, request, job_id):
    job = visible_job(request, job_id)
    if job.status != Job.DONE or not job.result:
        raise Http404
    try:
        file = job.result.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    audit.record(
        request,
        audit.Action.JOB_DOWNLOAD,
        petition=job.petition_id,
        target=f"job {job.pk}",
        kind=job.kind,
        format=job.params.get("format", "csv"),
        rows=job.total if job.kind == EXPORT else len(job.summary.get("errors", [])),
    )
    name = job.result_name or os.path.basename(job.result.name)
    extension = name.rpartition(".")[2]
    return FileResponse(
        file,
        as_attachment=True,
        filename=name,
        content_type=CONTENT_TYPES.get(extension, "application/octet-stream"),
    )


def job_cancel(model_admin, request, job_id):
    job = visible_job(request, job_id)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    if jobs.cancel(job):
        messages.success(request, _("Cancelled."))
    else:
        messages.info(request, _("This job had already finished."))
    return redirect(job_url(job))

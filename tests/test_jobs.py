"""Long organizer jobs in the background (core/jobs.py, petitions/background.py): their life,
who may see and download their files, the audit of each download, retention, withdrawals, and
paper entries above PAPER_BACKGROUND_ROWS."""

import io
from datetime import timedelta

import openpyxl
import pytest
from django.core.files.base import ContentFile
from django.utils import timezone

from core import jobs
from core.models import AuditEvent, Job
from petitions import lifecycle, paper
from petitions.models import Delivery, Signature
from tests.job_helpers import latest_job, run_jobs
from tests.signature_helpers import add_signature, organiser_of, other_petition
from tests.staff_helpers import log_in_staff

EXPORT_URL = "/admin/petitions/signature/export/"


def job_url(job, tail=""):
    return f"/admin/petitions/signature/jobs/{job.pk}/{tail}"


@pytest.fixture
def signed(petition):
    return [add_signature(petition, town=town) for town in ("Hartford", "New Haven", "Hartford")]


@pytest.fixture
def organiser(client, petition):
    user = organiser_of(petition.campaign)
    log_in_staff(client, user)
    return user


def start_xlsx(client, petition, **extra):
    data = {"petition": petition.pk, "format": "xlsx", "scope": "all", "headings": "en", **extra}
    return client.post(EXPORT_URL, data)


def test_an_xlsx_export_runs_as_a_job_then_downloads(client, petition, signed, organiser):
    response = start_xlsx(client, petition)
    job = latest_job()
    assert response.status_code == 302 and response.url == job_url(job)
    assert (job.kind, job.status, job.petition_id, job.user_id) == (
        "export",
        Job.QUEUED,
        petition.pk,
        organiser.pk,
    )
    # Only options in the row: no name or email of anyone.
    assert "Nuñez" not in str(job.params) and "@" not in str(job.params)
    page = client.get(job_url(job))
    assert page.status_code == 200
    assert b'http-equiv="refresh"' in page.content  # no JavaScript needed while it waits
    assert b"job-progress.js" in page.content
    assert client.get(job_url(job, "download/")).status_code == 404  # not ready

    assert run_jobs()[Job.DONE] == 1
    job.refresh_from_db()
    assert job.status == Job.DONE and (job.done, job.total) == (3, 3)
    assert job.expires_at > timezone.now() + timedelta(hours=23)
    assert str(job.result.storage.location).endswith(".test-private")

    status = client.get(job_url(job, "status.json")).json()
    assert status["status"] == "done" and status["active"] is False
    assert status["text"] == "3 of 3 done" and status["download"] == job_url(job, "download/")
    page = client.get(job_url(job))
    assert b'http-equiv="refresh"' not in page.content
    assert job_url(job, "download/").encode() in page.content

    response = client.get(job_url(job, "download/"))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="trust-act-2018-')
    workbook = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    assert workbook.active.max_row == 4  # the heading and three signatures


def test_every_download_is_in_the_audit_log(client, petition, signed, organiser):
    start_xlsx(client, petition)
    run_jobs()
    job = latest_job()
    for _ in range(2):
        assert client.get(job_url(job, "download/")).status_code == 200
    events = AuditEvent.objects.filter(action=AuditEvent.Action.JOB_DOWNLOAD)
    assert events.count() == 2
    event = events.first()
    assert event.actor == organiser and event.petition_id == petition.pk
    assert event.target == f"job {job.pk}" and event.details["format"] == "xlsx"


def test_a_pdf_export_is_a_job_too(client, petition, signed, organiser):
    client.post(
        EXPORT_URL, {"petition": petition.pk, "format": "pdf", "scope": "all", "headings": "en"}
    )
    run_jobs()
    job = latest_job()
    data = b"".join(client.get(job_url(job, "download/")).streaming_content)
    assert data.startswith(b"%PDF")


def test_csv_still_streams_in_the_request(client, petition, signed, organiser):
    response = client.post(
        EXPORT_URL, {"petition": petition.pk, "format": "csv", "scope": "all", "headings": "en"}
    )
    assert response.status_code == 200 and response.streaming
    assert not Job.objects.exists()


def test_the_export_action_runs_as_a_job(client, petition, signed, organiser):
    response = client.post(
        "/admin/petitions/signature/",
        {"action": "export_xlsx", "_selected_action": [s.pk for s in signed[:2]]},
    )
    job = latest_job()
    assert response.url == job_url(job) and job.params["petitions"] == [petition.pk]
    run_jobs()
    job.refresh_from_db()
    assert job.total == 2


@pytest.fixture
def finished_job(client, petition, signed, organiser):
    start_xlsx(client, petition)
    run_jobs()
    return latest_job()


@pytest.mark.parametrize("tail", ["", "status.json", "download/", "cancel/"])
def test_another_campaigns_organiser_gets_404(client, finished_job, tail):
    stranger = organiser_of(other_petition().campaign, username="stranger")
    log_in_staff(client, stranger)
    method = client.post if tail == "cancel/" else client.get
    assert method(job_url(finished_job, tail)).status_code == 404
    # ...the same answer as for a job that does not exist, or an id no job can have.
    assert method(f"/admin/petitions/signature/jobs/999999/{tail}").status_code == 404
    assert method(f"/admin/petitions/signature/jobs/abc/{tail}").status_code == 404
    assert not AuditEvent.objects.filter(action=AuditEvent.Action.JOB_DOWNLOAD).exists()


def test_without_the_permission_to_view_signatures_404(client, petition, finished_job):
    from django.contrib.auth.models import Permission

    user = organiser_of(petition.campaign, username="no-signatures")
    user.user_permissions.clear()
    for group in user.groups.all():
        user.groups.remove(group)
    user.is_staff = True
    user.save()
    user.user_permissions.add(Permission.objects.get(codename="view_petition"))
    log_in_staff(client, user)
    assert client.get(job_url(finished_job, "download/")).status_code == 404


def test_anonymous_is_sent_to_sign_in(finished_job):
    from django.test import Client

    response = Client().get(job_url(finished_job, "download/"))
    assert response.status_code == 302 and "/login/" in response.url


def test_finished_jobs_and_their_files_are_deleted_after_export_file_hours(finished_job, settings):
    storage, name = finished_job.result.storage, finished_job.result.name
    assert storage.exists(name)
    assert jobs.prune(timezone.now() + timedelta(hours=settings.EXPORT_FILE_HOURS - 1)) == 0
    assert jobs.prune(timezone.now() + timedelta(hours=settings.EXPORT_FILE_HOURS + 1)) == 1
    assert not storage.exists(name) and not Job.objects.exists()


def test_the_prune_command(finished_job, settings):
    from django.core.management import call_command

    Job.objects.update(expires_at=timezone.now() - timedelta(minutes=1))
    out = io.StringIO()
    call_command("prune_jobs", stdout=out)
    assert out.getvalue().startswith("1 finished jobs deleted")


def test_a_withdrawal_deletes_the_petitions_stored_export(
    client, petition, signed, finished_job, django_capture_on_commit_callbacks
):
    storage, name = finished_job.result.storage, finished_job.result.name
    with django_capture_on_commit_callbacks(execute=True):
        lifecycle.withdraw(signed[0].pk)
    finished_job.refresh_from_db()
    assert not storage.exists(name)
    assert (finished_job.result.name, finished_job.files_deleted) == ("", Job.WITHDRAWN)
    assert client.get(job_url(finished_job, "download/")).status_code == 404
    page = client.get(job_url(finished_job)).content.decode()
    assert "deleted because a signer of this petition withdrew" in page


def test_another_petitions_withdrawal_keeps_the_file(
    petition, finished_job, django_capture_on_commit_callbacks
):
    stranger = add_signature(other_petition())
    with django_capture_on_commit_callbacks(execute=True):
        lifecycle.withdraw(stranger.pk)
    finished_job.refresh_from_db()
    assert finished_job.result and finished_job.result.storage.exists(finished_job.result.name)


def test_a_job_running_when_a_signer_withdraws_starts_again(client, petition, signed, organiser):
    start_xlsx(client, petition)
    job = jobs.claim("worker-a")
    jobs.forget([petition.pk], ("export",))  # a withdrawal while the export is being written
    assert jobs.process(job) == Job.QUEUED  # not finished with a file that may hold them
    job.refresh_from_db()
    assert not job.result
    lifecycle.withdraw(signed[0].pk)
    run_jobs()
    job.refresh_from_db()
    assert job.status == Job.DONE and job.total == 2


def test_cancel_a_queued_job(client, petition, signed, organiser):
    start_xlsx(client, petition)
    job = latest_job()
    assert client.get(job_url(job, "cancel/")).status_code == 405
    response = client.post(job_url(job, "cancel/"))
    assert response.url == job_url(job)
    job.refresh_from_db()
    assert job.status == Job.CANCELLED
    assert run_jobs()[Job.DONE] == 0


def test_a_running_job_stops_at_its_next_heartbeat_once_cancelled(petition, signed, organiser):
    job = jobs.enqueue("export", petition_id=petition.pk, user_id=organiser.pk)
    claimed = jobs.claim("worker-a")
    run = jobs.Run(claimed)
    run.advance(1)
    jobs.cancel(job)
    with pytest.raises(jobs.Stopped):
        run.set_total(10)


def test_a_lost_lease_is_taken_over_and_the_first_worker_cannot_finish(
    client, petition, signed, organiser, settings
):
    start_xlsx(client, petition)
    first = jobs.claim("worker-a")
    assert jobs.claim("worker-b") is None  # held
    later = timezone.now() + timedelta(seconds=settings.JOB_LEASE_SECONDS + 1)
    second = jobs.claim("worker-b", now=later)
    assert second.pk == first.pk and second.attempts == 2
    assert jobs.process(first) == Job.RUNNING  # stopped: the job is worker-b's now
    assert jobs.process(second) == Job.DONE


def test_a_job_whose_worker_keeps_dying_is_marked_failed(petition, organiser, settings):
    job = jobs.enqueue("export", petition_id=petition.pk, user_id=organiser.pk)
    now = timezone.now()
    for attempt in range(settings.JOB_MAX_ATTEMPTS):
        now += timedelta(seconds=settings.JOB_LEASE_SECONDS + 1)
        assert jobs.claim("dies", now=now).attempts == attempt + 1
    now += timedelta(seconds=settings.JOB_LEASE_SECONDS + 1)
    assert jobs.claim("dies", now=now) is None
    job.refresh_from_db()
    assert job.status == Job.FAILED and job.error == "worker stopped"


# Paper entry above the threshold ------------------------------------------------------------------

PAPER_ROWS = """first_name,last_name,postal_code,language,signed_at
Ana,Nuñez,06106,es,2018-03-14
Bob,Smith,99999,en,2018-03-14
Carla,Díaz,06511,es,03/15/2018
,Lee,06106,en,2018-03-14
Dana,Ortiz,06106,en,2018-02-30
Eva,Ruiz,06106,es,
"""


def test_paper_entry_above_the_threshold_is_a_job_that_reports_bad_lines(
    client, petition, organiser, settings
):
    settings.PAPER_BACKGROUND_ROWS = 3
    before = petition.signature_count
    response = client.post(
        f"/admin/petitions/petition/{petition.pk}/paper/",
        {"text": PAPER_ROWS, "language": "en", "format": "paper", "add": "1"},
    )
    job = latest_job()
    assert response.url == job_url(job)
    assert (job.kind, job.total) == ("import", 6)
    assert job.upload and "Nuñez" not in str(job.params)  # the rows wait in a private file
    assert not Signature.objects.filter(source="paper").exists()  # nothing yet
    run_jobs()
    job.refresh_from_db()
    assert job.status == Job.DONE and not job.upload  # the rows' file is gone
    assert job.summary["added"] == 3
    assert [line for line, _message in job.summary["errors"]] == [3, 5, 6]
    petition.refresh_from_db()
    assert petition.signature_count == before + 3
    page = client.get(job_url(job)).content.decode()
    assert "3 signatures were added." in page and "3 lines were not added." in page
    assert "99999 is not a US ZIP code we know" in page
    lines = b"".join(client.get(job_url(job, "download/")).streaming_content).decode()
    assert lines.splitlines()[0].startswith("first_name,last_name,postal_code")
    assert "Bob" in lines and "Dana" in lines and "Ana" not in lines
    event = AuditEvent.objects.get(action=AuditEvent.Action.PAPER_IMPORT)
    assert (event.actor, event.details["rows"], event.details["rejected"]) == (organiser, 3, 3)


def test_paper_entry_below_the_threshold_stays_in_the_request(client, petition, organiser):
    client.post(
        f"/admin/petitions/petition/{petition.pk}/paper/",
        {"text": PAPER_ROWS, "language": "en", "format": "paper", "add": "1"},
    )
    assert not Job.objects.exists()
    assert Signature.objects.filter(source="paper").count() == 3


class WorkerDied(BaseException):
    """Stands for a kill -9: nothing of the worker's handles it."""


def test_an_interrupted_paper_entry_resumes_without_adding_a_row_twice(
    petition, organiser, monkeypatch, settings
):
    rows = "first_name,last_name,postal_code\n" + "".join(
        f"Name{chr(97 + i)},Last{chr(97 + i)},06106\n" for i in range(12)
    )
    monkeypatch.setattr(paper, "CHUNK_ROWS", 5)
    job = jobs.enqueue(
        "import",
        petition_id=petition.pk,
        user_id=organiser.pk,
        params={"format": "paper", "language": "en"},
        upload=ContentFile(rows.encode()),
    )
    real_add_row, calls = paper._add_row, []

    def dies_at_row_8(*args):
        calls.append(1)
        if len(calls) == 8:
            raise WorkerDied
        return real_add_row(*args)

    monkeypatch.setattr(paper, "_add_row", dies_at_row_8)
    claimed = jobs.claim("worker-a")
    with pytest.raises(WorkerDied):
        jobs.process(claimed)
    claimed.refresh_from_db()
    assert claimed.status == Job.RUNNING and claimed.done == 5  # the first chunk committed
    assert Signature.objects.filter(source="paper").count() == 5
    later = timezone.now() + timedelta(seconds=settings.JOB_LEASE_SECONDS + 1)
    again = jobs.claim("worker-b", now=later)
    assert jobs.process(again) == Job.DONE
    assert Signature.objects.filter(source="paper").count() == 12
    assert Job.objects.get(pk=job.pk).summary["added"] == 12


# Delivery packets ---------------------------------------------------------------------------------


def test_recording_a_delivery_builds_its_packet_in_a_job(client, petition, signed, organiser):
    client.post(
        EXPORT_URL,
        {
            "petition": petition.pk,
            "format": "pdf",
            "scope": "since_last_delivery",
            "headings": "en",
            "record_delivery": "on",
        },
    )
    delivery = Delivery.objects.get()
    job = latest_job()
    assert (job.kind, job.params["delivery"]) == ("packet", delivery.pk)
    page = client.get(f"/admin/petitions/delivery/{delivery.pk}/change/").content.decode()
    assert "The packet is being prepared" in page and job_url(job) in page
    # Asking for the packet meanwhile leads to the job's page, and starts nothing new.
    response = client.get(f"/admin/petitions/delivery/{delivery.pk}/packet/")
    assert response.url == job_url(job) and Job.objects.count() == 1
    run_jobs()
    delivery.refresh_from_db()
    assert delivery.packet
    status = client.get(job_url(job, "status.json")).json()
    assert status["download"] == f"/admin/petitions/delivery/{delivery.pk}/packet/"
    response = client.get(f"/admin/petitions/delivery/{delivery.pk}/packet/")
    assert response["Content-Type"] == "application/pdf"


def test_spanish_job_page(client, petition, signed, organiser):
    start_xlsx(client, petition)
    job = latest_job()
    client.cookies["django_language"] = "es"
    page = client.get(job_url(job), HTTP_ACCEPT_LANGUAGE="es").content.decode()
    assert "Estado:" in page and "Cancelar" in page
    run_jobs()
    status = client.get(job_url(job, "status.json"), HTTP_ACCEPT_LANGUAGE="es").json()
    assert status["text"] == "3 de 3 listas" and status["status_label"] == "terminado"


def test_no_user_data_in_the_summary_of_an_export(finished_job):
    assert finished_job.summary == {}
    assert set(finished_job.params) == {
        "format",
        "ui_language",
        "headings",
        "delivery_date",
        "include_comments",
        "include_emails",
        "filter",
    }


def test_private_files_root_is_not_public(settings):
    from pathlib import Path

    private = Path(settings.PRIVATE_FILES_ROOT).resolve()
    assert Path(settings.MEDIA_ROOT).resolve() not in private.parents
    assert private != Path(settings.MEDIA_ROOT).resolve()
    assert not any(
        str(private).startswith(str(Path(d).resolve())) for d in settings.STATICFILES_DIRS
    )

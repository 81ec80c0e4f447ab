"""The default of `TASKS_BACKEND=immediate` (DEBUG, `make run`): a job runs in a thread of the
web process just after its commit, so the request answers at once and the progress page shows the
job moving, with no worker running. (The rest of the suite runs jobs inline, config/test_settings.)
"""

import time

import openpyxl
import pytest
from django.db import transaction

from core import jobs
from core.models import Job
from tests.signature_helpers import add_signature

pytestmark = pytest.mark.django_db(transaction=True)

PARAMS = {
    "format": "xlsx",
    "ui_language": "es",
    "headings": ["es"],
    "delivery_date": "",
    "include_comments": False,
    "include_emails": False,
    "filter": {"scope": "all", "date_from": "", "date_to": "", "language": ""},
}


def test_a_job_runs_in_a_thread_after_its_commit(petition, settings, tmp_path):
    settings.TASKS_BACKEND = "immediate"
    settings.JOBS_IMMEDIATE_THREAD = True
    settings.PRIVATE_FILES_ROOT = tmp_path / "private"
    for town in ("Hartford", "New Haven", "Bridgeport"):
        add_signature(petition, town=town)
    with transaction.atomic():
        job = jobs.enqueue("export", petition_id=petition.pk, params=PARAMS)
        assert Job.objects.get(pk=job.pk).status == Job.QUEUED  # nothing before the commit
    deadline = time.monotonic() + 60
    while Job.objects.get(pk=job.pk).status in (Job.QUEUED, Job.RUNNING):
        assert time.monotonic() < deadline, "the job's thread did not finish it"
        time.sleep(0.05)
    job.refresh_from_db()
    assert job.status == Job.DONE and (job.done, job.total) == (3, 3)
    sheet = openpyxl.load_workbook(job.result.path).active
    assert sheet.max_row == 4  # the headings and the three signatures
    assert sheet.cell(1, 1).value != "signed_at"  # headings in the job's language, not codes

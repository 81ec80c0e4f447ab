"""Long jobs in the background, in a real browser at 1280 px, in English and Spanish: an XLSX
export queued, its progress page (followed live by job-progress.js, and without JavaScript by the
page's own refresh), then the download; a paper entry with bad lines, and a MoveOn import after
its preview, both above PAPER_BACKGROUND_ROWS and so run as jobs that report the lines not added.
"""

import re

import openpyxl
import pytest

from core.models import Job
from petitions.models import Signature
from tests.browser.conftest import ORGANISER_PASSWORD
from tests.job_helpers import run_jobs
from tests.signature_helpers import add_signature

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

WORDS = {
    "en": {"status": "Status:", "waiting": "waiting to start", "done": "done", "of": "of"},
    "es": {"status": "Estado:", "waiting": "en espera", "done": "terminado", "of": "de"},
}


def expect(*args):
    from playwright.sync_api import expect

    return expect(*args)


def queue_xlsx(page, petition):
    page.goto(f"/admin/petitions/signature/export/?petition={petition.pk}")
    page.locator("#id_format").select_option("xlsx")
    page.locator("input[type=submit].default").click()
    page.wait_for_url(re.compile(r"/admin/petitions/signature/jobs/\d+/$"))


@pytest.mark.parametrize("language", ["en", "es"])
def test_a_background_export_with_its_progress_then_the_download(
    browse, live_server, organiser, petition, language, settings
):
    for town in ("Hartford", "New Haven", "Hartford", "Bridgeport"):
        add_signature(petition, town=town)
    settings.TASKS_BACKEND = "database"  # it waits for a worker, as in production
    words = WORDS[language]
    page = browse.open(language=language)
    browse.log_in(page, organiser.username, ORGANISER_PASSWORD)
    queue_xlsx(page, petition)
    job = Job.objects.get()
    expect(page.locator("#content-main")).to_contain_text(words["status"])
    expect(page.locator("#job-status")).to_have_text(words["waiting"])
    expect(page.locator("progress#job-progress")).to_be_visible()
    expect(page.locator("#job-download")).to_have_count(0)
    browse.step(page, "queued: the progress page")

    run_jobs()  # the job worker's own code
    # job-progress.js sees it finished and shows the page with its download.
    expect(page.locator("#job-download")).to_be_visible()
    expect(page.locator("#job-status")).to_have_text(words["done"])
    expect(page.locator("#content-main")).to_contain_text(f"4 {words['of']} 4")
    browse.step(page, "done: the download")
    path = browse.download(page, page.locator("#job-download").click)
    assert path.name.startswith("trust-act-2018-") and path.suffix == ".xlsx"
    sheet = openpyxl.load_workbook(path).active
    assert sheet.max_row == 5
    assert Job.objects.get(pk=job.pk).status == Job.DONE


def test_without_javascript_the_progress_page_refreshes_itself(
    browse, live_server, organiser, petition, settings
):
    add_signature(petition)
    settings.TASKS_BACKEND = "database"
    page = browse.open(javascript=False)
    browse.log_in(page, organiser.username, ORGANISER_PASSWORD)
    queue_xlsx(page, petition)
    expect(page.locator("#job-status")).to_have_text("waiting to start")
    run_jobs()
    # The page's <meta http-equiv="refresh" content="2"> brings the finished job.
    expect(page.locator("#job-download")).to_be_visible(timeout=10_000)
    browse.step(page, "no javascript: refreshed to the download")


PAPER = (
    "first_name,last_name,postal_code,language,signed_at\n"
    "Ana,Nuñez,06106,es,2018-03-14\n"
    "Bob,Smith,99999,en,2018-03-14\n"
    "Carla,Díaz,06511,es,03/15/2018\n"
    ",Lee,06106,en,2018-03-14\n"
    "Dana,Ortiz,06106,en,2018-03-16\n"
)


@pytest.mark.parametrize("language", ["en", "es"])
def test_a_paper_entry_with_bad_lines_through_a_job(
    browse, live_server, organiser, petition, language, settings
):
    settings.PAPER_BACKGROUND_ROWS = 3
    page = browse.open(language=language)
    browse.log_in(page, organiser.username, ORGANISER_PASSWORD)
    page.goto(f"/admin/petitions/petition/{petition.pk}/paper/")
    page.locator("#id_text").fill(PAPER)
    page.locator("input[name=add]").click()
    # Run after its commit in the server (TASKS_BACKEND=immediate, as under `make run`).
    page.wait_for_url(re.compile(r"/admin/petitions/signature/jobs/\d+/$"))
    report = page.locator("#import-report")
    expect(report).to_be_visible()
    expect(page.locator("#import-errors tbody tr")).to_have_count(2)
    expect(page.locator("#import-errors")).to_contain_text("99999")
    browse.step(page, "the paper entry's report")
    path = browse.download(page, page.locator("#job-download").click)
    text = path.read_text(encoding="utf-8")
    assert "Bob" in text and "Lee" in text and "Ana" not in text
    assert Signature.objects.filter(source="paper").count() == 3


MOVEON = (
    "name,email,zip,created_at\n"
    + "".join(
        f"Person {chr(65 + i)}son,person{i}@example.com,06106,2018-03-14 15:20:11\n"
        for i in range(6)
    )
    + "Bad Zip,bad@example.com,99999,2018-03-14 15:20:11\n"
)


def test_a_moveon_import_previewed_then_run_as_a_job(
    browse, live_server, organiser, petition, settings
):
    settings.PAPER_BACKGROUND_ROWS = 3
    page = browse.open(language="es")
    browse.log_in(page, organiser.username, ORGANISER_PASSWORD)
    page.goto(f"/admin/petitions/petition/{petition.pk}/paper/")
    page.locator("#id_format").select_option("moveon")
    page.locator("#id_text").fill(MOVEON)
    page.locator("input[name=preview]").click()
    expect(page.locator("#import-preview")).to_be_visible()
    assert not Signature.objects.filter(source="moveon").exists()  # nothing stored yet
    browse.step(page, "the preview")
    page.locator("input[name=add]").click()
    page.wait_for_url(re.compile(r"/admin/petitions/signature/jobs/\d+/$"))
    expect(page.locator("#import-errors tbody tr")).to_have_count(1)
    browse.step(page, "the import's report")
    assert Signature.objects.filter(source="moveon").count() == 6

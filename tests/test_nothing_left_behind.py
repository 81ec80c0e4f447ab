"""A withdrawn signer leaves nothing behind: after withdrawal, a dump of the whole database and
every stored file holds neither their email, nor their name, nor their ZIP code. Their signature
was in a recorded delivery (with its stored PDF packet), an organiser changed it in the admin, and
an update was emailed to them first."""

import datetime
import subprocess
from pathlib import Path

import pytest
from django.core import mail
from django.db import connection
from pypdf import PdfReader

from petitions.models import Delivery, Signature
from tests.campaign_helpers import update
from tests.conftest import petition_url
from tests.job_helpers import run_jobs
from tests.signature_helpers import organiser_of
from tests.staff_helpers import log_in_staff
from tests.trust_helpers import link_to, post, sending

ON_POSTGRES = connection.vendor == "postgresql"
SECRET = {
    "first_name": "Xiomara",
    "last_name": "Quintanilla-Zúñiga",
    "email": "xiomara.qz@example.org",
    "postal_code": "06018",
}
pytestmark = pytest.mark.django_db(transaction=ON_POSTGRES)


def _database_dump():
    """Every row of every table, as text."""
    if ON_POSTGRES:
        db = connection.settings_dict
        return subprocess.run(
            [
                "pg_dump",
                "--data-only",
                "-h",
                db["HOST"] or "127.0.0.1",
                "-p",
                str(db["PORT"] or 5432),
                "-U",
                db["USER"] or "postgres",
                db["NAME"],
            ],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    return "\n".join(connection.connection.iterdump())


def _stored_files_text():
    from django.conf import settings

    texts = []
    folders = (Path(settings.MEDIA_ROOT), Path(settings.PRIVATE_FILES_ROOT))
    for path in (path for folder in folders for path in folder.rglob("*")):
        if path.is_file():
            raw = path.read_bytes()
            texts.append(raw.decode("latin-1"))
            if raw.startswith(b"%PDF"):
                texts.extend(page.extract_text() for page in PdfReader(path).pages)
    return "\n".join(texts)


def _traces(text):
    needles = [*SECRET.values(), SECRET["email"].upper(), "Quintanilla"]
    return [needle for needle in needles if needle.lower() in text.lower()]


def test_a_withdrawn_signer_is_in_no_table_and_no_file(
    client, petition, sign_data, admin_client, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PRIVATE_FILES_ROOT = tmp_path / "private"  # background exports' files
    form = {**sign_data, **SECRET, "updates_opt_in": "on", "comment": "Por mi familia"}
    post(client, petition_url("es"), form)
    signature = Signature.objects.get(email=SECRET["email"])
    withdraw_path = link_to(mail.outbox[0], "/retirar/")

    # An organiser records a delivery with its stored packet, emails included.
    organiser = organiser_of(petition.campaign)
    log_in_staff(client, organiser)
    response = client.post(
        "/admin/petitions/signature/export/",
        {
            "petition": petition.pk,
            "format": "pdf",
            "scope": "all",
            "headings": "es",
            "include_comments": "on",
            "record_delivery": "on",
        },
    )
    delivery = Delivery.objects.get()
    assert response.status_code == 302  # to the delivery, whose packet is built in a job
    run_jobs()
    delivery.refresh_from_db()
    assert delivery.packet and SECRET["last_name"] in _stored_files_text()
    # ... and exports a PDF with the emails, built in a background job and stored privately.
    client.post(
        "/admin/petitions/signature/export/",
        {
            "petition": petition.pk,
            "format": "pdf",
            "scope": "all",
            "headings": "es",
            "include_emails": "on",
        },
    )
    run_jobs()
    assert SECRET["email"] in _stored_files_text()
    # An admin edits the signature (the admin's history keeps a line about it).
    admin_client.post(
        f"/admin/petitions/signature/{signature.pk}/change/",
        {
            **{
                k: getattr(signature, k)
                for k in ("first_name", "last_name", "email", "town", "state")
            },
            "postal_code": SECRET["postal_code"],
            "comment": "Por mi familia (revisado)",
            "public": "",
            "updates_opt_in": "on",
        },
    )
    news = update(petition.campaign, "Audiencia", datetime.date(2018, 3, 1), petition)
    from outreach import announce

    with sending():
        announce.send_update(news)
    assert _traces(_database_dump())  # the test can see them before

    client.logout()
    with sending():  # the packet files are deleted once the withdrawal commits
        assert client.post(withdraw_path).status_code == 200

    dump = _database_dump()
    leftover = [line[:300] for line in dump.splitlines() if "iomara" in line]
    assert _traces(dump) == [], leftover
    assert _traces(_stored_files_text()) == []
    # The delivery's packet is made again, without her, when next downloaded.
    log_in_staff(client, organiser)
    again = client.get(f"/admin/petitions/delivery/{delivery.pk}/packet/")
    assert again.status_code == 302  # to the job that builds it again
    run_jobs()
    assert _traces(_stored_files_text()) == []
    assert Delivery.objects.get().packet

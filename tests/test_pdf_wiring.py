"""The admin and the command hand the right signatures to petitions.pdf."""

import io

import pytest
from django.core.management import call_command
from pypdf import PdfReader

from tests.job_helpers import run_jobs
from tests.signature_helpers import add_signature, at, organiser_of
from tests.staff_helpers import log_in_staff


def pdf_text(data):
    """The PDF's text (pypdf, so that no poppler binary is needed on a laptop)."""
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


@pytest.fixture
def signed(petition):
    add_signature(petition, first_name="José", last_name="Nuñez", town="Hartford", signed_at=at(1))
    add_signature(
        petition,
        first_name="Li",
        last_name="Wei",
        town="New Haven",
        signed_at=at(2),
        email="li@example.com",
    )


def test_command_writes_the_packet(tmp_path, signed):
    out = tmp_path / "packet.pdf"
    err = io.StringIO()
    call_command(
        "export_signatures",
        "trust-act-2018",
        "--format",
        "pdf",
        "--headings",
        "en,es",
        "--output",
        str(out),
        stderr=err,
    )
    assert "pages" in err.getvalue()
    text = pdf_text(out.read_bytes())
    assert "Nuñez" in text and "New Haven" in text
    assert "li@example.com" not in text  # emails stay out unless asked


def test_admin_export_records_the_packet_on_the_delivery(client, petition, signed):
    from petitions.models import Delivery

    log_in_staff(client, organiser_of(petition.campaign))
    response = client.post(
        "/admin/petitions/signature/export/",
        {
            "petition": petition.pk,
            "format": "pdf",
            "scope": "since_last_delivery",
            "headings": "es",
            "record_delivery": "on",
        },
    )
    delivery = Delivery.objects.get()
    assert delivery.signature_count == 2
    # Recording shows the delivery; its packet is downloaded from there, and stored.
    assert response.url == f"/admin/petitions/delivery/{delivery.pk}/change/"
    run_jobs()  # the packet is built in the background (tests/test_jobs.py: its progress)
    response = client.get(f"/admin/petitions/delivery/{delivery.pk}/packet/")
    assert response["Content-Type"] == "application/pdf"
    data = b"".join(response.streaming_content)
    assert data.startswith(b"%PDF")
    delivery.refresh_from_db()
    assert delivery.packet.read() == data


def test_admin_action_exports_a_packet_of_one_petition(client, petition, signed):
    from petitions.models import Signature

    log_in_staff(client, organiser_of(petition.campaign))
    ids = list(Signature.objects.values_list("pk", flat=True))
    response = client.post(
        "/admin/petitions/signature/", {"action": "export_pdf", "_selected_action": ids}
    )
    run_jobs()  # a PDF is built in the background; its page then offers the download
    response = client.get(response.url + "download/")
    assert b"".join(response.streaming_content).startswith(b"%PDF")


def test_blank_signature_sheet_links_to_the_public_site(client, petition, settings):
    settings.SITE_URL = "https://firmamos.example.org"
    log_in_staff(client, organiser_of(petition.campaign))
    response = client.get(f"/admin/petitions/petition/{petition.pk}/signature-sheet/")
    assert response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content)
    assert "firmamos.example.org" in text
    assert "testserver" not in text

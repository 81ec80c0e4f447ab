"""The audit log records who saw or changed signers' data: a scripted organiser's session, then
what an admin reads. Nobody can edit or delete entries from the admin, organisers cannot read it,
and no entry holds a signer's name or email."""

import datetime

import pytest
from django.contrib.auth.models import Permission
from django.core.management import call_command

from core.models import AuditEvent
from petitions.models import Delivery, Signature
from tests.campaign_helpers import update
from tests.job_helpers import run_jobs
from tests.signature_helpers import add_signature, organiser_of
from tests.staff_helpers import STRONG_PASSWORD, log_in_staff
from tests.trust_helpers import sending

A = AuditEvent.Action


@pytest.fixture
def organiser(petition):
    user = organiser_of(petition.campaign)
    user.set_password(STRONG_PASSWORD)
    user.save()
    return user


def test_an_organisers_week_is_recorded(client, petition, organiser, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    signatures = [add_signature(petition, updates_opt_in=True) for _ in range(4)]
    client.post("/admin/login/", {"username": "organiser", "password": "wrong"})
    log_in_staff(client, organiser)
    one = signatures[0]
    client.get(f"/admin/petitions/signature/{one.pk}/change/")
    for fmt in ("csv", "xlsx"):
        response = client.post(
            "/admin/petitions/signature/export/",
            {"petition": petition.pk, "format": fmt, "scope": "all", "headings": "en"},
        )
        if response.streaming:
            b"".join(response.streaming_content)
    run_jobs()  # the XLSX is built in the background (its downloads: tests/test_jobs.py)
    client.post(
        "/admin/petitions/signature/export/",
        {
            "petition": petition.pk,
            "format": "pdf",
            "scope": "all",
            "headings": "en,es",
            "record_delivery": "on",
        },
    )
    delivery = Delivery.objects.get()
    run_jobs()  # its packet
    client.get(f"/admin/petitions/delivery/{delivery.pk}/packet/")
    client.post(
        "/admin/petitions/delivery/",
        {"action": "mark_delivered", "_selected_action": [delivery.pk]},
    )
    client.post(
        "/admin/petitions/signature/",
        {"action": "invalidate", "_selected_action": [signatures[1].pk]},
    )
    client.post(
        "/admin/petitions/signature/", {"action": "restore", "_selected_action": [signatures[1].pk]}
    )
    client.post(
        f"/admin/petitions/petition/{petition.pk}/paper/",
        {"text": "first_name,last_name,postal_code\nLuz,Papel,06106\n", "language": "es"},
    )
    news = update(petition.campaign, "Audiencia", datetime.date(2018, 3, 1), petition)
    with sending():
        client.post(
            "/admin/outreach/update/",
            {"action": "send_to_signers", "_selected_action": [news.pk], "confirmed": "yes"},
        )
    call_command(
        "export_signatures",
        "trust-act-2018",
        "--format",
        "csv",
        "--output",
        str(tmp_path / "x.csv"),
        stderr=open("/dev/null", "w"),
    )

    entries = list(AuditEvent.objects.order_by("pk"))
    assert [e.action for e in entries] == [
        A.LOGIN_FAILED,
        A.LOGIN,
        A.SIGNATURE_VIEWED,
        A.EXPORT,
        A.EXPORT,
        A.DELIVERY_RECORDED,  # recording shows the delivery; its packet is downloaded there
        A.PACKET_DOWNLOAD,
        A.DELIVERY_MARKED,
        A.INVALIDATE,
        A.RESTORE,
        A.PAPER_IMPORT,
        A.UPDATE_SENT,
        A.EXPORT,
    ]
    by_action = {e.action: e for e in entries}
    assert by_action[A.LOGIN_FAILED].actor_name == "organiser"
    assert by_action[A.LOGIN_FAILED].address_hash  # keyed hash of 127.0.0.1, never the address
    assert "127.0.0.1" not in str([(e.address_hash, e.details) for e in entries])
    csv_export = entries[3]
    assert (csv_export.actor, csv_export.petition_id) == (organiser, petition.pk)
    assert csv_export.details["format"] == "csv" and csv_export.details["rows"] == 4
    assert csv_export.details["emails"] is True
    assert entries[6].details["rows"] == 4  # the packet of the recorded delivery
    assert by_action[A.PAPER_IMPORT].details == {"rows": 1, "rejected": 0}
    assert by_action[A.INVALIDATE].details["signatures"] == [signatures[1].pk]
    assert entries[-1].actor_name == "command"
    everything = str(list(AuditEvent.objects.values()))
    for signature in Signature.objects.exclude(email=""):
        assert signature.email not in everything
        assert signature.last_name not in everything


def test_admins_read_the_log_and_nobody_changes_it(admin_client, client, petition, organiser):
    log_in_staff(client, organiser)
    entry = AuditEvent.objects.filter(action=A.LOGIN).first()
    listing = admin_client.get("/admin/core/auditevent/?action__exact=login")
    assert listing.status_code == 200 and "organiser" in listing.content.decode()
    assert admin_client.get("/admin/core/auditevent/add/").status_code == 403
    change = admin_client.post(f"/admin/core/auditevent/{entry.pk}/change/", {"actor_name": "x"})
    assert change.status_code in (200, 403)
    assert (
        admin_client.post(f"/admin/core/auditevent/{entry.pk}/delete/", {"post": "yes"}).status_code
        == 403
    )
    entry.refresh_from_db()
    assert entry.actor_name == "organiser"
    organiser.user_permissions.add(*Permission.objects.filter(codename__endswith="auditevent"))
    assert client.get("/admin/core/auditevent/").status_code == 403


def test_old_entries_are_pruned_by_the_daily_command(petition, settings):
    settings.AUDIT_RETENTION_DAYS = 30
    old = AuditEvent.objects.create(action=A.EXPORT, actor_name="command")
    AuditEvent.objects.filter(pk=old.pk).update(at=old.at - datetime.timedelta(days=31))
    recent = AuditEvent.objects.create(action=A.EXPORT, actor_name="command")
    call_command("anonymise_signatures", stdout=open("/dev/null", "w"))
    assert list(AuditEvent.objects.values_list("pk", flat=True)) == [recent.pk]

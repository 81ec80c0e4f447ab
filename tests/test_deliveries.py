"""Delivery tracking: "since the last delivery" is exact, a signature is in one delivery at most,
and the public page and JSON show what was delivered, in the page's language."""

import datetime
import io

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from petitions import deliveries, lifecycle
from petitions.exports import ExportFilter
from petitions.exports.filters import SINCE_LAST_DELIVERY
from petitions.models import Delivery, Signature
from tests.conftest import petition_url
from tests.signature_helpers import add_signature, organiser_of
from tests.staff_helpers import log_in_staff


def since_last_delivery_emails(tmp_path):
    out = tmp_path / "since.csv"
    call_command(
        "export_signatures",
        "trust-act-2018",
        "--since-last-delivery",
        "--output",
        str(out),
        stderr=io.StringIO(),
    )
    return [line.split(",")[3] for line in out.read_text("utf-8-sig").splitlines()[1:]]


def record_all(petition, **fields):
    return deliveries.record(petition, ExportFilter().signatures(petition), **fields)


def test_since_the_last_delivery_after_two_deliveries(tmp_path, petition):
    add_signature(petition, email="a@example.com")
    first = record_all(petition)
    add_signature(petition, email="b@example.com")
    add_signature(petition, email="c@example.com")
    assert since_last_delivery_emails(tmp_path) == ["b@example.com", "c@example.com"]
    second = record_all(petition)
    add_signature(petition, email="d@example.com")
    assert since_last_delivery_emails(tmp_path) == ["d@example.com"]
    assert (first.signature_count, second.signature_count) == (1, 2)
    assert set(second.signatures.values_list("email", flat=True)) == {
        "b@example.com",
        "c@example.com",
    }


def test_a_signature_is_never_in_two_deliveries(petition):
    a = add_signature(petition)
    b = add_signature(petition)
    first = deliveries.record(petition, Signature.objects.filter(pk=a.pk))
    # Asking for both again takes only the one not delivered yet.
    second = deliveries.record(petition, Signature.objects.filter(pk__in=[a.pk, b.pk]))
    assert list(first.signatures.all()) == [a]
    assert list(second.signatures.all()) == [b]
    with pytest.raises(deliveries.EmptyDelivery):  # nothing left: a delivery is never empty
        record_all(petition)
    a.refresh_from_db()
    assert a.delivery == first


def test_invalidated_signatures_are_not_delivered(petition):
    spam = add_signature(petition)
    lifecycle.invalidate(Signature.objects.filter(pk=spam.pk))
    with pytest.raises(deliveries.EmptyDelivery):
        record_all(petition)


def test_the_exported_set_is_recorded_from_the_admin(client, petition):
    add_signature(petition, email="a@example.com")
    log_in_staff(client, organiser_of(petition.campaign))
    data = {
        "petition": petition.pk,
        "format": "csv",
        "scope": SINCE_LAST_DELIVERY,
        "headings": "en",
        "record_delivery": "on",
    }
    response = client.post("/admin/petitions/signature/export/", {**data, "token": "t1"})
    delivery = Delivery.objects.get()
    assert delivery.status == Delivery.Status.PLANNED
    assert delivery.signature_count == 1
    # Not a download that hides what happened: the delivery's page, with what it holds.
    change = f"/admin/petitions/delivery/{delivery.pk}/change/"
    assert response.status_code == 302 and response.url == change
    page = client.get(change).content.decode()
    assert f"Delivery #{delivery.pk} recorded with 1 signatures" in page
    # The same form sent again (a double click) records nothing more.
    again = client.post("/admin/petitions/signature/export/", {**data, "token": "t1"})
    assert again.url == change and Delivery.objects.count() == 1
    # A new form with nothing left to deliver is refused in words.
    empty = client.post("/admin/petitions/signature/export/", {**data, "token": "t2"})
    assert "A delivery cannot be empty" in empty.content.decode()
    assert Delivery.objects.count() == 1


def test_mark_delivered_action(client, petition):
    delivery = Delivery.objects.create(petition=petition, recipient="CGA")
    log_in_staff(client, organiser_of(petition.campaign))
    client.post(
        "/admin/petitions/delivery/",
        {"action": "mark_delivered", "_selected_action": [delivery.pk]},
    )
    delivery.refresh_from_db()
    assert delivery.status == Delivery.Status.DELIVERED
    assert delivery.delivered_on is not None


def delivered(petition, count_signatures=3):
    for _ in range(count_signatures):
        add_signature(petition)
    return record_all(
        petition,
        status=Delivery.Status.DELIVERED,
        delivered_on=datetime.date(2018, 4, 5),
        recipient="Connecticut General Assembly — Speaker of the House",
    )


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        (
            "en",
            "Delivered by hand to Connecticut General Assembly — Speaker of the House "
            "on April 5, 2018, 3 signatures",
        ),
        (
            "es",
            "Entregada en persona el 5 de abril de 2018 "
            "(destinatario: Connecticut General Assembly — Speaker of the House): 3 firmas",
        ),
    ],
)
def test_the_public_page_shows_deliveries_in_its_language(client, petition, lang, expected):
    delivered(petition)
    Delivery.objects.create(petition=petition, recipient="Planned, not shown")
    page = client.get(petition_url(lang)).content.decode()
    assert expected in " ".join(page.split())
    assert "Planned, not shown" not in page


def test_the_json_lists_deliveries_without_a_query_each(client, petition):
    delivered(petition, 2)
    delivered(petition, 1)
    with CaptureQueriesContext(connection) as queries:
        data = client.get("/api/petitions/trust-act-2018.json").json()
    assert data["deliveries"] == [
        {
            "date": "2018-04-05",
            "recipient": {
                "en": "Connecticut General Assembly — Speaker of the House",
                "es": "Connecticut General Assembly — Speaker of the House",
            },
            "method": "hand",
            "signature_count": 2,
        },
        {
            "date": "2018-04-05",
            "recipient": {
                "en": "Connecticut General Assembly — Speaker of the House",
                "es": "Connecticut General Assembly — Speaker of the House",
            },
            "method": "hand",
            "signature_count": 1,
        },
    ]
    assert len([q for q in queries if "petitions_delivery" in q["sql"]]) == 1


def test_the_packet_is_downloaded_through_the_scoped_admin(client, petition):
    from django.core.files.base import ContentFile

    from tests.signature_helpers import other_petition

    mine = Delivery.objects.create(petition=petition, recipient="CGA")
    mine.packet.save("mine.pdf", ContentFile(b"%PDF-mine"))
    theirs = Delivery.objects.create(petition=other_petition(), recipient="Other")
    theirs.packet.save("theirs.pdf", ContentFile(b"%PDF-theirs"))
    log_in_staff(client, organiser_of(petition.campaign))
    page = client.get(f"/admin/petitions/delivery/{mine.pk}/change/").content.decode()
    assert f"/admin/petitions/delivery/{mine.pk}/packet/" in page
    assert "/media/" not in page
    response = client.get(f"/admin/petitions/delivery/{mine.pk}/packet/")
    assert b"".join(response.streaming_content) == b"%PDF-mine"
    assert client.get(f"/admin/petitions/delivery/{theirs.pk}/packet/").status_code == 404

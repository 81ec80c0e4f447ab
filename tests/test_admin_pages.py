"""The admin pages organisers use: the petition's figures, its translation check, the signature
list's filters and the invalidate action."""

import pytest

from petitions.models import Petition, Signature
from tests.signature_helpers import add_signature, at, organiser_of
from tests.staff_helpers import log_in_staff


@pytest.fixture
def organiser_client(client, petition):
    log_in_staff(client, organiser_of(petition.campaign))
    return client


def test_petition_page_shows_counts_by_language_town_and_a_chart(organiser_client, petition):
    add_signature(petition, language="es", town="Hartford", signed_at=at(1))
    add_signature(petition, language="es", town="New Haven", signed_at=at(3))
    add_signature(petition, language="en", town="New Haven", signed_at=at(3))
    page = organiser_client.get(f"/admin/petitions/petition/{petition.pk}/change/")
    html = page.content.decode()
    assert page.status_code == 200
    assert "<td>Spanish</td><td>2</td>" in html
    assert "<td>New Haven, CT</td><td>2</td>" in html
    assert html.count("<rect ") == 3  # one bar a day from March 1 to 3, the empty 2nd included
    assert "2018-03-03: 2" in html
    for link in ("/paper/", "/signature-sheet/", "/admin/petitions/signature/export/?petition="):
        assert link in html


def test_a_petition_cannot_be_opened_with_spanish_missing_and_the_admin_says_why(
    admin_client, petition
):
    petition.status = Petition.Status.DRAFT
    petition.title_es = ""
    petition.save()
    page = admin_client.get(f"/admin/petitions/petition/{petition.pk}/change/")
    assert "title (Spanish)" in page.content.decode()  # shown before anyone tries
    form = page.context["adminform"].form
    data = {k: v for k, v in form.initial.items() if v is not None and not isinstance(v, list)}
    data.update(
        {
            "campaign": petition.campaign_id,
            "status": "open",
            "opens_at_0": "",
            "opens_at_1": "",
            "closes_at_0": "",
            "closes_at_1": "",
        }
    )
    data.pop("title_es", None)
    response = admin_client.post(f"/admin/petitions/petition/{petition.pk}/change/", data)
    assert response.status_code == 200
    html = response.content.decode()
    assert "complete in both languages" in html
    assert "Missing: title (Spanish)" in html
    petition.refresh_from_db()
    assert petition.status == Petition.Status.DRAFT


def test_invalidating_keeps_the_count_exact_and_restoring_brings_it_back(
    organiser_client, petition
):
    keep, spam1, spam2 = (add_signature(petition) for _ in range(3))
    petition.refresh_from_db()
    assert petition.signature_count == 3
    organiser_client.post(
        "/admin/petitions/signature/",
        {"action": "invalidate", "_selected_action": [spam1.pk, spam2.pk]},
    )
    petition.refresh_from_db()
    assert petition.signature_count == 1
    assert Signature.objects.count() == 3  # kept, not deleted
    assert Signature.objects.filter(invalidated_at__isnull=False).count() == 2
    organiser_client.post(
        "/admin/petitions/signature/",
        {"action": "restore", "_selected_action": [spam1.pk]},
    )
    petition.refresh_from_db()
    assert petition.signature_count == 2


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("language=es", {"es@example.com"}),
        ("town=New+Haven", {"es@example.com"}),
        ("source=paper", set()),
        ("delivered=no", {"es@example.com", "en@example.com"}),
        ("validity=invalidated", set()),
        ("confirmed=yes", set()),
        ("q=06106", {"en@example.com"}),
    ],
)
def test_signature_list_filters(organiser_client, petition, query, expected):
    add_signature(
        petition, email="es@example.com", language="es", town="New Haven", postal_code="06511"
    )
    add_signature(petition, email="en@example.com", language="en")
    html = organiser_client.get(f"/admin/petitions/signature/?{query}").content.decode()
    shown = {e for e in ("es@example.com", "en@example.com") if e in html}
    assert shown == expected


def test_delivery_admin_is_scoped(client, petition):
    from petitions.models import Delivery
    from tests.signature_helpers import other_petition

    theirs = Delivery.objects.create(petition=other_petition(), recipient="Their recipient")
    mine = Delivery.objects.create(petition=petition, recipient="My recipient")
    log_in_staff(client, organiser_of(petition.campaign))
    html = client.get("/admin/petitions/delivery/").content.decode()
    assert "My recipient" in html and "Their recipient" not in html
    assert client.get(f"/admin/petitions/delivery/{mine.pk}/change/").status_code == 200
    assert client.get(f"/admin/petitions/delivery/{theirs.pk}/change/").status_code == 302

"""Every organiser action checks its own permission (campaigns.roles.ORGANISER_PERMISSIONS): with
exactly that permission taken from the Organisers group the action is refused and nothing in the
database changes; with it, the action works."""

import datetime
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.contrib.auth.models import Group, Permission
from django.core import mail

from campaigns.roles import ORGANISERS_GROUP
from outreach.models import Update, UpdateRecipient
from petitions import deliveries, signing
from petitions.models import Delivery, Petition, Signature
from tests.campaign_helpers import update
from tests.signature_helpers import add_signature, organiser_of
from tests.staff_helpers import log_in_staff


@dataclass
class World:
    petition: Petition
    signature: Signature  # valid
    invalidated: Signature
    planned: Delivery
    delivered: Delivery  # not announced yet
    news: Update  # about the petition, not emailed yet


@pytest.fixture
def world(petition):
    signature = add_signature(petition, updates_opt_in=True)
    Signature.objects.filter(pk=signature.pk).update(ip_hash=signing.hash_ip("192.0.2.9"))
    signature.refresh_from_db()
    invalidated = add_signature(petition)
    Signature.objects.filter(pk=invalidated.pk).update(invalidated_at=signature.signed_at)
    delivered = deliveries.record(
        petition,
        Signature.objects.filter(pk=signature.pk),
        status=Delivery.Status.DELIVERED,
        delivered_on=datetime.date(2018, 4, 5),
    )
    planned = Delivery.objects.create(petition=petition, recipient="General Assembly")
    add_signature(petition)  # in no delivery yet
    news = update(petition.campaign, "News", datetime.date(2018, 4, 6), petition=petition)
    return World(petition, signature, invalidated, planned, delivered, news)


def snapshot():
    """What any of these actions could change."""
    return (
        list(Signature.objects.order_by("pk").values()),
        list(Delivery.objects.order_by("pk").values()),
        list(Update.objects.order_by("pk").values()),
        UpdateRecipient.objects.count(),
        [(p.pk, p.signature_count) for p in Petition.objects.order_by("pk")],
        len(mail.outbox),
    )


def action(url, name, *objects, **extra):
    return lambda client, w: client.post(
        url, {"action": name, "_selected_action": [o(w).pk for o in objects], **extra}
    )


SIGNATURES = "/admin/petitions/signature/"
DELIVERIES = "/admin/petitions/delivery/"
UPDATES = "/admin/outreach/update/"


@dataclass
class Case:
    permission: str
    run: Callable  # (client, world) -> response
    done: Callable  # (world) -> whether the action had its effect


CASES = {
    "record a delivery from the export form": Case(
        "petitions.add_delivery",
        lambda client, w: client.post(
            f"{SIGNATURES}export/",
            {
                "petition": w.petition.pk,
                "format": "csv",
                "scope": "all",
                "headings": "en",
                "record_delivery": "on",
            },
        ),
        lambda w: Delivery.objects.count() == 3,
    ),
    "mark delivered": Case(
        "petitions.change_delivery",
        action(DELIVERIES, "mark_delivered", lambda w: w.planned),
        lambda w: Delivery.objects.get(pk=w.planned.pk).status == Delivery.Status.DELIVERED,
    ),
    "add the undelivered signatures to a planned delivery": Case(
        "petitions.change_delivery",
        action(DELIVERIES, "take_undelivered", lambda w: w.planned),
        lambda w: Delivery.objects.get(pk=w.planned.pk).signatures.exists(),
    ),
    "paper entry": Case(
        "petitions.add_signature",
        lambda client, w: client.post(
            f"/admin/petitions/petition/{w.petition.pk}/paper/",
            {"text": "first_name,last_name,postal_code\nRosa,Parks,06106\n", "language": "es"},
        ),
        lambda w: Signature.objects.filter(source=Signature.Source.PAPER).exists(),
    ),
    "signature sheet": Case(
        "petitions.add_signature",
        lambda client, w: client.get(f"/admin/petitions/petition/{w.petition.pk}/signature-sheet/"),
        None,  # changes nothing: it answers with the PDF or not
    ),
    "write an update": Case(
        "outreach.add_update",
        lambda client, w: client.post(
            f"{UPDATES}add/",
            {
                "campaign": w.petition.campaign_id,
                "published_on": "2018-04-07",
                "date_precision": "day",
                "title_en": "Written",
                "title_es": "Escrita",
                "body_en": "Text.",
                "body_es": "Texto.",
                "is_published": "on",
            },
        ),
        lambda w: Update.objects.filter(title_en="Written").exists(),
    ),
    "edit an update": Case(
        "outreach.change_update",
        lambda client, w: client.post(
            f"{UPDATES}{w.news.pk}/change/",
            {
                "campaign": w.petition.campaign_id,
                "petition": w.petition.pk,
                "published_on": "2018-04-06",
                "date_precision": "day",
                "title_en": "Edited",
                "title_es": w.news.title_es,
                "body_en": w.news.body_en,
                "body_es": w.news.body_es,
                "is_published": "on",
            },
        ),
        lambda w: Update.objects.get(pk=w.news.pk).title_en == "Edited",
    ),
    "send an update": Case(
        "outreach.send_update",
        action(UPDATES, "send_to_signers", lambda w: w.news, confirmed="yes"),
        lambda w: UpdateRecipient.objects.filter(update=w.news).exists(),
    ),
    "write a delivery's announcement": Case(
        "outreach.add_update",
        action(DELIVERIES, "announce", lambda w: w.delivered),
        lambda w: Update.objects.filter(delivery=w.delivered).exists(),
    ),
    "invalidate from the abuse review": Case(
        "petitions.change_signature",
        lambda client, w: client.post(
            "/admin/abuse/",
            {"selected": [f"ip|{w.petition.pk}|{w.signature.ip_hash}"], "confirm": "yes"},
        ),
        lambda w: Signature.objects.get(pk=w.signature.pk).invalidated_at is not None,
    ),
    "invalidate from the signature list": Case(
        "petitions.change_signature",
        action(SIGNATURES, "invalidate", lambda w: w.signature),
        lambda w: Signature.objects.get(pk=w.signature.pk).invalidated_at is not None,
    ),
    "restore from the signature list": Case(
        "petitions.change_signature",
        action(SIGNATURES, "restore", lambda w: w.invalidated),
        lambda w: Signature.objects.get(pk=w.invalidated.pk).invalidated_at is None,
    ),
    "correct a signature": Case(
        "petitions.change_signature",
        lambda client, w: client.post(
            f"{SIGNATURES}{w.signature.pk}/change/",
            {
                "first_name": "Corrected",
                "last_name": w.signature.last_name,
                "email": w.signature.email,
                "postal_code": w.signature.postal_code,
                "town": w.signature.town,
                "state": w.signature.state,
                "comment": "",
            },
        ),
        lambda w: Signature.objects.get(pk=w.signature.pk).first_name == "Corrected",
    ),
}


def take_away(permission):
    app_label, codename = permission.split(".")
    perm = Permission.objects.get(content_type__app_label=app_label, codename=codename)
    Group.objects.get(name=ORGANISERS_GROUP).permissions.remove(perm)


@pytest.mark.parametrize("allowed", [True, False], ids=["with", "without"])
@pytest.mark.parametrize("name", list(CASES))
def test_each_action_needs_its_own_permission(
    client, world, name, allowed, django_capture_on_commit_callbacks
):
    case = CASES[name]
    log_in_staff(client, organiser_of(world.petition.campaign))
    if not allowed:
        take_away(case.permission)
    before = snapshot()
    with django_capture_on_commit_callbacks(execute=True):
        response = case.run(client, world)
    if hasattr(response, "streaming_content"):
        b"".join(response.streaming_content)
    assert response.status_code in (200, 302, 403)
    if allowed:
        assert response.status_code != 403
        assert case.done is None or case.done(world)
        if case.done is None:
            assert response["Content-Type"] == "application/pdf"
    else:
        assert response.status_code in (302, 403)  # refused, or the action is not offered
        assert case.done is None or not case.done(world)
        assert snapshot() == before


def test_the_cases_cover_the_organisers_add_change_and_send_permissions():
    """Each add, change or send permission the group has on signatures, deliveries and updates is
    taken away by at least one case above."""
    from campaigns.roles import ORGANISER_PERMISSIONS

    tried = {case.permission for case in CASES.values()}
    petitions_and_outreach = {
        f"{label.split('.')[0]}.{action}_{label.split('.')[1]}"
        for label, actions in ORGANISER_PERMISSIONS.items()
        if label.split(".")[0] in ("petitions", "outreach")
        for action in actions
        if action in ("add", "send") or (action == "change" and label != "petitions.petition")
    }
    assert petitions_and_outreach <= tried


@pytest.mark.parametrize(
    "permission, url, button",
    [
        ("petitions.add_signature", "petition/{petition}/change/", "Enter paper signatures"),
        ("petitions.add_signature", "petition/{petition}/change/", "Blank signature sheet"),
        ("petitions.add_delivery", "signature/export/", "record_delivery"),
        ("petitions.change_delivery", "delivery/", "mark_delivered"),
        ("outreach.add_update", "delivery/", '"announce"'),
        ("petitions.change_signature", "signature/", '"invalidate"'),
    ],
)
def test_what_a_permission_does_not_allow_is_not_offered(client, world, permission, url, button):
    log_in_staff(client, organiser_of(world.petition.campaign))
    url = "/admin/petitions/" + url.format(petition=world.petition.pk)
    assert button in client.get(url).content.decode()
    take_away(permission)
    assert button not in client.get(url).content.decode()


def test_the_abuse_review_offers_no_invalidate_button_without_the_permission(client, world):
    log_in_staff(client, organiser_of(world.petition.campaign))
    assert "Invalidate the selected signatures" in client.get("/admin/abuse/").content.decode()
    take_away("petitions.change_signature")
    page = client.get("/admin/abuse/")
    assert page.status_code == 200
    assert "Invalidate the selected signatures" not in page.content.decode()

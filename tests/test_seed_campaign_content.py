"""seed_trust_act also loads the campaign's timeline, events and partners; twice changes nothing."""

import datetime

from django.core.management import call_command

from campaigns.models import Event, Partner
from outreach.models import Update
from petitions.models import Signature
from tests.campaign_helpers import signer

PARTNERS = [
    "Connecticut Immigrant Rights Alliance",
    "Unidad Latina en Acción",
    "Junta for Progressive Action",
    "32BJ SEIU",
    "ACLU of Connecticut",
    "Hispanic Federation",
    "CT Students for a Dream",
]


def _seed():
    call_command("seed_trust_act", stdout=open("/dev/null", "w"))


def _snapshot():
    return [
        list(model.objects.order_by("pk").values()) for model in (Update, Event, Partner, Signature)
    ]


def test_seed_loads_timeline_events_and_partners_in_both_languages(petition):
    updates = list(Update.objects.order_by("published_on"))
    assert [u.published_on.year for u in updates] == [2013, 2015, 2017, 2017, 2018, 2019, 2024]
    assert updates[0].published_on == datetime.date(2013, 6, 3)
    assert "May 22" in updates[0].body_en and "22 de mayo" in updates[0].body_es
    assert updates[-1].published_on == datetime.date(2024, 11, 18)
    for news in updates:
        assert news.missing_translations() == []
        assert news.body_en.rsplit("\n", 1)[-1].startswith("Source: ")
        assert news.body_es.rsplit("\n", 1)[-1].startswith("Fuente: ")
        assert news.petition is None
    assert [p.name for p in Partner.objects.all()] == PARTNERS
    assert all(p.description_en and p.description_es for p in Partner.objects.all())
    events = list(Event.objects.order_by("starts_at"))
    assert [timezone_date(e) for e in events] == [
        datetime.date(2017, 4, 29),
        datetime.date(2017, 5, 1),
    ]
    assert events[0].place_en == "Connecticut State Capitol"
    assert all(e.all_day and e.title_es for e in events)


def timezone_date(event):
    from django.utils import timezone

    return timezone.localdate(event.starts_at)


def test_seed_twice_changes_nothing_and_keeps_organisers_edits(petition):
    signer(petition, "ana@example.com", "es")
    Partner.objects.filter(name="32BJ SEIU").update(description_en="Edited by an organiser.")
    before = _snapshot()
    _seed()
    assert _snapshot() == before
    assert Partner.objects.get(name="32BJ SEIU").description_en == "Edited by an organiser."


def test_seed_on_a_database_seeded_before_this_content_adds_it(petition):
    Update.objects.all().delete()
    Event.objects.all().delete()
    Partner.objects.all().delete()
    _seed()
    assert (Update.objects.count(), Event.objects.count(), Partner.objects.count()) == (7, 2, 7)

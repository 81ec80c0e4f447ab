"""Each event downloads as an .ics file that calendars accept: Connecticut times, page language."""

import datetime
from zoneinfo import ZoneInfo

import icalendar

from campaigns.models import Event

NEW_YORK = ZoneInfo("America/New_York")


def _vigil(campaign, start):
    return Event.objects.create(
        campaign=campaign,
        title_en="Vigil for families",
        title_es="Vigilia por las familias",
        description_en="Bring a candle.",
        description_es="Traiga una vela.",
        place_en="State Capitol",
        place_es="Capitolio estatal",
        address="210 Capitol Avenue, Hartford, CT 06106",
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=2, minutes=30),
    )


def _calendar(client, url):
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert response["Content-Disposition"].startswith("attachment; filename=")
    return icalendar.Calendar.from_ical(response.content)


def test_ics_parses_with_new_york_times_in_winter_and_summer(client, petition):
    campaign = petition.campaign
    for start, offset in (
        (datetime.datetime(2030, 1, 15, 18, 0, tzinfo=NEW_YORK), -5),  # EST
        (datetime.datetime(2030, 7, 15, 18, 0, tzinfo=NEW_YORK), -4),  # EDT
    ):
        vigil = _vigil(campaign, start)
        url = f"/en/campaigns/connecticut-trust-act/events/{vigil.pk}.ics"
        calendar = _calendar(client, url)
        (item,) = calendar.walk("VEVENT")
        assert item["DTSTART"].params["TZID"] == "America/New_York"
        dtstart = item.decoded("DTSTART")
        assert (dtstart.hour, dtstart.minute) == (18, 0)
        assert dtstart.utcoffset() == datetime.timedelta(hours=offset)
        assert dtstart == start
        assert item.decoded("DTEND") == start + datetime.timedelta(hours=2, minutes=30)
        zones = [str(tz["TZID"]) for tz in calendar.walk("VTIMEZONE")]
        assert zones == ["America/New_York"]
        # the raw text carries the local time with its TZID, as phone calendars expect
        raw = client.get(url).content.decode()
        assert f"DTSTART;TZID=America/New_York:{start:%Y%m%d}T180000" in raw


def test_ics_text_is_in_the_page_language(client, petition):
    vigil = _vigil(petition.campaign, datetime.datetime(2030, 5, 1, 17, 30, tzinfo=NEW_YORK))
    english = _calendar(client, f"/en/campaigns/connecticut-trust-act/events/{vigil.pk}.ics")
    spanish = _calendar(client, f"/es/campanas/connecticut-trust-act/eventos/{vigil.pk}.ics")
    (en,) = english.walk("VEVENT")
    (es,) = spanish.walk("VEVENT")
    assert str(en["SUMMARY"]) == "Vigil for families"
    assert str(es["SUMMARY"]) == "Vigilia por las familias"
    assert str(es["LOCATION"]) == "Capitolio estatal, 210 Capitol Avenue, Hartford, CT 06106"
    assert str(es["DESCRIPTION"]).startswith("Traiga una vela.")
    assert "http://testserver/es/campanas/connecticut-trust-act/" in str(es["DESCRIPTION"])
    assert str(en["DESCRIPTION"]).startswith("Bring a candle.")


def test_the_campaign_page_links_each_upcoming_event_in_its_language(client, petition):
    vigil = _vigil(petition.campaign, datetime.datetime(2030, 5, 1, 17, 30, tzinfo=NEW_YORK))
    html = client.get("/es/campanas/connecticut-trust-act/").content.decode()
    assert f'href="/es/campanas/connecticut-trust-act/eventos/{vigil.pk}.ics"' in html
    assert "Agregar a mi calendario" in html
    assert "1 de mayo de 2030, 5:30 p.m." in html


def test_all_day_events_are_dates(client, petition):
    rally = Event.objects.get(title_en="“We are here to stay” rally")
    calendar = _calendar(client, f"/en/campaigns/connecticut-trust-act/events/{rally.pk}.ics")
    (item,) = calendar.walk("VEVENT")
    assert item.decoded("DTSTART") == datetime.date(2017, 4, 29)
    assert item.decoded("DTEND") == datetime.date(2017, 4, 30)


def test_event_of_another_campaign_or_missing_is_404(client, petition):
    from campaigns.models import Campaign

    other = Campaign.objects.create(slug="other", title="Other", is_published=True)
    vigil = _vigil(other, datetime.datetime(2030, 5, 1, 17, 30, tzinfo=NEW_YORK))
    assert (
        client.get(f"/en/campaigns/connecticut-trust-act/events/{vigil.pk}.ics").status_code == 404
    )
    assert client.get("/en/campaigns/connecticut-trust-act/events/99999.ics").status_code == 404

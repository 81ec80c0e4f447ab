"""An event as an iCalendar (.ics) file, in the page's language and Connecticut time."""

from datetime import timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone
from icalendar import Calendar
from icalendar import Event as CalendarEvent

ZONE = ZoneInfo(settings.TIME_ZONE)  # America/New_York
DEFAULT_LENGTH = timedelta(hours=2)


def event_calendar(event, page_url):
    """A calendar holding `event`: text in the active language, times with TZID and VTIMEZONE."""
    calendar = Calendar()
    calendar.add("prodid", "-//Firmamos//Campaign events//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add_component(_calendar_event(event, page_url))
    # Only the transitions around the event: a short file that phones still read right.
    start = timezone.localdate(event.starts_at)
    end = timezone.localdate(event.ends_at or event.starts_at)
    calendar.add_missing_timezones(
        first_date=start - timedelta(days=366), last_date=end + timedelta(days=366)
    )
    return calendar.to_ical()


def _calendar_event(event, page_url):
    item = CalendarEvent()
    item.add("uid", f"event-{event.pk}@firmamos")
    item.add("dtstamp", timezone.now())
    start = event.starts_at.astimezone(ZONE)
    if event.all_day:
        end = (event.ends_at or event.starts_at).astimezone(ZONE)
        item.add("dtstart", start.date())
        item.add("dtend", end.date() + timedelta(days=1))
    else:
        item.add("dtstart", start)
        item.add("dtend", (event.ends_at or event.starts_at + DEFAULT_LENGTH).astimezone(ZONE))
    item.add("summary", event.title)
    description = "\n\n".join(part for part in (event.description, page_url) if part)
    item.add("description", description)
    location = ", ".join(part for part in (event.place, event.address) if part)
    if location:
        item.add("location", location)
    item.add("url", event.url or page_url)
    return item

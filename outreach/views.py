from django.db.models import Prefetch
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.text import slugify
from django.views.decorators.http import require_safe

from campaigns import calendar
from campaigns.models import Campaign, Event
from petitions.models import Petition


def _listed_petitions():
    return Petition.objects.visible().order_by("-status", "-created_at")


@require_safe  # GET and HEAD; anything else is 405 (config/error_views.py)
def home(request):
    """Open campaigns first (those with a petition open to sign), then other open petitions."""
    now = timezone.now()
    campaigns = Campaign.objects.published().prefetch_related(
        Prefetch("petitions", queryset=Petition.objects.open(now), to_attr="open_petitions"),
        Prefetch("events", queryset=Event.objects.upcoming(now), to_attr="upcoming_events"),
    )
    open_campaigns = [c for c in campaigns if c.open_petitions]
    shown = {p.pk for c in open_campaigns for p in c.open_petitions}
    other_petitions = [p for p in Petition.objects.open(now) if p.pk not in shown]
    return render(
        request,
        "home.html",
        {"campaigns": open_campaigns, "other_petitions": other_petitions},
    )


@require_safe  # GET and HEAD; anything else is 405 (config/error_views.py)
def campaign_detail(request, slug):
    campaign = get_object_or_404(
        Campaign.objects.published().prefetch_related(
            Prefetch("petitions", queryset=_listed_petitions(), to_attr="listed_petitions")
        ),
        slug=slug,
    )
    now = timezone.now()
    context = {
        "campaign": campaign,
        "upcoming_events": campaign.events.upcoming(now),
        "past_events": campaign.events.past(now),
        "updates": campaign.updates.timeline().select_related("petition"),
        "partners": campaign.partners.all(),
    }
    return render(request, "campaigns/campaign_detail.html", context)


@require_safe  # GET and HEAD; anything else is 405 (config/error_views.py)
def event_ics(request, slug, event_id):
    """One event as a calendar file, in the page's language."""
    event = get_object_or_404(
        Event.objects.select_related("campaign").filter(campaign__is_published=True),
        pk=event_id,
        campaign__slug=slug,
    )
    page_url = request.build_absolute_uri(event.campaign.get_absolute_url())
    response = HttpResponse(
        calendar.event_calendar(event, page_url), content_type="text/calendar; charset=utf-8"
    )
    filename = f"{slugify(event.title) or 'event'}-{timezone.localdate(event.starts_at)}.ics"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response

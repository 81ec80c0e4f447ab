from django.http import JsonResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import translation
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

from campaigns.models import Campaign
from core.languages import codes
from petitions.api import petition_figures


def _both(obj, field):
    return {code: getattr(obj, f"{field}_{code}") or "" for code in codes()}


def _urls(name, **kwargs):
    urls = {}
    for code in codes():
        with translation.override(code):
            urls[code] = reverse(name, kwargs=kwargs)
    return urls


def _event(event):
    return {
        "title": _both(event, "title"),
        "place": _both(event, "place"),
        "address": event.address,
        "starts_at": event.starts_at.isoformat(),
        "ends_at": event.ends_at.isoformat() if event.ends_at else None,
        "all_day": event.all_day,
        "link": event.url,
    }


def campaign_figures(campaign):
    """Public facts of a campaign. No personal data, ever."""
    petitions = campaign.petitions.visible().order_by("-created_at")
    return {
        "slug": campaign.slug,
        "title": _both(campaign, "title"),
        "summary": _both(campaign, "summary"),
        "url": _urls("campaigns:detail", slug=campaign.slug),
        "petitions": [
            {**petition_figures(p), "url": _urls("petitions:detail", slug=p.slug)}
            for p in petitions
        ],
        "upcoming_events": [_event(e) for e in campaign.events.upcoming()],
    }


@require_GET
@cache_control(public=True, max_age=30)
def campaign_json(request, slug):
    campaign = get_object_or_404(Campaign.objects.published(), slug=slug)
    return JsonResponse(campaign_figures(campaign), json_dumps_params={"ensure_ascii": False})

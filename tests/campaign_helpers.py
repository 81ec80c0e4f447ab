"""Builders for campaign tests: events around now, signers in each language."""

import datetime
from zoneinfo import ZoneInfo

from django.utils import timezone

from campaigns.models import Event
from outreach.models import Update
from petitions.models import Signature

NEW_YORK = ZoneInfo("America/New_York")


def event(campaign, title, days_from_now, **extra):
    starts = timezone.now() + datetime.timedelta(days=days_from_now)
    return Event.objects.create(
        campaign=campaign,
        title_en=title,
        title_es=f"{title} (es)",
        starts_at=starts,
        **extra,
    )


def update(campaign, title, on, petition=None, **extra):
    return Update.objects.create(
        campaign=campaign,
        petition=petition,
        published_on=on,
        title_en=title,
        title_es=f"{title} (es)",
        body_en=f"Body of {title}.",
        body_es=f"Texto de {title}.",
        **extra,
    )


def signer(petition, email, language="en", **extra):
    fields = {
        "first_name": email.split("@")[0].capitalize(),
        "last_name": "Zapatero-Quiroga",
        "postal_code": "06106",
        "town": "Hartford",
        "updates_opt_in": True,
        **extra,
    }
    return Signature.objects.create(petition=petition, email=email, language=language, **fields)

from django.http import JsonResponse
from django.shortcuts import get_object_or_404
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

from core.languages import codes, translated
from petitions.models import Petition


def petition_figures(petition):
    """Public figures of a petition. No personal data, ever."""
    return {
        "slug": petition.slug,
        "title": {code: getattr(petition, f"title_{code}") for code in codes()},
        "target": {code: getattr(petition, f"target_{code}") for code in codes()},
        "status": petition.status,
        "signature_count": petition.signature_count,
        "goal": petition.current_goal,
        "milestone": petition.milestone,
        "opens_at": petition.opens_at.isoformat() if petition.opens_at else None,
        "closes_at": petition.closes_at.isoformat() if petition.closes_at else None,
        "deliveries": delivery_figures(petition),
    }


def delivery_figures(petition):
    """Deliveries made so far, in one query: their counts were stored when they were recorded.

    The recipient in each language as the petition page shows it (modeltranslation's fallback).
    """
    recipients = {f"recipient_in_{code}": translated("recipient", code) for code in codes()}
    rows = petition.deliveries.delivered().values(
        "delivered_on", "method", "signature_count", **recipients
    )
    return [
        {
            "date": row["delivered_on"].isoformat(),
            "recipient": {code: row[f"recipient_in_{code}"] for code in codes()},
            "method": row["method"],
            "signature_count": row["signature_count"],
        }
        for row in rows
    ]


@require_GET
@cache_control(public=True, max_age=5)
def petition_json(request, slug):
    petition = get_object_or_404(Petition.objects.visible(), slug=slug)
    return JsonResponse(petition_figures(petition), json_dumps_params={"ensure_ascii": False})
